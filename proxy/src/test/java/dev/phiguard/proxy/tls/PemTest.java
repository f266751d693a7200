package dev.phiguard.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("pem test CA", Duration.ofDays(2));
    private static final CertificateAndKey LEAF = CA.issue("db", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));

    @TempDir
    Path directory;

    @Test
    void roundTripsCertificateAndKey() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");

        Pem.write(LEAF, certificate, key);
        CertificateAndKey read = Pem.read(certificate, key);

        assertThat(read.certificate()).isEqualTo(LEAF.certificate());
        assertThat(read.privateKey().getEncoded()).isEqualTo(LEAF.privateKey().getEncoded());
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(certificate)).startsWith("-----BEGIN CERTIFICATE-----\n");
    }

    @Test
    void keyIsWrittenOwnerOnlyAndNoTemporaryFileRemains() throws Exception {
        Path certificate = directory.resolve("nested/dir/server.crt");
        Path key = directory.resolve("nested/dir/server.key");

        Pem.write(LEAF, certificate, key);
        Pem.write(LEAF, certificate, key); // overwrites in place

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(certificate))).isEqualTo("rw-r--r--");
        try (var files = Files.list(key.getParent())) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("server.crt", "server.key");
        }
    }

    @Test
    void nettyReadsTheWrittenFilesDirectly() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path key = directory.resolve("server.key");
        Pem.write(LEAF, certificate, key);

        assertThat(SslContextBuilder.forServer(certificate.toFile(), key.toFile()).sslProvider(SslProvider.JDK).build().isServer())
                .isTrue();
    }

    @Test
    void writesAndReadsAChain() throws Exception {
        Path chain = directory.resolve("chain.crt");

        Pem.writeCertificates(chain, List.of(LEAF.certificate(), CA.certificate()));

        assertThat(Pem.readCertificates(chain)).containsExactly(LEAF.certificate(), CA.certificate());
    }

    @Test
    void readsTraditionalRsaKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(pair.getPrivate());
        }
        Path key = directory.resolve("rsa.key");
        Files.writeString(key, "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + pem);

        assertThat(pem.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(key).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
    }

    @Test
    void errorsNameTheFileAndNeverItsContent() throws Exception {
        Path missing = directory.resolve("missing.pem");
        Path garbage = directory.resolve("garbage.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nSECRETSECRETSECRET\n-----END PRIVATE KEY-----\n");
        Path certificateOnly = directory.resolve("cert-only.pem");
        Pem.writeCertificates(certificateOnly, List.of(LEAF.certificate()));
        Path empty = directory.resolve("empty.pem");
        Files.writeString(empty, "");

        assertThatThrownBy(() -> Pem.readPrivateKey(missing)).hasMessage("private key file " + missing + " does not exist");
        assertThatThrownBy(() -> Pem.readCertificates(missing)).hasMessage("certificate file " + missing + " does not exist");
        assertThatThrownBy(() -> Pem.readPrivateKey(garbage))
                .hasMessageContaining(garbage.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"))
                .hasNoCause();
        assertThatThrownBy(() -> Pem.readPrivateKey(certificateOnly))
                .hasMessageContaining(certificateOnly + " holds no unencrypted private key");
        assertThatThrownBy(() -> Pem.readPrivateKey(empty)).hasMessageContaining(empty + " holds no PEM private key");
        assertThatThrownBy(() -> Pem.readCertificates(empty)).hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> Pem.readCertificates(garbage)).hasMessageContaining(garbage.toString());
    }

    @Test
    void refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        Path certificate = directory.resolve("server.crt");
        Path otherKey = directory.resolve("other.key");
        Pem.writeCertificates(certificate, List.of(LEAF.certificate()));
        Pem.writePrivateKey(otherKey, CA.certificateAndKey().privateKey());

        assertThatThrownBy(() -> Pem.read(certificate, otherKey))
                .hasMessage("private key file " + otherKey + " does not belong to the certificate in " + certificate);
    }
}
