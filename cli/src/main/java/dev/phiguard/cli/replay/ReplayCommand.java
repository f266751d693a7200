package dev.phiguard.cli.replay;

import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.access.BrokerOptions;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.proxy.recording.EncryptionKey;
import dev.phiguard.proxy.recording.RecordingException;
import dev.phiguard.proxy.recording.RecordingStatus;
import dev.phiguard.proxy.recording.RecordingVerifier;
import dev.phiguard.proxy.recording.SigningKeys;
import dev.phiguard.proxy.recording.Transcript;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code phiguard replay SESSION}: the transcript of a recorded session, after checking the recording's hash chain
 * and signature. Exit 0 valid, {@value Verdict#TRUNCATED} truncated, 1 corrupt.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what happened in a proxy session: time, statements, parameters as recorded (literals hashed),",
            "result rows as the client saw them (masked), row counts, errors, durations. The recording is",
            "downloaded into a private temporary file (mode 0600, deleted afterwards), its hash chain and",
            "Ed25519 signature are checked, and the verdict is printed on standard error.",
            "The public key is the pinned --public-key FILE, or else the one the broker serves (said so).",
            "Exit codes: 0 valid; " + Verdict.TRUNCATED + " truncated (no signed trailer: the session is still open,"
                    + " or its node died;",
            "every intact chunk is shown); 1 corrupt (the verdict names the byte offset and chunk), or failed."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  phiguard sessions --lease lease-7f3k2m9q4r8t1v5w",
            "  phiguard replay s-3c1f9a2e --public-key recording-signing-key.pub.pem",
            "  phiguard replay s-3c1f9a2e --verify",
            "  phiguard replay s-3c1f9a2e --format json > session.jsonl",
            "  phiguard replay s-3c1f9a2e --follow"
        })
public final class ReplayCommand implements Callable<Integer> {

    /** How often {@code --follow} asks the broker whether the recording has grown. */
    static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    /** What --format offers. */
    public enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "SESSION", description = "The session id (see 'phiguard sessions').")
    String session;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text for people, json for one event per line (SIEM tools) (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--verify", description = "Only check the recording and print the verdict.")
    boolean verifyOnly;

    @Option(names = "--follow", description = "Tail a session that is still open, until it closes (Ctrl-C stops).")
    boolean follow;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "20",
            description = "Rows shown per statement; all are counted (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "The Ed25519 public key PEM to verify with (recording-signing-key.pub.pem of the node),"
                    + " instead of trusting the one the broker serves.")
    Path publicKey;

    @Option(names = "--decryption-key-file", paramLabel = "FILE",
            description = "The 32-byte key of recordings encrypted at rest.")
    Path decryptionKeyFile;

    @Override
    public Integer call() throws IOException {
        if (rows < 0) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--rows must not be negative");
        }
        if (verifyOnly && follow) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--verify and --follow do not go together");
        }
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        EncryptionKey decryption = decryptionKeyFile == null ? null : decryptionKey(decryptionKeyFile);
        try {
            BrokerClient client = broker.client(err);
            PublicKey key = key(client, err);
            try (RecordingDownload download = RecordingDownload.start(client, session)) {
                if (!verifyOnly) {
                    render(download, decryption, out);
                }
                RecordingStatus verdict = RecordingVerifier.verify(download.file(), key, decryption);
                (verifyOnly ? out : err).println((verifyOnly ? "" : "phiguard: ") + "recording of " + session + ": "
                        + verdict.describe());
                out.flush();
                return Verdict.exitCode(verdict);
            }
        } finally {
            if (decryption != null) {
                decryption.destroy();
            }
        }
    }

    private void render(RecordingDownload download, EncryptionKey decryption, PrintWriter out) throws IOException {
        Transcript.Options options = Transcript.Options.defaults().withMaxRows(rows).withDecryptionKey(decryption);
        Transcript.Format transcript = format == Format.json ? Transcript.Format.JSON : Transcript.Format.TEXT;
        if (!follow) {
            renderOrExplain(download.file(), transcript, options, out);
            return;
        }
        ScheduledExecutorService tail = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "phiguard-replay-follow");
            thread.setDaemon(true);
            return thread;
        });
        Thread renderer = Thread.currentThread();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            tail.scheduleWithFixedDelay(() -> {
                try {
                    download.fetchMore();
                } catch (RuntimeException e) {
                    failure.set(e); // the broker went away: stop following rather than wait for ever
                    renderer.interrupt();
                    throw e;
                }
            }, FOLLOW_POLL.toMillis(), FOLLOW_POLL.toMillis(), TimeUnit.MILLISECONDS);
            renderOrExplain(download.file(), transcript, options.following(null), out);
        } catch (InterruptedIOException e) {
            Thread.interrupted();
            if (failure.get() != null) {
                throw failure.get();
            }
            throw e;
        } finally {
            tail.shutdownNow();
        }
        download.fetchMore(); // whatever came after the trailer was seen: nothing, or damage the verifier names
    }

    private static void renderOrExplain(Path file, Transcript.Format format, Transcript.Options options,
                                        PrintWriter out) throws IOException {
        try {
            Transcript.render(file, format, options, out);
            out.flush();
        } catch (RecordingException e) {
            out.flush();
            throw new ExitCodes.UserFacingException(ExitCodes.FAILED, "the recording cannot be read: "
                    + e.getMessage());
        }
    }

    private PublicKey key(BrokerClient client, PrintWriter err) {
        if (publicKey != null) {
            return PublicKeys.fromFile(publicKey);
        }
        PublicKey served = PublicKeys.fromPem(client.recordingPublicKey(), "the key served by " + client.base());
        err.println("phiguard: verifying with the public key served by " + client.base() + " (key id "
                + SigningKeys.keyId(served) + "); pin a copy you trust with --public-key FILE");
        return served;
    }

    private static EncryptionKey decryptionKey(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "cannot read the decryption key file " + file
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return EncryptionKey.of(bytes);
        } catch (IllegalArgumentException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "the decryption key file " + file
                    + " must hold exactly 32 bytes, it holds " + bytes.length);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
