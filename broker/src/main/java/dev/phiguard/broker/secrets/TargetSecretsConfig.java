package dev.phiguard.broker.secrets;

import java.util.Objects;

/**
 * One target as the secrets need it: its name, where its PostgreSQL server is (for the administrative connection of
 * {@link CredentialSource.EphemeralRole}), and where its login comes from.
 *
 * @param name     the target's configured name
 * @param host     the server's host
 * @param port     the server's port, 1–65535
 * @param database the database the proxy connects to
 * @param source   where the login comes from
 */
public record TargetSecretsConfig(String name, String host, int port, String database, CredentialSource source) {
    public TargetSecretsConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("target name must not be empty");
        }
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("target '" + name + "': port must be in 1..65535, was " + port);
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(source, "source");
    }
}
