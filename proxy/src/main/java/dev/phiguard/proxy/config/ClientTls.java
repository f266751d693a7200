package dev.phiguard.proxy.config;

import io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * TLS towards clients. With a context, the proxy answers SSLRequest with 'S'; without one, with 'N'.
 *
 * @param context  the server-side TLS context, or null when TLS is not offered
 * @param required refuse clients that do not use TLS
 */
public record ClientTls(SslContext context, boolean required) {

    public ClientTls {
        if (required && context == null) {
            throw new IllegalArgumentException("TLS is required for clients but no certificate is configured");
        }
    }

    public static ClientTls disabled() {
        return new ClientTls(null, false);
    }

    public Optional<SslContext> offered() {
        return Optional.ofNullable(context);
    }
}
