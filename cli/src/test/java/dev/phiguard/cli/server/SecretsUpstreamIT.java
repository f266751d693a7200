package dev.phiguard.cli.server;

import dev.phiguard.broker.secrets.FakeVault;
import dev.phiguard.broker.secrets.LogCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.secrets.LeaseTerms;
import dev.phiguard.broker.secrets.UpstreamSecretException;
import dev.phiguard.cli.server.config.ServerConfigLoader;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's configuration file, through {@link ConfiguredSettings}, to working upstream logins: a real PostgreSQL
 * 17 (sampledata's {@link EmbeddedTarget}, prepared with a read role and a least-privileged administrative login) and
 * {@link FakeVault}, an HTTP server speaking Vault's documented API. Each test exercises the {@link TargetBinding}s
 * directly (no node), and scans every log line and error message for the secrets it used.
 */
class SecretsUpstreamIT {

    private static final String READ_ROLE = "clinic_reader";
    private static final String ADMIN = "phiguard_admin";
    private static final String VAULT_TOKEN = "hvs.test-token-" + UUID.randomUUID();
    private static final String ADMIN_PASSWORD = "Adm1n-" + UUID.randomUUID();
    private static final SecureRandom RANDOM = new SecureRandom();

    private static EmbeddedTarget database;

    @RegisterExtension
    final LogCapture logs = new LogCapture("dev.phiguard");
    @TempDir
    Path dir;

    private FakeVault vault;
    private final List<TargetBinding> bindings = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(List.of(VAULT_TOKEN, ADMIN_PASSWORD));
    private final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void prepareTarget() throws Exception {
        database = EmbeddedTarget.builder().patients(20).start();
        try (Connection connection = database.superuserConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + READ_ROLE + " NOLOGIN");
            statement.execute("GRANT CONNECT ON DATABASE clinic TO " + READ_ROLE);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + READ_ROLE);
            statement.execute("GRANT SELECT ON public.encounters TO " + READ_ROLE);
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("CREATE ROLE " + ADMIN + " LOGIN CREATEROLE PASSWORD '" + ADMIN_PASSWORD + "'");
            statement.execute("GRANT CONNECT ON DATABASE clinic TO " + ADMIN);
            statement.execute("GRANT " + READ_ROLE + " TO " + ADMIN + " WITH ADMIN OPTION, INHERIT FALSE, SET FALSE");
            statement.execute("GRANT pg_signal_backend TO " + ADMIN);
            Timestamp before = loadTime(statement);
            Path hba = database.dataDirectory().resolve("pg_hba.conf");
            Files.writeString(hba, Files.readString(hba)
                    + "host    clinic    " + ADMIN + "         127.0.0.1/32  scram-sha-256\n"
                    + "host    clinic    +" + READ_ROLE + "    127.0.0.1/32  scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Connection fresh = database.superuserConnection(); Statement s = fresh.createStatement()) {
                    return loadTime(s).after(before);
                }
            });
        }
    }

    @AfterAll
    static void stopTarget() {
        if (database != null) {
            database.close();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void startVault() throws IOException {
        vault = new FakeVault().token(VAULT_TOKEN, 0, false)
                .kvSecret("secret", "phiguard/clinic", Map.of("username", database.appUser(),
                        "password", database.appPassword()))
                .kvSecret("secret", "phiguard/clinic-admin", Map.of("username", ADMIN, "password", ADMIN_PASSWORD))
                .databaseRole("database", "clinic-readonly", 3600);
        Files.writeString(dir.resolve("vault-token"), VAULT_TOKEN + "\n");
        Files.writeString(dir.resolve("app-password"), database.appPassword() + "\n");
        secrets.add(database.appPassword());
    }

    @AfterEach
    void scanAndStop() {
        bindings.forEach(binding -> binding.lifecycle().close());
        vault.close();
        secrets.addAll(vault.issuedPasswords());
        List<String> texts = new ArrayList<>(logs.lines());
        texts.addAll(messages);
        assertThat(texts).isNotEmpty();
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(7);
            for (String text : texts) {
                assertThat(text).as("a log line or error message").doesNotContain(secret);
            }
        }
    }

    @Test
    void vaultKvGivesAWorkingLoginAndTheCatalogConnection() throws Exception {
        TargetBinding clinic = bind("vault_kv: {path: phiguard/clinic}");

        UpstreamLogin login = clinic.upstream().loginFor(session(LeaseIds.next(RANDOM))).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(login.user()).isEqualTo(database.appUser());
        assertThat(login.toString()).doesNotContain(database.appPassword());
        assertThat(currentUser(login.user(), login.password())).isEqualTo(database.appUser());
        try (Connection catalog = clinic.catalog().connect()) {
            assertThat(catalog.getMetaData().getUserName()).isEqualTo(database.appUser());
        }
        assertThat(vault.requests("GET", "/v1/secret/data/phiguard/clinic")).allMatch(r -> r.token().equals(VAULT_TOKEN));
    }

    @Test
    void vaultDatabaseGivesEachLeaseItsOwnLoginAndRevokesItWhenTheLeaseEnds() throws Exception {
        TargetBinding clinic = bind("vault_database: {role: clinic-readonly}");
        String lease = LeaseIds.next(RANDOM);

        UpstreamLogin first = clinic.upstream().loginFor(session(lease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        UpstreamLogin again = clinic.upstream().loginFor(session(lease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        UpstreamLogin other = clinic.upstream().loginFor(session(LeaseIds.next(RANDOM))).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(again.user()).isEqualTo(first.user());
        assertThat(other.user()).isNotEqualTo(first.user());
        assertThat(vault.liveLeases()).hasSize(2);
        clinic.lifecycle().leaseEnded(lease);
        await().atMost(Duration.ofSeconds(10)).until(() -> vault.liveLeases().size() == 1);
        assertThat(vault.requests().stream().filter(r -> r.path().startsWith("/v1/sys/leases/revoke"))).hasSize(1);
        assertThatThrownBy(() -> clinic.upstream().loginFor(session(lease)).toCompletableFuture().join())
                .hasMessageContaining("target 'clinic'").hasMessageContaining("has ended");
    }

    @Test
    void anEphemeralRoleLogsInWithExactlyTheReadRolesGrantsAndIsDroppedWhenTheLeaseEnds() throws Exception {
        TargetBinding clinic = bind("""
                ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          vault_kv: {path: phiguard/clinic-admin}
                        catalog:
                          file: {user: %s, password_file: app-password}""".formatted(database.appUser()));
        ((SecretsUpstream) clinic.lifecycle()).useLeaseTerms(liveFor(Duration.ofHours(1)));
        String lease = LeaseIds.next(RANDOM);

        UpstreamLogin login = clinic.upstream().loginFor(session(lease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        secrets.add(new String(login.password()));

        assertThat(login.user()).isEqualTo("phiguard_" + lease);
        try (Connection connection = connect(login.user(), login.password()); Statement statement =
                connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM encounters")) {
                assertThat(rows.next()).isTrue();
            }
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM patients"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        try (Connection catalog = clinic.catalog().connect()) {
            assertThat(catalog.getMetaData().getUserName()).isEqualTo(database.appUser());
        }

        clinic.lifecycle().leaseEnded(lease);

        await().atMost(Duration.ofSeconds(20)).until(() -> !roleExists(login.user()));
        assertThatThrownBy(() -> connect(login.user(), login.password())).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).as("no such role: no pg_hba.conf line, or a failed password")
                        .isIn("28000", "28P01"));
    }

    @Test
    void startDropsTheRolesAnEarlierProcessLeftBehind() throws Exception {
        String ephemeral = """
                ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          file: {user: phiguard_admin, password_file: admin-password}""";
        Files.writeString(dir.resolve("admin-password"), ADMIN_PASSWORD);
        SecretsUpstream crashed = (SecretsUpstream) bindDetached(ephemeral).lifecycle();
        crashed.useLeaseTerms(liveFor(Duration.ofHours(1)));
        String endedLease = LeaseIds.next(RANDOM);
        String liveLease = LeaseIds.next(RANDOM);
        UpstreamLogin ended = crashed.loginFor(session(endedLease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        UpstreamLogin live = crashed.loginFor(session(liveLease)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        secrets.add(new String(ended.password()));
        secrets.add(new String(live.password()));

        TargetBinding next = bind(ephemeral);
        next.lifecycle().start(liveLease::equals);

        assertThat(roleExists(ended.user())).isFalse();
        assertThat(roleExists(live.user())).isTrue();
        assertThat(logs.lines()).anyMatch(line -> line.contains("dropped the leftover per-lease roles of 1"));
        next.lifecycle().start(lease -> false);
        assertThat(roleExists(live.user())).isFalse();
    }

    @Test
    void anUnreachableVaultFailsTheLoginNamingTheTargetAndTheCause() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TargetBinding clinic = bind("vault_kv: {path: phiguard/clinic}", "http://127.0.0.1:" + closedPort);

        assertLoginFails(clinic, UpstreamSecretException.Reason.VAULT_UNREACHABLE, "could not be reached");
        assertThatThrownBy(() -> clinic.catalog().connect()).isInstanceOfSatisfying(SQLException.class, e -> {
            messages.add(e.getMessage());
            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).contains("target 'clinic'").contains("could not be reached");
        });
    }

    @Test
    void theNamespaceIsSentWithEveryRequestAndAnUnreadableCaFileIsNamed() throws Exception {
        TargetBinding clinic = bind("vault_kv: {path: phiguard/clinic}", vault.address() + "\n  namespace: team-a");
        TargetBinding withCa = bind("vault_kv: {path: phiguard/clinic}",
                vault.address() + "\n  ca_file: no-such-ca.pem", "other");

        clinic.upstream().loginFor(session(LeaseIds.next(RANDOM))).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(vault.requests()).isNotEmpty().allMatch(r -> "team-a".equals(r.namespace()));
        assertLoginFails(withCa, UpstreamSecretException.Reason.SOURCE_UNREADABLE, "is the CA file "
                + dir.resolve("no-such-ca.pem") + " a readable PEM certificate?");
    }

    @Test
    void aRefusedTokenFailsTheLoginWith403() throws Exception {
        vault.expireToken(VAULT_TOKEN);
        TargetBinding clinic = bind("vault_kv: {path: phiguard/clinic}");

        assertLoginFails(clinic, UpstreamSecretException.Reason.PERMISSION_DENIED, "403");
    }

    @Test
    void aMissingFieldOrSecretFailsTheLoginNamingIt() throws Exception {
        vault.kvSecret("secret", "phiguard/clinic", Map.of("username", database.appUser(), "pass", "x".repeat(12)));
        TargetBinding clinic = bind("vault_kv: {path: phiguard/clinic}");
        TargetBinding missing = bind("vault_kv: {path: phiguard/nowhere}", vault.address().toString(), "other");

        assertLoginFails(clinic, UpstreamSecretException.Reason.FIELD_MISSING, "field 'password' is missing");
        assertLoginFails(missing, UpstreamSecretException.Reason.SECRET_MISSING, "404");
    }

    @Test
    void anEphemeralRoleWhoseReadRoleDoesNotExistLeavesNothingBehind() throws Exception {
        TargetBinding clinic = bind("""
                ephemeral_role:
                        read_role: no_such_role
                        admin:
                          vault_kv: {path: phiguard/clinic-admin}""");
        ((SecretsUpstream) clinic.lifecycle()).useLeaseTerms(liveFor(Duration.ofHours(1)));
        String lease = LeaseIds.next(RANDOM);

        assertLoginFails(clinic, lease, UpstreamSecretException.Reason.ROLE_CREATION_FAILED, "creating the role");
        assertThat(roleExists("phiguard_" + lease)).isFalse();
    }

    @Test
    void anEphemeralRoleTargetWhoseLeasesAreNotConnectedRefusesTheLoginAndSaysWhy() throws Exception {
        TargetBinding clinic = bind("""
                ephemeral_role:
                        read_role: clinic_reader
                        admin:
                          vault_kv: {path: phiguard/clinic-admin}""");

        assertLoginFails(clinic, UpstreamSecretException.Reason.UNKNOWN_LEASE, "is not live");
        assertThat(logs.warnings()).anyMatch(line -> line.contains("the node has not connected its leases"));
    }

    private void assertLoginFails(TargetBinding binding, UpstreamSecretException.Reason reason, String cause) {
        assertLoginFails(binding, LeaseIds.next(RANDOM), reason, cause);
    }

    private void assertLoginFails(TargetBinding binding, String lease, UpstreamSecretException.Reason reason,
                                  String cause) {
        assertThatThrownBy(() -> binding.upstream().loginFor(session(lease)).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(UpstreamSecretException.class, e -> {
                    messages.add(e.getMessage());
                    messages.add(e.toString());
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).startsWith("upstream credential for target '" + binding.name() + "': ")
                            .contains(cause);
                });
    }

    private TargetBinding bind(String credentials) throws IOException {
        return bind(credentials, vault.address().toString());
    }

    private TargetBinding bind(String credentials, String vaultAddress) throws IOException {
        return bind(credentials, vaultAddress, "clinic");
    }

    private TargetBinding bind(String credentials, String vaultAddress, String name) throws IOException {
        TargetBinding binding = configure(credentials, vaultAddress, name);
        bindings.add(binding);
        return binding;
    }

    /** A binding this test does not close: what a killed process leaves. */
    private TargetBinding bindDetached(String credentials) throws IOException {
        return configure(credentials, vault.address().toString(), "clinic");
    }

    private TargetBinding configure(String credentials, String vaultAddress, String name) throws IOException {
        Path file = dir.resolve("server-" + UUID.randomUUID() + ".yaml");
        Files.writeString(file, """
                data_dir: state
                development_issuer: true
                policies: policies
                vault:
                  address: %s
                  request_timeout: 2s
                  auth:
                    token_file: vault-token
                targets:
                  %s:
                    host: %s
                    port: %d
                    database: %s
                    tls: disable
                    credentials:
                      %s
                """.formatted(vaultAddress, name, database.host(), database.port(), database.database(), credentials));
        NodeSettings settings = ConfiguredSettings.from(new ServerConfigLoader().load(file),
                new ConfiguredSettings.Overrides(Optional.empty(), Optional.empty(), Optional.empty(), false,
                        Optional.empty(), false));
        return settings.targets().get(name);
    }

    private static LeaseTerms.Lookup liveFor(Duration ttl) {
        Instant end = Instant.now().plus(ttl);
        return leaseId -> Optional.of(new LeaseTerms(end, "study-42", 2));
    }

    private static SessionInfo session(String leaseId) {
        return new SessionInfo("session-" + UUID.randomUUID(), new SessionGrant(leaseId, "study-42", "clinic"),
                new InetSocketAddress("127.0.0.1", 50000), false, "", Instant.now());
    }

    private static String currentUser(String user, char[] password) throws SQLException {
        try (Connection connection = connect(user, password); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_user")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static Connection connect(String user, char[] password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", new String(password));
        java.util.Arrays.fill(password, '\0');
        return DriverManager.getConnection(database.appJdbcUrl(), properties);
    }

    private static boolean roleExists(String role) throws SQLException {
        try (Connection connection = database.superuserConnection();
             var query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Timestamp loadTime(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT pg_conf_load_time()")) {
            rows.next();
            return rows.getTimestamp(1);
        }
    }
}
