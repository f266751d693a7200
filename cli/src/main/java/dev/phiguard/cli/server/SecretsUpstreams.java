package dev.phiguard.cli.server;

import dev.phiguard.broker.secrets.CredentialSource;
import dev.phiguard.broker.secrets.SecretsRegistry;
import dev.phiguard.broker.secrets.TargetSecretsConfig;
import dev.phiguard.cli.server.config.CredentialSources;
import dev.phiguard.cli.server.config.ServerConfig.TargetSection;
import dev.phiguard.cli.server.config.ServerConfig.VaultSection;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Builds a target's {@link SecretsUpstream} from its configuration: one {@link SecretsRegistry} per target (its own
 * Vault login and two threads), so that each binding owns, starts and closes exactly its target's secrets. An
 * {@code ephemeral_role} target's registry also holds its catalog login, under {@code "<target> (catalog login)"}.
 */
final class SecretsUpstreams {

    private SecretsUpstreams() {
    }

    /** @throws NodeStartException naming the target when the source cannot be built */
    static SecretsUpstream build(String name, TargetSection section, VaultSection vault) {
        try {
            CredentialSource source = CredentialSources.of(section.credentials());
            SecretsRegistry.Builder builder = SecretsRegistry.builder()
                    .target(config(name, section, source));
            if (vault != null && CredentialSources.usesVault(section.credentials())) {
                builder.vault(CredentialSources.vault(vault));
            }
            String catalogTarget = name;
            Optional<LeaseTermsBridge> terms = Optional.empty();
            if (section.credentials().ephemeralRole() != null) {
                catalogTarget = name + " (catalog login)";
                builder.target(config(catalogTarget, section,
                        CredentialSources.catalogOf(section.credentials().ephemeralRole())));
                LeaseTermsBridge bridge = new LeaseTermsBridge(name);
                builder.leaseTerms(bridge);
                terms = Optional.of(bridge);
            }
            SecureRandom random = new SecureRandom();
            return new SecretsUpstream(name, builder.random(random).build(), catalogTarget, terms, random);
        } catch (IllegalArgumentException e) {
            throw new NodeStartException("target '" + name + "': " + e.getMessage(), e);
        }
    }

    private static TargetSecretsConfig config(String name, TargetSection section, CredentialSource source) {
        return new TargetSecretsConfig(name, section.host(), section.port(), section.database(), source);
    }
}
