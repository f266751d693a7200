package dev.phiguard.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class DevelopmentCertificateTest {

    @TempDir
    Path root;

    private final Logger logger = (Logger) LoggerFactory.getLogger(DevelopmentCertificate.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void generatesForLoopbackThenLoadsTheSameCertificate() throws Exception {
        Path directory = root.resolve("tls");

        DevelopmentCertificate created = DevelopmentCertificate.loadOrCreate(directory);
        DevelopmentCertificate loaded = DevelopmentCertificate.loadOrCreate(directory);

        assertThat(created.certificateFile()).isEqualTo(directory.resolve("proxy.crt")).exists();
        assertThat(created.keyFile()).isEqualTo(directory.resolve("proxy.key")).exists();
        assertThat(loaded.certificateAndKey().certificate()).isEqualTo(created.certificateAndKey().certificate());
        assertThat(created.certificateAndKey().certificate().getSubjectAlternativeNames().stream()
                        .map(entry -> (String) entry.get(1)))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created.keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
    }

    @Test
    void logsTheFingerprintAndNeverTheKey() throws Exception {
        DevelopmentCertificate created = DevelopmentCertificate.loadOrCreate(root);
        DevelopmentCertificate.loadOrCreate(root);

        String fingerprint = created.certificateAndKey().sha256Fingerprint();
        String keyBase64 = Base64.getEncoder().encodeToString(created.certificateAndKey().privateKey().getEncoded());
        List<String> messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0)).contains("generated", fingerprint);
        assertThat(messages.get(1)).contains("using", fingerprint);
        assertThat(messages).noneMatch(message -> message.contains("PRIVATE KEY")
                || message.contains(keyBase64.substring(30, 50)));
    }

    @Test
    void refusesAHalfPresentPair() throws Exception {
        DevelopmentCertificate created = DevelopmentCertificate.loadOrCreate(root);
        Files.delete(created.keyFile());

        assertThatThrownBy(() -> DevelopmentCertificate.loadOrCreate(root))
                .hasMessageContaining("found " + created.certificateFile() + " but not " + created.keyFile());
        assertThat(created.keyFile()).doesNotExist(); // nothing was overwritten or generated
    }

    @Test
    void namesACorruptFile() throws Exception {
        DevelopmentCertificate created = DevelopmentCertificate.loadOrCreate(root);
        Files.writeString(created.certificateFile(), "not a certificate");

        assertThatThrownBy(() -> DevelopmentCertificate.loadOrCreate(root))
                .hasMessageContaining(created.certificateFile().toString());
    }

    @Test
    void toStringHasNoKeyMaterial() throws Exception {
        DevelopmentCertificate created = DevelopmentCertificate.loadOrCreate(root);
        String keyBase64 = Base64.getEncoder().encodeToString(created.certificateAndKey().privateKey().getEncoded());

        assertThat(created.toString()).contains("proxy.key", "(redacted)").doesNotContain(keyBase64.substring(30, 50));
    }
}
