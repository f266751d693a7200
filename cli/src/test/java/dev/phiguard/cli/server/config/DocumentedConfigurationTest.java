package dev.phiguard.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps {@code docs/configuration.md} true: its complete example file and every {@code credentials:} and
 * {@code vault:} example load with the real {@link ServerConfigLoader}.
 */
class DocumentedConfigurationTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final String MINIMAL = """
            development_issuer: true
            policies: policies
            targets:
              clinic:
                host: db.internal
                database: clinic
                tls: disable
            %s
            vault:
              address: https://vault.internal:8200
              auth: {token_file: vault-token}
            """;

    @TempDir
    Path dir;

    @Test
    void theCompleteExampleLoads() throws IOException {
        List<String> files = blocks().stream().filter(b -> b.startsWith("# server.yaml")).toList();

        assertThat(files).hasSize(1);
        ServerConfig config = load(files.get(0));
        assertThat(config.targets()).containsOnlyKeys("clinic", "billing", "research");
        assertThat(config.targets().get("clinic").credentials().ephemeralRole().catalog().vaultKv().path())
                .isEqualTo("phiguard/clinic-catalog");
        assertThat(config.vault().auth().approle()).isNotNull();
        assertThat(config.vault().namespace()).isEqualTo("data-platform");
        assertThat(config.store().shared()).isPresent();
        assertThat(config.issuers()).hasSize(3);
        assertThat(config.recordings().encryptionKeyFile()).isNotNull();
    }

    @Test
    void everyCredentialsExampleLoadsAsATargetsCredentials() throws IOException {
        List<String> examples = blocks().stream().filter(b -> b.startsWith("credentials:")).toList();

        assertThat(examples).hasSize(5);
        List<String> sources = new ArrayList<>();
        for (String example : examples) {
            String indented = example.lines().map(line -> "    " + line).reduce((a, b) -> a + "\n" + b).orElseThrow();
            ServerConfig config = load(MINIMAL.formatted(indented));
            ServerConfig.CredentialsSection credentials = config.targets().get("clinic").credentials();
            sources.add(credentials.vaultKv() != null ? "vault_kv" : credentials.vaultDatabase() != null
                    ? "vault_database" : credentials.ephemeralRole() != null ? "ephemeral_role"
                    : credentials.env() != null ? "env" : "file");
        }
        assertThat(sources).containsExactly("vault_kv", "vault_database", "ephemeral_role", "env", "file");
    }

    @Test
    void theVaultExampleLoads() throws IOException {
        List<String> vaults = blocks().stream().filter(b -> b.startsWith("vault:")).toList();

        assertThat(vaults).hasSize(1);
        String file = MINIMAL.formatted("    credentials: {vault_kv: {path: a}}")
                .replaceAll("(?s)vault:\\n.*", "") + vaults.get(0);
        assertThat(load(file).vault().auth().tokenFile()).isEqualTo(dir.resolve("/run/secrets/vault-token"));
    }

    private ServerConfig load(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "server-", ".yaml");
        Files.writeString(file, yaml);
        return new ServerConfigLoader().load(file);
    }

    private static List<String> blocks() throws IOException {
        Matcher matcher = YAML_BLOCK.matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }
}
