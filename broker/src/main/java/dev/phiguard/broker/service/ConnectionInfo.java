package dev.phiguard.broker.service;

import java.util.Objects;

/**
 * Where a client connects with a lease's credential: the proxy's address for the lease's target, as the credential
 * answer tells it.
 *
 * @param host     the proxy's host name as clients reach it
 * @param port     the proxy's port
 * @param database the database name to ask for
 * @param sslmode  the libpq {@code sslmode} clients should use ({@code disable}, {@code require}, {@code verify-full},
 *                 ...)
 */
public record ConnectionInfo(String host, int port, String database, String sslmode) {

    public ConnectionInfo {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(sslmode, "sslmode");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }
}
