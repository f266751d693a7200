package dev.phiguard.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.secrets.CredentialSource;
import dev.phiguard.broker.secrets.VaultSettings;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            listen: 0.0.0.0:8420
            node: node-a
            data_dir: state
            proxy:
              listen: 0.0.0.0:6432
              public_address: gateway.internal:6432
            development_issuer: true
            policies: policies
            targets:
              clinic:
                host: db.internal
                database: clinic
                tls: disable
                credentials:
                  file: {user: phiguard_app, password_file: secrets/clinic}
            """;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("server.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsAValidFileAndResolvesRelativePathsAgainstItsFolder() throws IOException {
        ServerConfig config = new ServerConfigLoader().load(write(VALID));

        assertThat(config.listen()).isEqualTo("0.0.0.0:8420");
        assertThat(config.dataDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.policies()).isEqualTo(dir.resolve("policies"));
        assertThat(config.proxy().advertisedAddress()).isEqualTo("gateway.internal:6432");
        assertThat(config.targets().get("clinic").port()).isEqualTo(5432);
        assertThat(config.targets().get("clinic").credentials().file().passwordFile())
                .isEqualTo(dir.resolve("secrets/clinic"));
        assertThat(config.store().shared()).isEmpty();
    }

    @Test
    void anUnknownKeyIsNamedWithItsLineAndTheKnownKeys() throws IOException {
        Path file = write(VALID.replace("node: node-a", "nodes: node-a"));

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("server.yaml:2:")
                .hasMessageContaining("unknown key 'nodes'")
                .hasMessageContaining("node");
    }

    @Test
    void aMissingRequiredKeyIsNamed() throws IOException {
        Path file = write(VALID.replace("    database: clinic\n", ""));

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets.clinic")
                .hasMessageContaining("database is required");
    }

    @Test
    void twoCredentialSourcesAreRefused() throws IOException {
        Path file = write(VALID.replace("      file: {user: phiguard_app, password_file: secrets/clinic}",
                "      file: {user: phiguard_app, password_file: secrets/clinic}\n"
                        + "      env: {user: U, password: P}"));

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("targets.clinic.credentials: give exactly one source");
    }

    @Test
    void verifyFullWithoutACaFileIsRefused() throws IOException {
        Path file = write(VALID.replace("tls: disable", "tls: verify-full"));

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .hasMessageContaining("targets.clinic.ca_file");
    }

    @Test
    void noIssuerAndNoDevelopmentIssuerIsRefused() throws IOException {
        Path file = write(VALID.replace("development_issuer: true", "development_issuer: false"));

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .hasMessageContaining("issuers: trust at least one token issuer");
    }

    @Test
    void theAuditWindowAndTheRecordingFlushIntervalHaveDefaultsAndTakeShortDurations() throws IOException {
        ServerConfig defaults = new ServerConfigLoader().load(write(VALID));
        assertThat(defaults.audit().statementWindowDuration()).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(defaults.recordings().flushIntervalDuration()).isEqualTo(java.time.Duration.ofMillis(10));

        ServerConfig set = new ServerConfigLoader().load(write(VALID
                + "audit:\n  statement_window: 0\nrecordings:\n  flush_interval: 250ms\n"));
        assertThat(set.audit().statementWindowDuration()).isZero();
        assertThat(set.recordings().flushIntervalDuration()).isEqualTo(java.time.Duration.ofMillis(250));
    }

    @Test
    void aBadAuditWindowOrFlushIntervalIsNamedWithItsLine() throws IOException {
        Path badWindow = write(VALID + "audit:\n  statement_window: soon\n");
        assertThatThrownBy(() -> new ServerConfigLoader().load(badWindow))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("audit.statement_window: 'soon' is not a duration");
        Path tooLong = write(VALID + "recordings:\n  flush_interval: 5s\n");
        assertThatThrownBy(() -> new ServerConfigLoader().load(tooLong))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("recordings.flush_interval: '5s' is longer than the most allowed, 1000ms");
        Path negative = write(VALID + "audit:\n  statement_window: PT-1S\n");
        assertThatThrownBy(() -> new ServerConfigLoader().load(negative))
                .hasMessageContaining("audit.statement_window");
    }

    @Test
    void brokenYamlIsAClearError() throws IOException {
        Path file = write("listen: [unclosed\n");

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> new ServerConfigLoader().load(dir.resolve("nope.yaml")))
                .hasMessageContaining("nope.yaml: no such file");
    }

    private static final String CLINIC_FILE = "      file: {user: phiguard_app, password_file: secrets/clinic}";

    private int files;

    /** A configuration with these credentials for target clinic, in a file of its own ({@code server-N.yaml}). */
    private Path withCredentials(String credentials, String vault) throws IOException {
        Path file = dir.resolve("server-" + ++files + ".yaml");
        Files.writeString(file, VALID.replace(CLINIC_FILE, credentials) + vault);
        return file;
    }

    private static final String VAULT_TOKEN = """
            vault:
              address: https://vault.internal:8200
              namespace: team-a
              ca_file: vault-ca.pem
              auth:
                token_file: secrets/vault-token
            """;

    @Test
    void vaultKvIsReadWithItsDefaults() throws IOException {
        ServerConfig config = new ServerConfigLoader().load(withCredentials(
                "      vault_kv: {path: phiguard/clinic}", VAULT_TOKEN));

        ServerConfig.VaultKvCredentials kv = config.targets().get("clinic").credentials().vaultKv();
        assertThat(kv.mount()).isEqualTo("secret");
        assertThat(kv.usernameField()).isEqualTo("username");
        assertThat(kv.passwordField()).isEqualTo("password");
        assertThat(CredentialSources.of(config.targets().get("clinic").credentials()))
                .isEqualTo(new CredentialSource.VaultKv("secret", "phiguard/clinic", "username", "password",
                        Duration.ofMinutes(5)));
        VaultSettings vault = CredentialSources.vault(config.vault());
        assertThat(vault.address()).hasToString("https://vault.internal:8200");
        assertThat(vault.namespace()).contains("team-a");
        assertThat(vault.caFile()).contains(dir.resolve("vault-ca.pem"));
        assertThat(vault.auth()).isEqualTo(new VaultSettings.TokenFile(dir.resolve("secrets/vault-token")));
        assertThat(vault.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void vaultDatabaseWithAppRole() throws IOException {
        ServerConfig config = new ServerConfigLoader().load(withCredentials(
                "      vault_database: {role: clinic-readonly, mount: db}", """
                        vault:
                          address: http://127.0.0.1:8200
                          request_timeout: 5s
                          auth:
                            approle: {role_id_file: role-id, secret_id_file: secret-id}
                        """));

        assertThat(CredentialSources.of(config.targets().get("clinic").credentials()))
                .isEqualTo(new CredentialSource.VaultDatabase("db", "clinic-readonly"));
        assertThat(CredentialSources.vault(config.vault()).auth())
                .isEqualTo(new VaultSettings.AppRole("approle", dir.resolve("role-id"), dir.resolve("secret-id")));
    }

    @Test
    void ephemeralRoleWithAFileAdminNeedsNoVault() throws IOException {
        ServerConfig config = new ServerConfigLoader().load(withCredentials("""
                      ephemeral_role:
                        read_role: clinic_reader
                        read_roles: {study-42: study42_reader}
                        role_prefix: pg_lease_
                        admin:
                          file: {user: phiguard_admin, password_file: secrets/admin}
                """.stripTrailing(), ""));

        CredentialSource.EphemeralRole role = (CredentialSource.EphemeralRole)
                CredentialSources.of(config.targets().get("clinic").credentials());
        assertThat(role.readRoleFor("study-42")).isEqualTo("study42_reader");
        assertThat(role.readRoleFor("other")).isEqualTo("clinic_reader");
        assertThat(role.rolePrefix()).isEqualTo("pg_lease_");
        assertThat(role.admin()).isEqualTo(new CredentialSource.File("phiguard_admin", dir.resolve("secrets/admin")));
        assertThat(CredentialSources.catalogOf(config.targets().get("clinic").credentials().ephemeralRole()))
                .isEqualTo(role.admin());
        assertThat(config.vault()).isNull();
    }

    @Test
    void ephemeralRoleWithAVaultAdminAndACatalogLogin() throws IOException {
        ServerConfig config = new ServerConfigLoader().load(withCredentials("""
                      ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          vault_kv: {path: phiguard/clinic-admin}
                        catalog:
                          env: {user: CATALOG_USER, password: CATALOG_PASSWORD}
                """.stripTrailing(), VAULT_TOKEN));

        assertThat(CredentialSources.catalogOf(config.targets().get("clinic").credentials().ephemeralRole()))
                .isEqualTo(new CredentialSource.Environment("CATALOG_USER", "CATALOG_PASSWORD"));
    }

    @Test
    void aVaultSourceWithoutAVaultSectionIsRefusedAtTheTargetsCredentials() throws IOException {
        Path file = withCredentials("      vault_kv: {path: phiguard/clinic}", "");

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(".yaml:14:")
                .hasMessageContaining("targets.clinic.credentials: vault_kv reads from Vault, but there is no"
                        + " top-level vault: section");
    }

    @Test
    void anEphemeralRoleWhoseAdminIsInVaultNeedsTheVaultSection() throws IOException {
        Path file = withCredentials("""
                      ephemeral_role:
                        read_role: clinic_reader
                        admin: {vault_kv: {path: phiguard/admin}}
                """.stripTrailing(), "");

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .hasMessageContaining("ephemeral_role reads from Vault");
    }

    @Test
    void noSourceAndTwoSourcesAreRefusedListingTheSources() throws IOException {
        Path two = withCredentials("      vault_kv: {path: a}\n      vault_database: {role: b}", VAULT_TOKEN);
        Path none = withCredentials("      {}", "");

        assertThatThrownBy(() -> new ServerConfigLoader().load(two))
                .hasMessageContaining(".yaml:14:")
                .hasMessageContaining("targets.clinic.credentials: give exactly one source (vault_kv, vault_database,"
                        + " ephemeral_role, env or file), not 2");
        assertThatThrownBy(() -> new ServerConfigLoader().load(none))
                .hasMessageContaining("give exactly one source");
    }

    @Test
    void anAdminWithTwoLoginsOrAnUnsupportedOneIsRefused() throws IOException {
        Path two = withCredentials("""
                      ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          env: {user: U, password: P}
                          file: {user: u, password_file: p}
                """.stripTrailing(), "");
        Path dynamic = withCredentials("""
                      ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          vault_database: {role: admin}
                """.stripTrailing(), VAULT_TOKEN);

        assertThatThrownBy(() -> new ServerConfigLoader().load(two))
                .hasMessageContaining(".yaml:17:")
                .hasMessageContaining("targets.clinic.credentials.ephemeral_role.admin: give exactly one standing"
                        + " login (vault_kv, env or file), not 2");
        assertThatThrownBy(() -> new ServerConfigLoader().load(dynamic))
                .hasMessageContaining(".yaml:18:")
                .hasMessageContaining("unknown key 'vault_database' in targets.clinic.credentials.ephemeral_role.admin");
    }

    @Test
    void badValuesAreNamedAtTheirSource() throws IOException {
        Path badPath = withCredentials("      vault_kv: {path: '../etc'}", VAULT_TOKEN);
        Path badRole = withCredentials("""
                      ephemeral_role:
                        read_role: "bad role"
                        admin: {file: {user: a, password_file: p}}
                """.stripTrailing(), "");
        Path badRefresh = withCredentials("      vault_kv: {path: a, refresh_after: soon}", VAULT_TOKEN);

        assertThatThrownBy(() -> new ServerConfigLoader().load(badPath))
                .hasMessageContaining(".yaml:15:")
                .hasMessageContaining("targets.clinic.credentials.vault_kv.path must be a Vault path");
        assertThatThrownBy(() -> new ServerConfigLoader().load(badRole))
                .hasMessageContaining("targets.clinic.credentials.ephemeral_role.read_role must be a PostgreSQL role");
        assertThatThrownBy(() -> new ServerConfigLoader().load(badRefresh))
                .hasMessageContaining("targets.clinic.credentials.vault_kv.refresh_after: 'soon' is not a duration");
    }

    @Test
    void missingRequiredKeysOfTheSourcesAreNamed() throws IOException {
        assertThatThrownBy(() -> new ServerConfigLoader().load(withCredentials("      vault_kv: {mount: kv}",
                VAULT_TOKEN))).hasMessageContaining("credentials.vault_kv.path (the secret's path below the mount)"
                + " is required");
        assertThatThrownBy(() -> new ServerConfigLoader().load(withCredentials("      vault_database: {}",
                VAULT_TOKEN))).hasMessageContaining("credentials.vault_database.role");
        assertThatThrownBy(() -> new ServerConfigLoader().load(withCredentials(
                "      ephemeral_role: {read_role: r}", ""))).hasMessageContaining("ephemeral_role.admin");
    }

    @Test
    void theVaultSectionIsChecked() throws IOException {
        String kv = "      vault_kv: {path: a}";
        Path both = withCredentials(kv, VAULT_TOKEN.replace("    token_file: secrets/vault-token",
                "    token_file: t\n    approle: {role_id_file: r, secret_id_file: s}"));
        Path neither = withCredentials(kv, VAULT_TOKEN.replace("    token_file: secrets/vault-token", "    {}"));
        Path badAddress = withCredentials(kv, VAULT_TOKEN.replace("https://vault.internal:8200", "ftp://vault"));
        Path noAddress = withCredentials(kv, VAULT_TOKEN.replace("  address: https://vault.internal:8200\n", ""));
        Path secretInline = withCredentials(kv, VAULT_TOKEN.replace("token_file: secrets/vault-token",
                "token: s.abcdef"));
        Path unknownKey = withCredentials(kv, VAULT_TOKEN.replace("namespace: team-a", "namspace: team-a"));

        assertThatThrownBy(() -> new ServerConfigLoader().load(both))
                .hasMessageContaining(".yaml:20:").hasMessageContaining("vault.auth: give exactly one of");
        assertThatThrownBy(() -> new ServerConfigLoader().load(neither))
                .hasMessageContaining("vault.auth: give exactly one of token_file or approle");
        assertThatThrownBy(() -> new ServerConfigLoader().load(badAddress))
                .hasMessageContaining(".yaml:17:").hasMessageContaining("vault.address must be an http or https");
        assertThatThrownBy(() -> new ServerConfigLoader().load(noAddress))
                .hasMessageContaining("vault.address (e.g. https://vault.internal:8200) is required");
        assertThatThrownBy(() -> new ServerConfigLoader().load(secretInline))
                .hasMessageContaining("unknown key 'token' in vault.auth").message().doesNotContain("s.abcdef");
        assertThatThrownBy(() -> new ServerConfigLoader().load(unknownKey))
                .hasMessageContaining(".yaml:18:").hasMessageContaining("unknown key 'namspace' in vault");
    }

    @Test
    void aPasswordValueInTheFileIsAnUnknownKey() throws IOException {
        Path file = withCredentials("      file: {user: phiguard_app, password: hunter2}", "");

        assertThatThrownBy(() -> new ServerConfigLoader().load(file))
                .hasMessageContaining("targets.clinic.credentials.file: credentials.file.password_file is required")
                .message().doesNotContain("hunter2");
    }
}
