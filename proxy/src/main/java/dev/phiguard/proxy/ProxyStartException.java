package dev.phiguard.proxy;

/** The proxy could not start (address in use, bad configuration). The message says what to change. */
public final class ProxyStartException extends RuntimeException {
    public ProxyStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
