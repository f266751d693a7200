package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * The Vault client against a real Vault in dev mode ({@code hashicorp/vault}): token login, AppRole login, and a KV v2
 * read. Runs where Docker is available and is skipped (not failed) where it is not.
 */
@Testcontainers(disabledWithoutDocker = true)
class VaultContainerIT {

    private static final String ROOT_TOKEN = "phiguard-root-token";
    private static final String PASSWORD = "container-password-Rt6w";

    @Container
    static final VaultContainer<?> VAULT = new VaultContainer<>("hashicorp/vault:1.18")
            .withVaultToken(ROOT_TOKEN)
            .withInitCommand(
                    "kv put secret/phiguard/clinic username=clinic_reader password=" + PASSWORD,
                    "auth enable approle",
                    "write auth/approle/role/phiguard token_policies=default,phiguard-read token_ttl=1h");

    @TempDir
    Path dir;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void readsKvV2WithARootToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), ROOT_TOKEN);
        try (VaultClient client = new VaultClient(new VaultSettings(address(), new VaultSettings.TokenFile(token),
                Duration.ofSeconds(10)), scheduler);
             UpstreamSecret secret = client.readKv("secret", "phiguard/clinic", "username", "password")) {
            assertThat(secret.user()).isEqualTo("clinic_reader");
            assertThat(new String(secret.password())).isEqualTo(PASSWORD);
        }
    }

    @Test
    void logsInWithAppRoleAndRenewsItsToken() throws Exception {
        ExecResult policy = VAULT.execInContainer("/bin/sh", "-c", "echo 'path \"secret/data/phiguard/*\""
                + " { capabilities = [\"read\"] }' | vault policy write phiguard-read -");
        assertThat(policy.getExitCode()).as(policy.getStderr()).isZero();
        Path roleId = Files.writeString(dir.resolve("role_id"), vault("read", "-field=role_id",
                "auth/approle/role/phiguard/role-id"));
        Path secretId = Files.writeString(dir.resolve("secret_id"), vault("write", "-f", "-field=secret_id",
                "auth/approle/role/phiguard/secret-id"));
        try (VaultClient client = new VaultClient(new VaultSettings(address(),
                new VaultSettings.AppRole("approle", roleId, secretId), Duration.ofSeconds(10)), scheduler)) {
            try (UpstreamSecret secret = client.readKv("secret", "phiguard/clinic", "username", "password")) {
                assertThat(secret.user()).isEqualTo("clinic_reader");
            }
            client.renewToken();
        }
    }

    private static URI address() {
        return URI.create(VAULT.getHttpHostAddress());
    }

    private static String vault(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "vault";
        System.arraycopy(args, 0, command, 1, args.length);
        ExecResult result = VAULT.execInContainer(command);
        assertThat(result.getExitCode()).as(result.getStderr()).isZero();
        return result.getStdout().strip();
    }
}
