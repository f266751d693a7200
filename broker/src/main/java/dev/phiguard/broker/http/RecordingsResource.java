package dev.phiguard.broker.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/sessions/{id}/recording}: a session's recording file as it is on disk (signed, possibly encrypted,
 * possibly still growing), streamed; {@code ?offset=N} starts at byte N so that a client can tail a recording that
 * is still being written. {@code GET /v1/recordings/public-key}: the key that verifies recordings. Auditors only.
 */
final class RecordingsResource {

    /** Session ids as the proxy makes them; anything else (a path, a dot file) is refused before a file is sought. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    private final Optional<RecordingFiles> recordings;
    private final AuditorGate gate;

    RecordingsResource(Auditing auditing) {
        this.recordings = auditing.recordings();
        this.gate = new AuditorGate(auditing.auditorGroups());
    }

    void register(Router router) {
        router.add("GET", "/v1/sessions/{id}/recording", true, this::recording);
        router.add("GET", "/v1/recordings/public-key", true, this::publicKey);
    }

    private Reply recording(Call call) throws IOException {
        gate.check(call.identity());
        call.allowQuery(Set.of("offset"));
        String sessionId = call.path(0);
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw ApiException.badRequest("\"" + Call.printable(sessionId) + "\" is not a session id");
        }
        long offset = call.query("offset").map(RecordingsResource::offset).orElse(0L);
        Path file = AuditorGate.require(recordings, "recordings").find(sessionId)
                .orElseThrow(() -> notFound(sessionId));
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw notFound(sessionId);
        }
        try {
            channel.position(Math.min(offset, channel.size()));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new Reply.Stream(200, "application/octet-stream", out -> {
            try (InputStream in = Channels.newInputStream(channel)) {
                in.transferTo(out);
                out.flush();
            }
        });
    }

    private Reply publicKey(Call call) {
        gate.check(call.identity());
        call.allowQuery(Set.of());
        return new Reply.Text(200, "application/x-pem-file; charset=us-ascii",
                AuditorGate.require(recordings, "recordings").publicKeyPem());
    }

    private static ApiException notFound(String sessionId) {
        return new ApiException(404, "not_found", "no recording of session " + Call.printable(sessionId)
                + " on this node");
    }

    private static long offset(String text) {
        try {
            long offset = Long.parseLong(text);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("offset must be a byte offset (0 or more)");
    }
}
