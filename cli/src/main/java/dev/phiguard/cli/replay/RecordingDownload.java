package dev.phiguard.cli.replay;

import dev.phiguard.cli.client.BrokerClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A session's recording copied from the broker into a private temporary file (mode 0600 from its creation, deleted
 * by {@link #close()}, and at exit if the process is interrupted). {@link #fetchMore()} appends what the recording
 * has grown by since the last call ({@code GET /v1/sessions/{id}/recording?offset=N}), which is how a recording that
 * is still being written is tailed.
 */
final class RecordingDownload implements AutoCloseable {

    private final BrokerClient client;
    private final String sessionId;
    private final Path file;
    private final OutputStream out;
    private long size;

    private RecordingDownload(BrokerClient client, String sessionId, Path file, OutputStream out) {
        this.client = client;
        this.sessionId = sessionId;
        this.file = file;
        this.out = out;
    }

    /** Creates the private file and downloads what the recording holds now. */
    static RecordingDownload start(BrokerClient client, String sessionId) throws IOException {
        Path file = Files.createTempFile("phiguard-replay-", ".phirec",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        OutputStream out;
        try {
            out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        RecordingDownload download = new RecordingDownload(client, sessionId, file, out);
        try {
            download.fetchMore();
        } catch (RuntimeException e) {
            download.close();
            throw e;
        }
        return download;
    }

    /** Appends the bytes the recording has gained since the last fetch; returns how many. */
    synchronized long fetchMore() {
        long added = client.downloadRecording(sessionId, size, out);
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the downloaded recording", e);
        }
        size += added;
        return added;
    }

    Path file() {
        return file;
    }

    synchronized long size() {
        return size;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // deleting it below is what matters
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the downloaded recording " + file, e);
        }
    }
}
