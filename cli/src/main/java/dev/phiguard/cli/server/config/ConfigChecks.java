package dev.phiguard.cli.server.config;

import dev.phiguard.cli.server.config.ServerConfig.CredentialsSection;
import dev.phiguard.cli.server.config.ServerConfig.TargetSection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** The checks of a configuration that span several keys; the first problem, in words. */
final class ConfigChecks {

    private static final Set<String> TARGET_TLS = Set.of("disable", "verify-full");
    private static final Set<String> LITERALS = Set.of("hash", "keep");

    private ConfigChecks() {
    }

    static Optional<String> check(ServerConfig c) {
        if (c.targets().isEmpty()) {
            return Optional.of("targets: configure at least one database target");
        }
        if (c.policies() == null) {
            return Optional.of("policies: name the folder of purpose policies (*.yaml)");
        }
        if (c.issuers().isEmpty() && !c.developmentIssuer()) {
            return Optional.of("issuers: trust at least one token issuer, or set development_issuer: true");
        }
        for (Map.Entry<String, TargetSection> e : c.targets().entrySet()) {
            TargetSection t = e.getValue();
            if (!TARGET_TLS.contains(t.tls())) {
                return Optional.of("targets." + e.getKey() + ".tls: '" + t.tls() + "' is not one of " + TARGET_TLS);
            }
            if (t.tls().equals("verify-full") && t.caFile() == null) {
                return Optional.of("targets." + e.getKey() + ".ca_file: verify-full needs the CA certificate that"
                        + " signed the server's certificate (or tls: disable on a trusted network)");
            }
            if (t.port() < 1 || t.port() > 65535) {
                return Optional.of("targets." + e.getKey() + ".port: must be 1..65535");
            }
            if (sources(t.credentials()) != 1) {
                return Optional.of("targets." + e.getKey() + ".credentials: give exactly one source (env or file)");
            }
        }
        if (!LITERALS.contains(c.recordings().literals())) {
            return Optional.of("recordings.literals: '" + c.recordings().literals() + "' is not one of " + LITERALS);
        }
        return Optional.empty();
    }

    private static long sources(CredentialsSection c) {
        return Stream.of(c.env(), c.file()).filter(s -> s != null).count();
    }
}
