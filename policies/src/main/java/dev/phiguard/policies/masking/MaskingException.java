package dev.phiguard.policies.masking;

/**
 * A value could not be masked as its column's rule requires, so it must not be sent at all: the
 * proxy turns this into an error for the statement (fail closed).
 *
 * <p>The message is fixed text naming the rule and the type; it never contains the value, so it is
 * safe to log and to send to the client.
 */
public final class MaskingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message a fixed, value-free description of what could not be masked */
    public MaskingException(String message) {
        super(message);
    }
}
