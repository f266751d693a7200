package dev.phiguard.cli.client;

import java.net.URI;

/** No answer from the broker: connection refused, unknown host, or a timeout (exit code 6). */
public final class BrokerUnreachableException extends RuntimeException {
    public BrokerUnreachableException(URI broker, String why, Throwable cause) {
        super("cannot reach the broker at " + broker + ": " + why, cause);
    }
}
