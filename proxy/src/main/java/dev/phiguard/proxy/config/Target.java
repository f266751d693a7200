package dev.phiguard.proxy.config;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * A PostgreSQL server that leases can reach through the proxy.
 *
 * @param name     the name policies and leases use
 * @param host     host name or address of the server
 * @param port     its port
 * @param database the database every session of this target uses
 * @param tls      how the proxy protects its connection to the server
 */
public record Target(String name, String host, int port, String database, UpstreamTls tls) {

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tls, "tls");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("target '" + name + "': port must be 1..65535, was " + port);
        }
    }

    /** TLS towards the server. */
    public sealed interface UpstreamTls {
        /** Plain TCP; acceptable on loopback or a trusted network only. */
        record Disabled() implements UpstreamTls {}

        /**
         * TLS with the server's certificate checked against a trusted root and its name checked against
         * {@link Target#host()} (libpq's {@code sslmode=verify-full}).
         */
        record VerifyFull(SslContext context) implements UpstreamTls {
            public VerifyFull {
                Objects.requireNonNull(context, "context");
            }
        }

        UpstreamTls DISABLED = new Disabled();
    }
}
