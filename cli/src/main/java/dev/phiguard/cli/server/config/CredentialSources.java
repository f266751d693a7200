package dev.phiguard.cli.server.config;

import dev.phiguard.broker.secrets.CredentialSource;
import dev.phiguard.broker.secrets.VaultSettings;
import dev.phiguard.cli.DurationConverter;
import dev.phiguard.cli.server.config.ServerConfig.CredentialsSection;
import dev.phiguard.cli.server.config.ServerConfig.StandingCredentials;
import dev.phiguard.cli.server.config.ServerConfig.VaultKvCredentials;
import dev.phiguard.cli.server.config.ServerConfig.VaultSection;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns the {@code credentials:} and {@code vault:} sections of the configuration into the broker's
 * {@link CredentialSource} and {@link VaultSettings}. The broker's records validate their values (Vault paths, role
 * names, prefixes); their {@link IllegalArgumentException}s name the key and are reported by
 * {@link ServerConfigLoader} at the key's line.
 */
public final class CredentialSources {

    /** The names of the sources a target may use, in the order the documentation lists them. */
    public static final String SOURCES = "vault_kv, vault_database, ephemeral_role, env or file";

    private CredentialSources() {
    }

    /** Whether the target's login comes from a development source that the node reads itself (env or file). */
    public static boolean isDevelopment(CredentialsSection c) {
        return c.env() != null || c.file() != null;
    }

    /**
     * A Vault or per-lease-role source as the broker's secrets build it.
     *
     * @throws IllegalArgumentException naming the key when a value is not valid
     */
    public static CredentialSource of(CredentialsSection c) {
        if (c.vaultKv() != null) {
            return kv(c.vaultKv());
        }
        if (c.vaultDatabase() != null) {
            return new CredentialSource.VaultDatabase(c.vaultDatabase().mount(), c.vaultDatabase().role());
        }
        if (c.ephemeralRole() != null) {
            var e = c.ephemeralRole();
            return new CredentialSource.EphemeralRole(standing(e.admin(), "ephemeral_role.admin"), e.readRole(),
                    e.readRoles(), e.rolePrefix());
        }
        if (c.env() != null) {
            return new CredentialSource.Environment(c.env().user(), c.env().password());
        }
        return new CredentialSource.File(c.file().user(), c.file().passwordFile());
    }

    /** The login the node reads an {@code ephemeral_role} target's catalog with: {@code catalog}, else {@code admin}. */
    public static CredentialSource catalogOf(ServerConfig.EphemeralRoleCredentials e) {
        return e.catalog() != null ? standing(e.catalog(), "ephemeral_role.catalog")
                : standing(e.admin(), "ephemeral_role.admin");
    }

    /** Whether the source reads from Vault (itself or through its administrative or catalog login). */
    public static boolean usesVault(CredentialsSection c) {
        return c.vaultKv() != null || c.vaultDatabase() != null || c.ephemeralRole() != null
                && (c.ephemeralRole().admin().vaultKv() != null
                || c.ephemeralRole().catalog() != null && c.ephemeralRole().catalog().vaultKv() != null);
    }

    /**
     * Vault's settings.
     *
     * @throws IllegalArgumentException naming the key when a value is not valid
     */
    public static VaultSettings vault(VaultSection v) {
        URI address;
        try {
            address = new URI(v.address().strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("vault.address must be an http or https URL, was '" + v.address() + "'");
        }
        VaultSettings.Auth auth = v.auth().tokenFile() != null ? new VaultSettings.TokenFile(v.auth().tokenFile())
                : new VaultSettings.AppRole(v.auth().approle().mount(), v.auth().approle().roleIdFile(),
                v.auth().approle().secretIdFile());
        return new VaultSettings(address, auth, duration("vault.request_timeout", v.requestTimeout()),
                Optional.ofNullable(v.namespace()), Optional.ofNullable(v.caFile()));
    }

    private static CredentialSource standing(StandingCredentials s, String key) {
        if (s.vaultKv() != null) {
            return kv(s.vaultKv());
        }
        if (s.env() != null) {
            return new CredentialSource.Environment(s.env().user(), s.env().password());
        }
        if (s.file() != null) {
            return new CredentialSource.File(s.file().user(), s.file().passwordFile());
        }
        throw new IllegalArgumentException(key + ": give exactly one of env, file or vault_kv");
    }

    private static CredentialSource.VaultKv kv(VaultKvCredentials kv) {
        return new CredentialSource.VaultKv(kv.mount(), kv.path(), kv.usernameField(), kv.passwordField(),
                duration("vault_kv.refresh_after", kv.refreshAfter()));
    }

    private static Duration duration(String key, String text) {
        try {
            return new DurationConverter().convert(text);
        } catch (TypeConversionException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }
}
