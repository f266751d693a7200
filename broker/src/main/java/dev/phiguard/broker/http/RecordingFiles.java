package dev.phiguard.broker.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the API finds session recordings and the key that signs them: a port, so that the broker needs nothing of
 * the proxy. The node implements it over the proxy's recording directory and signing keys
 * ({@code RecordingWriter.fileFor(dir, sessionId)}, {@code SigningKeys.publicKeyPem()}).
 */
public interface RecordingFiles {

    /**
     * The recording file of a session, if there is one on this node. The id has been checked by the API: letters,
     * digits, {@code . _ : -}, not starting with a dot, at most 200 characters.
     */
    Optional<Path> find(String sessionId);

    /** The Ed25519 public key that verifies recordings, as PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    String publicKeyPem();
}
