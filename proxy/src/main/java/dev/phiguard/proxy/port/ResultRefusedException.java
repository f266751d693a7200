package dev.phiguard.proxy.port;

import java.util.Objects;

/**
 * Thrown by a row plan to stop a result for a reason the client should read (a row limit, say): the proxy
 * ends the session with this SQLSTATE and message. The message must not contain protected values.
 */
public final class ResultRefusedException extends RuntimeException {
    private final String sqlState;

    public ResultRefusedException(String sqlState, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.sqlState = Objects.requireNonNull(sqlState, "sqlState");
    }

    public String sqlState() {
        return sqlState;
    }
}
