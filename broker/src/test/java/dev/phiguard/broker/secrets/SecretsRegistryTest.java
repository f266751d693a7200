package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry over each source kind, with Vault played by {@link FakeVault}. */
class SecretsRegistryTest {

    private static final String TOKEN = "hvs.registry-token-8c1d";
    private static final String PASSWORD = "clinic-password-Xk29qLm4";
    private static final String ROTATED = "rotated-password-Pq71sNv0";
    private static final String LEASE_A = "lease-aaaaaaaaaaaaaaaa";
    private static final String LEASE_B = "lease-bbbbbbbbbbbbbbbb";

    @RegisterExtension
    final LogCapture logs = new LogCapture();
    @TempDir
    Path dir;

    private FakeVault vault;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-29T06:00:00Z"));
    private final List<SecretsRegistry> registries = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(List.of(TOKEN, PASSWORD, ROTATED));
    private final SecretScan scan = new SecretScan();

    @BeforeEach
    void start() throws IOException {
        vault = new FakeVault().token(TOKEN, 0, false);
    }

    @AfterEach
    void stop() {
        registries.forEach(SecretsRegistry::close);
        vault.close();
        secrets.addAll(vault.issuedPasswords());
        scan.addAll(logs.lines()).assertNoneContains(secrets);
    }

    @Test
    void aKvSecretIsReadOnceThenAgainAfterItsTtlOrAnInvalidation() throws Exception {
        vault.kvSecret("secret", "clinic", Map.of("username", "reader", "password", PASSWORD));
        SecretsRegistry registry = registry(target("clinic",
                new CredentialSource.VaultKv("secret", "clinic", "username", "password", Duration.ofMinutes(5))));

        assertLogin(registry.loginFor("clinic", LEASE_A), "reader", PASSWORD);
        assertLogin(registry.loginFor("clinic", LEASE_B), "reader", PASSWORD);
        assertThat(vault.requests("GET", "/v1/secret/data/clinic")).hasSize(1);

        vault.kvSecret("secret", "clinic", Map.of("username", "reader", "password", ROTATED));
        registry.invalidate("clinic");
        assertLogin(registry.loginFor("clinic", LEASE_A), "reader", ROTATED);
        assertThat(vault.requests("GET", "/v1/secret/data/clinic")).hasSize(2);

        clock.advance(Duration.ofMinutes(4));
        assertLogin(registry.loginFor("clinic", LEASE_A), "reader", ROTATED);
        assertThat(vault.requests("GET", "/v1/secret/data/clinic")).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        assertLogin(registry.loginFor("clinic", LEASE_A), "reader", ROTATED);
        assertThat(vault.requests("GET", "/v1/secret/data/clinic")).hasSize(3);
    }

    @Test
    void aFailedReadIsAnErrorNamingTheTargetAndNotTheOldValue() throws Exception {
        vault.kvSecret("secret", "clinic", Map.of("username", "reader", "password", PASSWORD));
        SecretsRegistry registry = registry(target("clinic", CredentialSource.VaultKv.of("secret", "clinic")));
        assertLogin(registry.loginFor("clinic", LEASE_A), "reader", PASSWORD);

        vault.fail("GET", "/v1/secret/data/clinic", 403, "permission denied");
        registry.invalidate("clinic");
        UpstreamSecretException failure = failure(registry.loginFor("clinic", LEASE_A));
        assertThat(failure.reason()).isEqualTo(UpstreamSecretException.Reason.PERMISSION_DENIED);
        assertThat(failure.getMessage()).isEqualTo("upstream credential for target 'clinic': KV read of"
                + " secret/clinic: Vault answered 403 permission denied");

        vault.fail("GET", "/v1/secret/data/clinic", 404);
        assertThat(failure(registry.loginFor("clinic", LEASE_A)).reason())
                .isEqualTo(UpstreamSecretException.Reason.SECRET_MISSING);
    }

    @Test
    void loginForReturnsAtOnceAndCompletesWhenVaultAnswers() throws Exception {
        vault.kvSecret("secret", "clinic", Map.of("username", "reader", "password", PASSWORD));
        SecretsRegistry registry = registry(target("clinic", CredentialSource.VaultKv.of("secret", "clinic")));
        vault.hold();
        CompletableFuture<UpstreamSecret> pending = registry.loginFor("clinic", LEASE_A).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> !vault.requests().isEmpty());
        assertThat(pending).isNotDone();
        vault.open();
        assertLogin(pending, "reader", PASSWORD);
    }

    @Test
    void aDatabaseCredentialIsIssuedPerLeaseRenewedAndRevokedWhenTheLeaseEnds() throws Exception {
        vault.databaseRole("database", "readonly", 3);
        SecretsRegistry registry = registry(target("clinic",
                new CredentialSource.VaultDatabase("database", "readonly")));

        UpstreamSecret first = join(registry.loginFor("clinic", LEASE_A));
        UpstreamSecret again = join(registry.loginFor("clinic", LEASE_A));
        UpstreamSecret other = join(registry.loginFor("clinic", LEASE_B));
        assertThat(again.user()).isEqualTo(first.user());
        assertThat(other.user()).isNotEqualTo(first.user());
        assertThat(vault.requests("GET", "/v1/database/creds/readonly")).hasSize(2);
        assertThat(vault.liveLeases()).hasSize(2);

        String vaultLease = first.vaultLeaseId().orElseThrow();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !vault.requests("POST", "/v1/sys/leases/renew/" + vaultLease).isEmpty());

        join(registry.leaseEnded(LEASE_A));
        assertThat(vault.requests("POST", "/v1/sys/leases/revoke")).extracting(r -> r.body().get("lease_id"))
                .containsExactly(vaultLease);
        assertThat(vault.liveLeases()).containsExactly(other.vaultLeaseId().orElseThrow());
        assertThat(failure(registry.loginFor("clinic", LEASE_A)).reason())
                .isEqualTo(UpstreamSecretException.Reason.UNKNOWN_LEASE);

        registry.close();
        assertThat(vault.liveLeases()).isEmpty();
        scan.add(first.toString()).add(other.toString());
        List.of(first, again, other).forEach(UpstreamSecret::close);
    }

    @Test
    void unknownTargetsAndMalformedLeaseIdsAreRefused() {
        SecretsRegistry registry = registry(target("clinic", new CredentialSource.Environment("U", "P")));
        UpstreamSecretException unknown = failure(registry.loginFor("lab", LEASE_A));
        assertThat(unknown.reason()).isEqualTo(UpstreamSecretException.Reason.UNKNOWN_TARGET);
        assertThat(unknown.getMessage()).contains("'lab'");
        assertThat(failure(registry.loginFor("clinic", "lease-X")).reason())
                .isEqualTo(UpstreamSecretException.Reason.UNKNOWN_LEASE);
    }

    @Test
    void environmentAndFileSourcesWarnAtStartNamingTheTargetOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        SecretsRegistry registry = registry(
                target("dev-env", new CredentialSource.Environment("PG_USER", "PG_PASSWORD")),
                target("dev-file", new CredentialSource.File("reader", file)));
        assertThat(logs.warnings()).hasSize(2);
        assertThat(logs.warnings().get(0)).contains("'dev-env'", "development only");
        assertThat(logs.warnings().get(1)).contains("'dev-file'", "development only");

        assertLogin(registry.loginFor("dev-env", LEASE_A), "env-user", ROTATED);
        assertLogin(registry.loginFor("dev-file", LEASE_A), "reader", PASSWORD);

        Files.delete(file);
        UpstreamSecretException missing = failure(registry.loginFor("dev-file", LEASE_A));
        assertThat(missing.reason()).isEqualTo(UpstreamSecretException.Reason.SOURCE_UNREADABLE);
        assertThat(missing.getMessage()).contains("'dev-file'", "password");
    }

    @Test
    void aMissingVariableIsNamed() {
        SecretsRegistry registry = registry(target("dev", new CredentialSource.Environment("PG_USER", "ABSENT")));
        UpstreamSecretException missing = failure(registry.loginFor("dev", LEASE_A));
        assertThat(missing.reason()).isEqualTo(UpstreamSecretException.Reason.SOURCE_UNREADABLE);
        assertThat(missing.getMessage()).isEqualTo(
                "upstream credential for target 'dev': environment variable ABSENT is not set");
    }

    @Test
    void aVaultSourceWithoutVaultSettingsIsAConfigurationError() {
        assertThatThrownBy(() -> SecretsRegistry.builder()
                .target(target("clinic", CredentialSource.VaultKv.of("secret", "clinic"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("target 'clinic' reads from Vault, but no vault: section is configured");
        assertThatThrownBy(() -> SecretsRegistry.builder().target(target("clinic",
                new CredentialSource.EphemeralRole(new CredentialSource.Environment("U", "P"), "reader", Map.of(),
                        "phiguard_"))).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'clinic' uses ephemeral_role");
        assertThatThrownBy(() -> SecretsRegistry.builder().target(target("a", new CredentialSource.Environment("U",
                "P"))).target(target("a", new CredentialSource.Environment("U", "P"))).build())
                .hasMessage("target 'a' is configured twice");
    }

    @Test
    void afterCloseLoginsFailAsClosed() {
        SecretsRegistry registry = registry(target("dev", new CredentialSource.Environment("PG_USER", "PG_PASSWORD")));
        registry.close();
        assertThat(failure(registry.loginFor("dev", LEASE_A)).reason())
                .isEqualTo(UpstreamSecretException.Reason.CLOSED);
    }

    private SecretsRegistry registry(TargetSecretsConfig... targets) {
        SecretsRegistry.Builder builder = SecretsRegistry.builder()
                .vault(new VaultSettings(vault.address(), new VaultSettings.TokenFile(tokenFile()),
                        Duration.ofSeconds(5)))
                .clock(clock)
                .environment(Map.of("PG_USER", "env-user", "PG_PASSWORD", ROTATED)::get);
        for (TargetSecretsConfig target : targets) {
            builder.target(target);
        }
        SecretsRegistry registry = builder.build();
        registries.add(registry);
        return registry;
    }

    private Path tokenFile() {
        try {
            return Files.writeString(dir.resolve("token"), TOKEN);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TargetSecretsConfig target(String name, CredentialSource source) {
        return new TargetSecretsConfig(name, "127.0.0.1", 5432, "clinic", source);
    }

    private static <T> T join(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void assertLogin(CompletionStage<UpstreamSecret> stage, String user, String password) throws Exception {
        try (UpstreamSecret secret = join(stage)) {
            assertThat(secret.user()).isEqualTo(user);
            assertThat(new String(secret.password())).isEqualTo(password);
            scan.add(secret.toString());
        }
    }

    private UpstreamSecretException failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> future.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isNotNull();
        Throwable cause = thrown instanceof CompletionException || thrown instanceof
                java.util.concurrent.ExecutionException ? thrown.getCause() : thrown;
        assertThat(cause).isInstanceOf(UpstreamSecretException.class);
        scan.add(cause);
        return (UpstreamSecretException) cause;
    }
}
