package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server with TLS, an explicit port, an explicit data directory and MD5 for the application role; the last
 * test closes it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedTargetTlsIT {

    @TempDir
    static Path temp;

    private static Path certificate;
    private static Path dataDirectory;
    private static int requestedPort;
    private static EmbeddedTarget target;

    @BeforeAll
    static void start() throws Exception {
        certificate = temp.resolve("server.crt");
        Path key = temp.resolve("server.key");
        writeSelfSignedCertificate(certificate, key);
        dataDirectory = temp.resolve("pgdata");
        requestedPort = LoopbackPorts.free();
        target = EmbeddedTarget.builder()
                .patients(100)
                .seed(1)
                .port(requestedPort)
                .dataDirectory(dataDirectory)
                .authMethod(AuthMethod.MD5)
                .serverTls(certificate, key)
                .start();
    }

    @AfterAll
    static void stop() {
        if (target != null) {
            target.close();
        }
    }

    @Test
    void usesTheRequestedPortDirectoryAndMethod() throws IOException {
        assertThat(target.port()).isEqualTo(requestedPort);
        assertThat(target.dataDirectory()).isEqualTo(dataDirectory.toAbsolutePath());
        assertThat(target.tlsEnabled()).isTrue();
        assertThat(target.authMethod()).isEqualTo(AuthMethod.MD5);
        assertThat(AuthenticationProbe.firstRequest(target.host(), target.port(), target.appUser(),
                target.database())).isEqualTo(AuthenticationProbe.Request.MD5_PASSWORD);
    }

    @Test
    void requiredTlsWorksAndIsReallyUsed() throws SQLException {
        try (Connection app = connect("require", null)) {
            assertThat(sslOfOwnBackend(app)).isTrue();
        }
    }

    @Test
    void serverPresentsTheConfiguredCertificate() throws SQLException {
        try (Connection app = connect("verify-full", certificate)) {
            assertThat(sslOfOwnBackend(app)).isTrue();
        }
    }

    @Test
    void plainConnectionsRemainPossible() throws SQLException {
        try (Connection app = connect("disable", null)) {
            assertThat(sslOfOwnBackend(app)).isFalse();
        }
    }

    @Test
    void keyAndCertificateAreCopiedWithOwnerOnlyPermissions() throws IOException {
        for (String name : new String[] {"server.key", "server.crt"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closeKeepsAnExplicitDataDirectory() {
        target.close();

        assertThat(dataDirectory.resolve("PG_VERSION")).exists();
        assertThat(dataDirectory.resolve("postmaster.pid")).doesNotExist();
        assertThatThrownBy(() -> connect("disable", null)).isInstanceOf(SQLException.class);
    }

    private static Connection connect(String sslMode, Path rootCertificate) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.appUser());
        properties.setProperty("password", target.appPassword());
        properties.setProperty("sslmode", sslMode);
        if (rootCertificate != null) {
            properties.setProperty("sslrootcert", rootCertificate.toString());
        }
        return DriverManager.getConnection(target.appJdbcUrl(), properties);
    }

    private static boolean sslOfOwnBackend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(row.next()).isTrue();
            return row.getBoolean(1);
        }
    }

    private static void writeSelfSignedCertificate(Path certificateFile, Path keyFile)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                new GeneralName(GeneralName.iPAddress, InetAddress.getByName("127.0.0.1").getHostAddress())));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        try (Writer out = Files.newBufferedWriter(certificateFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(certificate);
        }
        try (Writer out = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
    }
}
