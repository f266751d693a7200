package dev.phiguard.proxy.auth;

/**
 * A SCRAM message from the client is malformed or asks for something this server does not offer
 * (another mechanism, channel binding, an authorization identity).
 *
 * <p>The message is fixed text written by this package: it never contains the client's bytes, a
 * password, a key or a proof, so it is safe to log and to send back to the client.
 */
public final class ScramException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message a fixed, secret-free description of what is wrong */
    public ScramException(String message) {
        super(message);
    }
}
