package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-lease roles on a real PostgreSQL 17, managed by a least-privileged administrative login: a role lives exactly as
 * long as its lease, holds exactly the read role's privileges, loses its sessions and its login when the lease ends,
 * and roles left behind by a killed process are dropped by the next cleanup. Nothing logged or thrown contains a
 * password.
 */
class EphemeralRolesIT {

    private static RoleTarget server;

    @RegisterExtension
    final LogCapture logs = new LogCapture();
    @TempDir
    Path dir;

    private final List<String> secrets = new ArrayList<>();
    private final SecretScan scan = new SecretScan();
    private final SecureRandom random = new SecureRandom();
    private final EphemeralRoles roles = new EphemeralRoles("clinic", () -> server.admin().open(), "phiguard_",
            random, Clock.systemUTC());

    @BeforeAll
    static void startServer() throws Exception {
        server = new RoleTarget();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void scanForSecrets() {
        secrets.add(server.adminPassword());
        scan.addAll(logs.lines()).assertNoneContains(secrets);
        assertThat(logs.lines()).noneMatch(line -> line.contains("SCRAM-SHA-256$"));
    }

    @Test
    void aRoleHoldsExactlyTheReadRoleUntilItsLeaseEnds() throws Exception {
        String lease = lease();
        Instant end = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        UpstreamSecret login = roles.create(lease, end, RoleTarget.READ_ROLE, 3);
        remember(login);
        assertThat(login.user()).isEqualTo("phiguard_" + lease);

        try (Connection connection = server.superuser();
             PreparedStatement query = connection.prepareStatement("SELECT rolcanlogin, rolinherit, rolsuper,"
                     + " rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil,"
                     + " shobj_description(oid, 'pg_authid'),"
                     + " (SELECT array_agg(m.roleid::regrole::text) FROM pg_auth_members m WHERE m.member = r.oid)"
                     + " FROM pg_roles r WHERE rolname = ?")) {
            query.setString(1, login.user());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBoolean(1)).isTrue();
                assertThat(row.getBoolean(2)).isTrue();
                for (int column = 3; column <= 7; column++) {
                    assertThat(row.getBoolean(column)).as("column %d", column).isFalse();
                }
                assertThat(row.getInt(8)).isEqualTo(3);
                assertThat(row.getTimestamp(9).toInstant()).isEqualTo(end);
                assertThat(row.getString(10)).startsWith(EphemeralRoles.COMMENT_MARK + " for " + lease);
                assertThat((String[]) row.getArray(11).getArray()).containsExactly(RoleTarget.READ_ROLE);
            }
        }
        try (Connection connection = server.superuser();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT substring(rolpassword from '^SCRAM-SHA-256\\$[0-9]+:')"
                             + " FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, login.user());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                // PostgreSQL stored the verifier as sent, with the broker's few iterations, and logs in with it below
                assertThat(row.getString(1)).isEqualTo("SCRAM-SHA-256$" + RolePasswords.ITERATIONS + ":")
                        .isEqualTo("SCRAM-SHA-256$16:");
            }
        }

        try (Connection session = server.connect(login.user(), login.password());
             Statement statement = session.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM encounters")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(server.target().encounterCount());
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM patients"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            assertThatThrownBy(() -> statement.execute("CREATE TABLE public.mine (x int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));

            assertThat(roles.drop(lease)).isTrue();

            assertThatThrownBy(() -> statement.executeQuery("SELECT 1")).isInstanceOf(SQLException.class);
        }
        assertThat(server.roleExists(login.user())).isFalse();
        assertThatThrownBy(() -> server.connect(login.user(), login.password()))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).as("no pg_hba line for a dropped role").isEqualTo("28000");
                    scan.add(e);
                });
        assertThat(roles.drop(lease)).isFalse();
        login.close();
    }

    @Test
    void atTheLeasesEndTheServerItselfRefusesTheLoginEvenBeforeTheRoleIsDropped() throws Exception {
        String lease = lease();
        UpstreamSecret login = roles.create(lease, Instant.now().plusSeconds(3), RoleTarget.READ_ROLE, 1);
        remember(login);
        server.connect(login.user(), login.password()).close();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try (Connection ignored = server.connect(login.user(), login.password())) {
                return false;
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("28P01");
                return true;
            }
        });
        assertThat(roles.drop(lease)).isTrue();
        login.close();
    }

    @Test
    void theRegistryMakesOneRolePerLeaseLimitedToItsSessionsAndDropsItWhenTheLeaseEnds() throws Exception {
        String lease = lease();
        Path adminPassword = Files.writeString(dir.resolve("admin-password"), server.adminPassword());
        Map<String, LeaseTerms> live = new java.util.concurrent.ConcurrentHashMap<>(Map.of(lease,
                new LeaseTerms(Instant.now().plus(Duration.ofMinutes(30)), "study-42", 2)));
        try (SecretsRegistry registry = SecretsRegistry.builder()
                .target(new TargetSecretsConfig("clinic", server.target().host(), server.target().port(), "clinic",
                        new CredentialSource.EphemeralRole(new CredentialSource.File(RoleTarget.ADMIN, adminPassword),
                                "nobody_reads", Map.of("study-42", RoleTarget.READ_ROLE), "phiguard_")))
                .leaseTerms(id -> Optional.ofNullable(live.get(id)))
                .build()) {
            UpstreamSecret first = registry.loginFor("clinic", lease).toCompletableFuture().get(60, TimeUnit.SECONDS);
            UpstreamSecret second = registry.loginFor("clinic", lease).toCompletableFuture().get(60, TimeUnit.SECONDS);
            remember(first);
            assertThat(second.user()).isEqualTo(first.user());
            assertThat(second.password()).isEqualTo(first.password());

            try (Connection one = server.connect(first.user(), first.password());
                 Connection two = server.connect(second.user(), second.password())) {
                assertThatThrownBy(() -> server.connect(first.user(), first.password()).close())
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("53300"));
                live.remove(lease);
                registry.leaseEnded(lease).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThatThrownBy(() -> one.createStatement().executeQuery("SELECT 1"))
                        .isInstanceOf(SQLException.class);
                assertThatThrownBy(() -> two.createStatement().executeQuery("SELECT 1"))
                        .isInstanceOf(SQLException.class);
            }
            assertThat(server.roleExists(first.user())).isFalse();
            assertThatThrownBy(() -> registry.loginFor("clinic", lease).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS)).satisfies(scan::add)
                    .hasCauseInstanceOf(UpstreamSecretException.class);
            first.close();
            second.close();
        }
    }

    @Test
    void theAdministrativeLoginComesFromVaultAndIsReadAgainWhenTheServerRefusesIt() throws Exception {
        String lease = lease();
        String token = "hvs.admin-token-3e5f7a9c";
        try (FakeVault vault = new FakeVault().token(token, 0, false)) {
            vault.kvSecret("secret", "clinic-admin", Map.of("username", RoleTarget.ADMIN,
                    "password", "stale-password-Qz81"));
            Path tokenFile = Files.writeString(dir.resolve("token"), token);
            try (SecretsRegistry registry = SecretsRegistry.builder()
                    .vault(new VaultSettings(vault.address(), new VaultSettings.TokenFile(tokenFile),
                            Duration.ofSeconds(5)))
                    .target(new TargetSecretsConfig("clinic", server.target().host(), server.target().port(),
                            "clinic", new CredentialSource.EphemeralRole(
                                    CredentialSource.VaultKv.of("secret", "clinic-admin"), RoleTarget.READ_ROLE,
                                    Map.of(), "phiguard_")))
                    .leaseTerms(id -> Optional.of(new LeaseTerms(Instant.now().plusSeconds(600), "any", 1)))
                    .build()) {
                assertThatThrownBy(() -> registry.loginFor("clinic", lease).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS)).satisfies(scan::add)
                        .hasCauseInstanceOf(UpstreamSecretException.class)
                        .hasMessageContaining("SQLSTATE 28P01");
                assertThat(vault.requests("GET", "/v1/secret/data/clinic-admin")).hasSize(2);

                vault.kvSecret("secret", "clinic-admin", Map.of("username", RoleTarget.ADMIN,
                        "password", server.adminPassword()));
                try (UpstreamSecret login = registry.loginFor("clinic", lease).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS)) {
                    remember(login);
                    assertThat(vault.requests("GET", "/v1/secret/data/clinic-admin")).hasSize(3);
                    server.connect(login.user(), login.password()).close();
                }
                registry.leaseEnded(lease).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(server.roleExists("phiguard_" + lease)).isFalse();
            }
            secrets.addAll(List.of(token, "stale-password-Qz81"));
        }
    }

    @Test
    void aFailedCreationLeavesNoRoleAndNamesTheSqlStateOnly() throws Exception {
        String lease = lease();
        assertThatThrownBy(() -> roles.create(lease, Instant.now().plusSeconds(600), "no_such_role", 1))
                .isInstanceOfSatisfying(UpstreamSecretException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UpstreamSecretException.Reason.ROLE_CREATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("upstream credential for target 'clinic': creating the role"
                            + " for " + lease + " failed (SQLSTATE 42704)");
                    assertThat(e.getCause()).isNull();
                    scan.add(e);
                });
        assertThat(server.roleExists("phiguard_" + lease)).isFalse();

        String taken = lease();
        try (Connection connection = server.superuser(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE \"phiguard_" + taken + "\" NOLOGIN");
        }
        assertThatThrownBy(() -> roles.create(taken, Instant.now().plusSeconds(600), RoleTarget.READ_ROLE, 1))
                .isInstanceOfSatisfying(UpstreamSecretException.class, e -> {
                    assertThat(e.getMessage()).contains("exists and is not phiguard's");
                    scan.add(e);
                });
        assertThat(roles.cleanupLeftovers(id -> false)).doesNotContain(taken);
        assertThat(server.roleExists("phiguard_" + taken)).isTrue();

        assertThatThrownBy(() -> roles.create(lease(), Instant.now().minusSeconds(1), RoleTarget.READ_ROLE, 1))
                .hasMessageContaining("has already ended");
    }

    @Test
    void cleanupDropsTheRolesOfEndedLeasesOnly() throws Exception {
        String liveLease = lease();
        String deadLease = lease();
        remember(roles.create(liveLease, Instant.now().plusSeconds(600), RoleTarget.READ_ROLE, 1));
        remember(roles.create(deadLease, Instant.now().plusSeconds(600), RoleTarget.READ_ROLE, 1));

        List<String> dropped = roles.cleanupLeftovers(Set.of(liveLease)::contains);

        assertThat(dropped).contains(deadLease).doesNotContain(liveLease);
        assertThat(server.roleExists("phiguard_" + deadLease)).isFalse();
        assertThat(server.roleExists("phiguard_" + liveLease)).isTrue();
        roles.drop(liveLease);
    }

    @Test
    void aRoleLeftByAKilledProcessIsDroppedAtTheNextStart() throws Exception {
        String lease = lease();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EphemeralRoleChild.class.getName(), lease)
                .redirectErrorStream(true);
        builder.environment().put("PG_URL", server.target().appJdbcUrl());
        builder.environment().put("PG_ADMIN_USER", RoleTarget.ADMIN);
        builder.environment().put("PG_ADMIN_PASSWORD", server.adminPassword());
        Process child = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("created ")) {
                output.add(line);
            }
            assertThat(line).as("child output: %s", output).isEqualTo("created phiguard_" + lease);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).isEqualTo(137);
        scan.addAll(output);
        assertThat(server.roleExists("phiguard_" + lease)).isTrue();

        assertThat(roles.cleanupLeftovers(id -> false)).contains(lease);
        assertThat(server.roleExists("phiguard_" + lease)).isFalse();
    }

    private String lease() {
        return dev.phiguard.broker.lease.LeaseIds.next(random);
    }

    private void remember(UpstreamSecret login) {
        secrets.add(new String(login.password()));
        scan.add(login.toString());
    }
}
