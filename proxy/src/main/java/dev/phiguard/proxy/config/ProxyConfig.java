package dev.phiguard.proxy.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the proxy listener needs, validated once.
 *
 * @param listen                where clients connect
 * @param clientTls             TLS towards clients
 * @param targets               the servers leases may reach, by name
 * @param maxClientMessageSize  largest message accepted from a client, in bytes (checked before allocating)
 * @param maxServerMessageSize  largest message accepted from a server, in bytes
 * @param authenticationTimeout how long a client may take from connecting to being authenticated
 * @param upstreamConnectTimeout how long connecting and logging in to the server may take
 */
public record ProxyConfig(
        InetSocketAddress listen,
        ClientTls clientTls,
        Map<String, Target> targets,
        int maxClientMessageSize,
        int maxServerMessageSize,
        Duration authenticationTimeout,
        Duration upstreamConnectTimeout) {

    /** 64 MiB: room for large COPY chunks and bytea parameters, far below what could exhaust the heap. */
    public static final int DEFAULT_MAX_CLIENT_MESSAGE_SIZE = 64 << 20;
    /** PostgreSQL's own limit for a single field is 1 GiB. */
    public static final int DEFAULT_MAX_SERVER_MESSAGE_SIZE = (1 << 30) - 1;

    public ProxyConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(clientTls, "clientTls");
        targets = Map.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target must be configured");
        }
        targets.forEach((name, target) -> {
            if (!name.equals(target.name())) {
                throw new IllegalArgumentException("target '" + target.name() + "' is registered as '" + name + "'");
            }
        });
        if (maxClientMessageSize < 1024) {
            throw new IllegalArgumentException("maxClientMessageSize must be at least 1024 bytes");
        }
        if (maxServerMessageSize < 1024) {
            throw new IllegalArgumentException("maxServerMessageSize must be at least 1024 bytes");
        }
        requirePositive(authenticationTimeout, "authenticationTimeout");
        requirePositive(upstreamConnectTimeout, "upstreamConnectTimeout");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** A configuration with defaults for everything but the address and the targets. */
    public static ProxyConfig of(InetSocketAddress listen, ClientTls tls, Map<String, Target> targets) {
        return new ProxyConfig(listen, tls, targets, DEFAULT_MAX_CLIENT_MESSAGE_SIZE, DEFAULT_MAX_SERVER_MESSAGE_SIZE,
                Duration.ofSeconds(60), Duration.ofSeconds(10));
    }

    public ProxyConfig withLimits(int maxClientMessageSize, int maxServerMessageSize) {
        return new ProxyConfig(listen, clientTls, targets, maxClientMessageSize, maxServerMessageSize,
                authenticationTimeout, upstreamConnectTimeout);
    }

    public ProxyConfig withTimeouts(Duration authenticationTimeout, Duration upstreamConnectTimeout) {
        return new ProxyConfig(listen, clientTls, targets, maxClientMessageSize, maxServerMessageSize,
                authenticationTimeout, upstreamConnectTimeout);
    }
}
