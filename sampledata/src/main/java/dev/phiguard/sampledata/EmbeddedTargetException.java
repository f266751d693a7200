package dev.phiguard.sampledata;

/**
 * An {@link EmbeddedTarget} could not be started, configured or stopped. Messages name the port, directory or
 * setting concerned and never contain a password.
 */
public class EmbeddedTargetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what it concerned */
    public EmbeddedTargetException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what it concerned
     * @param cause   the underlying failure
     */
    public EmbeddedTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
