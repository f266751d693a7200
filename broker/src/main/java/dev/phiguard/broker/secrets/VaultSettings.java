package dev.phiguard.broker.secrets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How phiguard reaches Vault ({@code vault:} in the server configuration).
 *
 * @param address        Vault's address, e.g. {@code https://vault.example:8200}
 * @param auth           how phiguard logs in
 * @param requestTimeout the connect and read timeout of one request
 * @param namespace      the Vault Enterprise namespace sent with every request ({@code X-Vault-Namespace}), or empty
 * @param caFile         a PEM file of the CA that signed Vault's certificate, or empty for the JVM's trust store
 */
public record VaultSettings(URI address, Auth auth, Duration requestTimeout, Optional<String> namespace,
                            Optional<Path> caFile) {

    /** The default request timeout: ten seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public VaultSettings {
        Objects.requireNonNull(address, "address");
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
            throw new IllegalArgumentException("vault.address must be an http or https URL, was '" + address + "'");
        }
        if (address.getHost() == null || address.getUserInfo() != null || address.getQuery() != null) {
            throw new IllegalArgumentException("vault.address must be scheme://host[:port] without user or query");
        }
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("vault.request_timeout must be at least 1s, was " + requestTimeout);
        }
        Objects.requireNonNull(namespace, "namespace");
        namespace.ifPresent(ns -> {
            if (!ns.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/?")) {
                throw new IllegalArgumentException("vault.namespace must be a path like 'team' or 'org/team', was '"
                        + ns + "'");
            }
        });
        Objects.requireNonNull(caFile, "caFile");
    }

    /** Settings without a namespace, trusting the JVM's CAs. */
    public VaultSettings(URI address, Auth auth, Duration requestTimeout) {
        this(address, auth, requestTimeout, Optional.empty(), Optional.empty());
    }

    /** The address as the driver wants it: no trailing slash. */
    String baseAddress() {
        String text = address.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** How phiguard authenticates to Vault. Secrets are read from files (mode 0600), never from the configuration. */
    public sealed interface Auth {
    }

    /**
     * A Vault token read from a file. If the token is renewable it is renewed before it expires.
     *
     * @param tokenFile the file holding the token
     */
    public record TokenFile(Path tokenFile) implements Auth {
        public TokenFile {
            Objects.requireNonNull(tokenFile, "tokenFile");
        }
    }

    /**
     * AppRole login ({@code POST /v1/auth/<mount>/login}); the token it yields is renewed before it expires, and a
     * new login is made when renewal is refused.
     *
     * @param mount        the AppRole auth mount, usually {@code approle}
     * @param roleIdFile   the file holding the role_id
     * @param secretIdFile the file holding the secret_id
     */
    public record AppRole(String mount, Path roleIdFile, Path secretIdFile) implements Auth {
        public AppRole {
            Objects.requireNonNull(mount, "mount");
            if (!mount.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")) {
                throw new IllegalArgumentException("vault.auth.approle.mount must be a path like 'approle', was '"
                        + mount + "'");
            }
            Objects.requireNonNull(roleIdFile, "roleIdFile");
            Objects.requireNonNull(secretIdFile, "secretIdFile");
        }
    }
}
