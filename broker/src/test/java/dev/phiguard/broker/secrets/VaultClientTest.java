package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Vault client against a server that speaks Vault's documented API: the real driver's requests, and failures. */
class VaultClientTest {

    private static final String TOKEN = "hvs.test-token-4f9a2c7d1e";
    private static final String PASSWORD = "kv-password-7Hq2xZp9";
    private static final String ROLE_ID = "role-id-5b2c0f3e";
    private static final String SECRET_ID = "secret-id-9d8e7f6a5b";

    @RegisterExtension
    final LogCapture logs = new LogCapture();
    @TempDir
    Path dir;

    private FakeVault vault;
    private ScheduledExecutorService scheduler;
    private final SecretScan scan = new SecretScan();

    @BeforeEach
    void start() throws IOException {
        vault = new FakeVault();
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        vault.close();
        scan.addAll(logs.lines()).assertNoneContains(List.of(TOKEN, PASSWORD, SECRET_ID));
    }

    @Test
    void readsKvV2WithTheTokenFromItsFile() throws Exception {
        vault.token(TOKEN, 0, false).kvSecret("secret", "phiguard/clinic",
                Map.of("username", "clinic_reader", "password", PASSWORD));
        try (VaultClient client = tokenClient(vault.address());
             UpstreamSecret secret = client.readKv("secret", "phiguard/clinic", "username", "password")) {
            assertThat(secret.user()).isEqualTo("clinic_reader");
            assertThat(new String(secret.password())).isEqualTo(PASSWORD);
            assertThat(secret.vaultLeaseId()).isEmpty();
            assertThat(secret.toString()).doesNotContain(PASSWORD);
        }
        assertThat(logs.lines()).anyMatch(line -> line.contains("Logged in to Vault at " + vault.address()));
        assertThat(vault.requests()).extracting(FakeVault.Request::method, FakeVault.Request::path,
                        FakeVault.Request::token)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("GET", "/v1/auth/token/lookup-self", TOKEN),
                        org.assertj.core.groups.Tuple.tuple("GET", "/v1/secret/data/phiguard/clinic", TOKEN));
    }

    @Test
    void readsFromAMountWithSeveralSegments() throws Exception {
        vault.token(TOKEN, 0, false).kvSecret("team/kv", "db/clinic",
                Map.of("user", "reader", "pass", PASSWORD));
        try (VaultClient client = tokenClient(vault.address());
             UpstreamSecret secret = client.readKv("team/kv", "db/clinic", "user", "pass")) {
            assertThat(secret.user()).isEqualTo("reader");
        }
        assertThat(vault.requests("GET", "/v1/team/kv/data/db/clinic")).hasSize(1);
    }

    @Test
    void kvFailuresNameTheCauseAndNoSecret() throws Exception {
        vault.token(TOKEN, 0, false).kvSecret("secret", "app", Map.of("username", "u", "other", PASSWORD));
        try (VaultClient client = tokenClient(vault.address())) {
            assertFailure(() -> client.readKv("secret", "missing", "username", "password"),
                    UpstreamSecretException.Reason.SECRET_MISSING, "404");
            assertFailure(() -> client.readKv("secret", "app", "username", "password"),
                    UpstreamSecretException.Reason.FIELD_MISSING, "field 'password'");
            vault.fail("GET", "/v1/secret/data/app", 403, "permission denied");
            assertFailure(() -> client.readKv("secret", "app", "username", "other"),
                    UpstreamSecretException.Reason.PERMISSION_DENIED, "403");
            vault.fail("GET", "/v1/secret/data/app", 500, "internal error: " + PASSWORD);
            assertFailure(() -> client.readKv("secret", "app", "username", "other"),
                    UpstreamSecretException.Reason.VAULT_ERROR, "HTTP 500");
        }
    }

    @Test
    void aRefusedTokenIsPermissionDenied() throws Exception {
        vault.token("hvs.some-other-token", 0, false);
        try (VaultClient client = tokenClient(vault.address())) {
            assertFailure(client::authenticate, UpstreamSecretException.Reason.PERMISSION_DENIED, "token lookup");
        }
    }

    @Test
    void anUnreachableVaultIsSaidSo() throws Exception {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (VaultClient client = tokenClient(closed)) {
            assertFailure(() -> client.readKv("secret", "app", "username", "password"),
                    UpstreamSecretException.Reason.VAULT_UNREACHABLE, "could not be reached");
        }
    }

    @Test
    void aMissingTokenFileIsSaidSoWithoutContents() throws Exception {
        VaultSettings settings = new VaultSettings(vault.address(),
                new VaultSettings.TokenFile(dir.resolve("absent")), Duration.ofSeconds(5));
        try (VaultClient client = new VaultClient(settings, scheduler)) {
            assertFailure(client::authenticate, UpstreamSecretException.Reason.SOURCE_UNREADABLE, "token file");
        }
    }

    @Test
    void logsInWithAppRoleAndRenewsTheTokenBeforeItExpires() throws Exception {
        vault.appRole(ROLE_ID, SECRET_ID, 3).kvSecret("secret", "app",
                Map.of("username", "u", "password", PASSWORD));
        try (VaultClient client = appRoleClient()) {
            client.readKv("secret", "app", "username", "password").close();
            FakeVault.Request login = vault.requests("POST", "/v1/auth/approle/login").get(0);
            assertThat(login.body()).isEqualTo(Map.of("role_id", ROLE_ID, "secret_id", SECRET_ID));
            assertThat(login.token()).isNull();
            String issued = vault.requests("GET", "/v1/secret/data/app").get(0).token();
            assertThat(issued).startsWith("hvs.approle-");

            await().atMost(Duration.ofSeconds(10)).until(() -> !vault.requests("POST",
                    "/v1/auth/token/renew-self").isEmpty());
            assertThat(vault.requests("POST", "/v1/auth/token/renew-self").get(0).token()).isEqualTo(issued);
        }
    }

    @Test
    void aRefusedRenewalLeadsToANewAppRoleLogin() throws Exception {
        vault.appRole(ROLE_ID, SECRET_ID, 3);
        vault.refuseTokenRenewal();
        try (VaultClient client = appRoleClient()) {
            client.authenticate();
            await().atMost(Duration.ofSeconds(10)).until(() -> vault.requests("POST",
                    "/v1/auth/approle/login").size() >= 2);
        }
        assertThat(logs.warnings()).isEmpty();
    }

    @Test
    void aTokenRefusedMidwayIsReplacedByANewAppRoleLogin() throws Exception {
        vault.appRole(ROLE_ID, SECRET_ID, 3600).kvSecret("secret", "app",
                Map.of("username", "u", "password", PASSWORD));
        try (VaultClient client = appRoleClient()) {
            client.readKv("secret", "app", "username", "password").close();
            String first = vault.requests("GET", "/v1/secret/data/app").get(0).token();
            vault.expireToken(first);
            client.readKv("secret", "app", "username", "password").close();
            List<FakeVault.Request> reads = vault.requests("GET", "/v1/secret/data/app");
            assertThat(reads).hasSize(3);
            assertThat(reads.get(2).token()).isNotEqualTo(first).startsWith("hvs.approle-");
        }
    }

    @Test
    void aRefusedAppRoleLoginNamesNoSecret() throws Exception {
        vault.appRole(ROLE_ID, "another-secret-id", 60);
        try (VaultClient client = appRoleClient()) {
            assertFailure(client::authenticate, UpstreamSecretException.Reason.VAULT_ERROR, "AppRole login");
        }
    }

    @Test
    void databaseCredentialsAreIssuedRenewedAndRevokedAsVaultDocuments() throws Exception {
        vault.token(TOKEN, 0, false).databaseRole("database", "readonly", 3600);
        try (VaultClient client = tokenClient(vault.address());
             UpstreamSecret secret = client.databaseCredentials("database", "readonly")) {
            String leaseId = secret.vaultLeaseId().orElseThrow();
            assertThat(leaseId).startsWith("database/creds/readonly/");
            assertThat(secret.leaseDuration()).contains(Duration.ofHours(1));
            assertThat(secret.user()).startsWith("v-approle-readonly-");
            assertThat(vault.requests("GET", "/v1/database/creds/readonly")).hasSize(1);

            assertThat(client.renewLease(leaseId, Duration.ofMinutes(30))).isEqualTo(Duration.ofHours(1));
            FakeVault.Request renew = vault.requests("POST", "/v1/sys/leases/renew/" + leaseId).get(0);
            assertThat(renew.token()).isEqualTo(TOKEN);
            assertThat(renew.body()).isEqualTo(Map.of("increment", 1800));

            client.revokeLease(leaseId);
            FakeVault.Request revoke = vault.requests("POST", "/v1/sys/leases/revoke").get(0);
            assertThat(revoke.body()).isEqualTo(Map.of("lease_id", leaseId));
            assertThat(revoke.token()).isEqualTo(TOKEN);
            assertThat(vault.liveLeases()).isEmpty();

            assertFailure(() -> client.renewLease(leaseId, Duration.ofMinutes(30)),
                    UpstreamSecretException.Reason.VAULT_ERROR, "HTTP 400");
            scan.add(secret.toString());
            scan.assertNoneContains(vault.issuedPasswords());
        }
    }

    @Test
    void databaseFailuresAreNamed() throws Exception {
        vault.token(TOKEN, 0, false).databaseRole("database", "readonly", 60);
        try (VaultClient client = tokenClient(vault.address())) {
            assertFailure(() -> client.databaseCredentials("database", "unknown"),
                    UpstreamSecretException.Reason.SECRET_MISSING, "404");
            vault.fail("GET", "/v1/database/creds/readonly", 403, "permission denied");
            assertFailure(() -> client.databaseCredentials("database", "readonly"),
                    UpstreamSecretException.Reason.PERMISSION_DENIED, "403");
            vault.fail("GET", "/v1/database/creds/readonly", 500, "connection to database refused");
            assertFailure(() -> client.databaseCredentials("database", "readonly"),
                    UpstreamSecretException.Reason.VAULT_ERROR, "HTTP 500");
        }
    }

    private VaultClient tokenClient(URI address) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        return new VaultClient(new VaultSettings(address, new VaultSettings.TokenFile(file), Duration.ofSeconds(5)),
                scheduler);
    }

    private VaultClient appRoleClient() throws IOException {
        Path roleId = Files.writeString(dir.resolve("role_id"), ROLE_ID + "\n");
        Path secretId = Files.writeString(dir.resolve("secret_id"), SECRET_ID);
        return new VaultClient(new VaultSettings(vault.address(),
                new VaultSettings.AppRole("approle", roleId, secretId), Duration.ofSeconds(5)), scheduler);
    }

    private void assertFailure(ThrowingCall call, UpstreamSecretException.Reason reason, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VaultFailure.class, failure -> {
            assertThat(failure.reason()).isEqualTo(reason);
            assertThat(failure.getMessage()).contains(text);
            assertThat(failure.getCause()).isNull();
            scan.add(failure).add(failure.forTarget("clinic"));
        });
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }
}
