package dev.phiguard.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

    private static final CertificateAuthority CA = CertificateAuthority.create("phiguard test CA", Duration.ofDays(30));

    @Test
    void caCertificateIsASelfSignedAuthority() throws Exception {
        X509Certificate ca = CA.certificate();

        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=phiguard test CA");
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void issuesAServerCertificateWithSubjectAltNamesAndServerAuth() throws Exception {
        CertificateAndKey leaf = CA.issue("db", List.of("localhost", "db.internal"), List.of("127.0.0.1", "::1"),
                Duration.ofDays(1));
        X509Certificate certificate = leaf.certificate();

        certificate.verify(CA.certificate().getPublicKey());
        certificate.checkValidity();
        assertThat(certificate.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(subjectAltNames(certificate)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "localhost", 2, "db.internal", 2, "127.0.0.1", 7, "0:0:0:0:0:0:0:1", 7));
        assertThat(certificate.getNotAfter().toInstant()).isBetween(
                Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(leaf.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void selfSignedCertificateVerifiesWithItsOwnKey() throws Exception {
        CertificateAndKey selfSigned = SelfSignedCertificate.generate("dev", List.of("localhost"), List.of("127.0.0.1"));

        selfSigned.certificate().verify(selfSigned.certificate().getPublicKey());
        assertThat(selfSigned.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(subjectAltNames(selfSigned.certificate())).containsOnlyKeys("localhost", "127.0.0.1");
        assertThat(selfSigned.certificate().getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(364)));
    }

    @Test
    void rejectsBadRequestsClearly() {
        assertThatThrownBy(() -> CA.issue("db", List.of(), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one DNS name or IP address");
        assertThatThrownBy(() -> CA.issue("db", List.of(), List.of("localhost"), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'localhost'");
        assertThatThrownBy(() -> CA.issue("db", List.of("127.0.0.1"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IP addresses go in the IP address list");
        assertThatThrownBy(() -> CA.issue("db", List.of("bad name"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> CA.issue("db", List.of("localhost"), List.of(), Duration.ofDays(31)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the CA certificate expires");
        assertThatThrownBy(() -> CA.issue("db", List.of("localhost"), List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validity must be positive");
        assertThatThrownBy(() -> CA.issue(" ", List.of("localhost"), List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("common name");
    }

    @Test
    void toStringShowsTheCertificateButNotTheKey() {
        CertificateAndKey leaf = CA.issue("db", List.of("localhost"), List.of(), Duration.ofDays(1));
        String keyBase64 = Base64.getEncoder().encodeToString(leaf.privateKey().getEncoded());

        assertThat(leaf.toString())
                .contains("CN=db", leaf.sha256Fingerprint(), "(redacted)")
                .doesNotContain(keyBase64.substring(40, 60));
        assertThat(CA.toString()).contains("CN=phiguard test CA").contains("(redacted)");
        assertThat(leaf.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void bouncyCastleIsNotRegisteredAsAProvider() {
        assertThatCode(() -> SelfSignedCertificate.generate("dev", List.of("localhost"), List.of())).doesNotThrowAnyException();

        assertThat(Security.getProvider("BC")).isNull();
    }

    private static Map<String, Integer> subjectAltNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .collect(Collectors.toMap(entry -> (String) entry.get(1), entry -> (Integer) entry.get(0)));
    }
}
