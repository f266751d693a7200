package dev.phiguard.cli.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
}
