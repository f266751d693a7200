package dev.phiguard.cli.server.config;

import dev.phiguard.cli.server.config.ServerConfig.CredentialsSection;
import dev.phiguard.cli.server.config.ServerConfig.StandingCredentials;
import dev.phiguard.cli.server.config.ServerConfig.TargetSection;
import dev.phiguard.cli.server.config.ServerConfig.VaultSection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The checks of a configuration that span several keys; the first problem, at the key it is about. */
final class ConfigChecks {

    private static final Set<String> TARGET_TLS = Set.of("disable", "verify-full");
    private static final Set<String> LITERALS = Set.of("hash", "keep");

    /**
     * One problem.
     *
     * @param key     the path of the key it is about (field names), for finding its line
     * @param message what is wrong and what would be valid, starting with the key's dotted name
     */
    record Problem(List<String> key, String message) {
        Problem {
            key = List.copyOf(key);
            Objects.requireNonNull(message, "message");
        }

        static Problem at(String message, String... key) {
            return new Problem(List.of(key), message);
        }
    }

    /** The longest {@code recordings.flush_interval}: what a crash may lose of a recording. */
    static final java.time.Duration MAX_FLUSH_INTERVAL = java.time.Duration.ofSeconds(1);
    /** The longest {@code audit.statement_window}: what a crash may lose of the statement events. */
    static final java.time.Duration MAX_STATEMENT_WINDOW = java.time.Duration.ofSeconds(60);

    private ConfigChecks() {
    }

    static Optional<Problem> check(ServerConfig c) {
        if (c.targets().isEmpty()) {
            return Optional.of(Problem.at("targets: configure at least one database target", "targets"));
        }
        if (c.policies() == null) {
            return Optional.of(Problem.at("policies: name the folder of purpose policies (*.yaml)", "policies"));
        }
        if (c.issuers().isEmpty() && !c.developmentIssuer()) {
            return Optional.of(Problem.at("issuers: trust at least one token issuer, or set development_issuer: true",
                    "issuers"));
        }
        for (Map.Entry<String, TargetSection> e : c.targets().entrySet()) {
            Optional<Problem> problem = target(e.getKey(), e.getValue(), c.vault());
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (c.vault() != null) {
            Optional<Problem> problem = vault(c.vault());
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!LITERALS.contains(c.recordings().literals())) {
            return Optional.of(Problem.at("recordings.literals: '" + c.recordings().literals() + "' is not one of "
                    + LITERALS, "recordings", "literals"));
        }
        Optional<String> flush = ShortDuration.problem("recordings.flush_interval", c.recordings().flushInterval(),
                MAX_FLUSH_INTERVAL);
        if (flush.isPresent()) {
            return Optional.of(Problem.at(flush.get(), "recordings", "flush_interval"));
        }
        Optional<String> window = ShortDuration.problem("audit.statement_window", c.audit().statementWindow(),
                MAX_STATEMENT_WINDOW);
        if (window.isPresent()) {
            return Optional.of(Problem.at(window.get(), "audit", "statement_window"));
        }
        return Optional.empty();
    }

    private static Optional<Problem> target(String name, TargetSection t, VaultSection vault) {
        String at = "targets." + name;
        if (!TARGET_TLS.contains(t.tls())) {
            return Optional.of(Problem.at(at + ".tls: '" + t.tls() + "' is not one of " + TARGET_TLS,
                    "targets", name, "tls"));
        }
        if (t.tls().equals("verify-full") && t.caFile() == null) {
            return Optional.of(Problem.at(at + ".ca_file: verify-full needs the CA certificate that signed the"
                    + " server's certificate (or tls: disable on a trusted network)", "targets", name, "tls"));
        }
        if (t.port() < 1 || t.port() > 65535) {
            return Optional.of(Problem.at(at + ".port: must be 1..65535", "targets", name, "port"));
        }
        CredentialsSection credentials = t.credentials();
        long sources = Stream.of(credentials.env(), credentials.file(), credentials.vaultKv(),
                credentials.vaultDatabase(), credentials.ephemeralRole()).filter(Objects::nonNull).count();
        if (sources != 1) {
            return Optional.of(Problem.at(at + ".credentials: give exactly one source (" + CredentialSources.SOURCES
                    + "), not " + sources, "targets", name, "credentials"));
        }
        if (credentials.ephemeralRole() != null) {
            Optional<Problem> problem = standing(at + ".credentials.ephemeral_role.admin",
                    credentials.ephemeralRole().admin(), "targets", name, "credentials", "ephemeral_role", "admin");
            if (problem.isEmpty() && credentials.ephemeralRole().catalog() != null) {
                problem = standing(at + ".credentials.ephemeral_role.catalog", credentials.ephemeralRole().catalog(),
                        "targets", name, "credentials", "ephemeral_role", "catalog");
            }
            if (problem.isPresent()) {
                return problem;
            }
        }
        if (!CredentialSources.isDevelopment(credentials)) {
            try {
                CredentialSources.of(credentials);
            } catch (IllegalArgumentException e) {
                return Optional.of(Problem.at(at + ".credentials." + e.getMessage(), "targets", name, "credentials",
                        sourceKey(credentials)));
            }
        }
        if (CredentialSources.usesVault(credentials) && vault == null) {
            return Optional.of(Problem.at(at + ".credentials: " + sourceKey(credentials) + " reads from Vault, but"
                    + " there is no top-level vault: section (address and auth)", "targets", name, "credentials"));
        }
        return Optional.empty();
    }

    private static Optional<Problem> standing(String at, StandingCredentials s, String... key) {
        long count = Stream.of(s.env(), s.file(), s.vaultKv()).filter(Objects::nonNull).count();
        if (count != 1) {
            return Optional.of(Problem.at(at + ": give exactly one standing login (vault_kv, env or file), not "
                    + count, key));
        }
        return Optional.empty();
    }

    private static Optional<Problem> vault(VaultSection v) {
        boolean token = v.auth().tokenFile() != null;
        boolean approle = v.auth().approle() != null;
        if (token == approle) {
            return Optional.of(Problem.at("vault.auth: give exactly one of token_file or approle", "vault", "auth"));
        }
        try {
            CredentialSources.vault(v);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String key = message.startsWith("vault.namespace") ? "namespace"
                    : message.startsWith("vault.request_timeout") ? "request_timeout"
                    : message.startsWith("vault.auth") ? "auth" : "address";
            return Optional.of(Problem.at(message, "vault", key));
        }
        return Optional.empty();
    }

    private static String sourceKey(CredentialsSection c) {
        return c.vaultKv() != null ? "vault_kv" : c.vaultDatabase() != null ? "vault_database"
                : c.ephemeralRole() != null ? "ephemeral_role" : c.env() != null ? "env" : "file";
    }
}
