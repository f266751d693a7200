package dev.phiguard.proxy.recording;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What a recording is of, written once at its start: format version, session, lease, purpose, target, client,
 * when it opened, which key signs it, what was done to constants, whether chunks are encrypted.
 *
 * @param version       the format version ({@value RecordingFormat#VERSION})
 * @param sessionId     the proxy's session id (also the file name)
 * @param leaseId       the lease the session authenticated with
 * @param purpose       the lease's purpose
 * @param target        the configured target's name
 * @param clientAddress the client's address as text
 * @param applicationName the client's application_name, or empty
 * @param tls           whether the client connection was encrypted
 * @param openedAt      wall-clock time of the first frame's zero
 * @param signingKeyId  the id of the Ed25519 key that signs the trailer ({@link SigningKeys#keyId})
 * @param literals      what was done to constants in statements and Bind parameters
 * @param encrypted     whether chunk payloads are AES-256-GCM encrypted
 */
public record RecordingHeader(int version, String sessionId, String leaseId, String purpose, String target,
                              String clientAddress, String applicationName, boolean tls, Instant openedAt,
                              String signingKeyId, LiteralPolicy literals, boolean encrypted) {

    public RecordingHeader {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(signingKeyId, "signingKeyId");
        Objects.requireNonNull(literals, "literals");
    }

    byte[] encode() {
        String[] strings = strings();
        int n = 2 + 1 + 1;
        for (String s : strings) {
            n += RecordingFormat.stringBytes(s);
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        out.putShort((short) version);
        for (String s : strings) {
            RecordingFormat.putString(out, s);
        }
        out.put((byte) (tls ? 1 : 0)).put((byte) (encrypted ? 1 : 0));
        return out.array();
    }

    private String[] strings() {
        return new String[] {sessionId, leaseId, purpose, target, clientAddress, applicationName,
            openedAt.toString(), signingKeyId, literals.name()};
    }

    /** @throws RecordingException if the bytes are not a header this code understands */
    static RecordingHeader decode(byte[] body) throws RecordingException {
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            int version = Short.toUnsignedInt(in.getShort());
            if (version != RecordingFormat.VERSION) {
                throw new RecordingException("unsupported recording format version " + version);
            }
            String[] s = new String[9];
            for (int i = 0; i < s.length; i++) {
                s[i] = RecordingFormat.getString(in);
            }
            boolean tls = flag(in.get());
            boolean encrypted = flag(in.get());
            if (in.hasRemaining()) {
                throw new RecordingException("the header has " + in.remaining() + " unexpected trailing bytes");
            }
            return new RecordingHeader(version, s[0], s[1], s[2], s[3], s[4], s[5], tls, Instant.parse(s[6]), s[7],
                    LiteralPolicy.valueOf(s[8]), encrypted);
        } catch (BufferUnderflowException e) {
            throw new RecordingException("the header ends early");
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new RecordingException("the header holds an invalid field");
        }
    }

    private static boolean flag(byte b) throws RecordingException {
        if (b != 0 && b != 1) {
            throw new RecordingException("the header holds an invalid flag");
        }
        return b == 1;
    }
}
