package dev.phiguard.cli.server;

/** A node cannot start; the message says what to change (it never holds a secret). */
public final class NodeStartException extends RuntimeException {
    public NodeStartException(String message) {
        super(message);
    }

    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
