package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that are refused before anything is started. */
class EmbeddedTargetBuilderTest {

    @TempDir
    Path temp;

    @Test
    void refusesPortsOutsideTheTcpRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedTarget.builder().port(-1))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedTarget.builder().port(65_536))
                .withMessageContaining("65536");
    }

    @Test
    void refusesPatientCountsOutsideTheGeneratorRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedTarget.builder().patients(-1))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> EmbeddedTarget.builder().patients(SyntheticPatients.MAX_PATIENTS + 1));
    }

    @Test
    void refusesANonEmptyDataDirectory() throws IOException {
        Path directory = Files.createDirectories(temp.resolve("used"));
        Files.writeString(directory.resolve("PG_VERSION"), "16");

        assertThatThrownBy(() -> EmbeddedTarget.builder().dataDirectory(directory).start())
                .isInstanceOf(EmbeddedTargetException.class)
                .hasMessageContaining(directory.toString())
                .hasMessageContaining("not empty");
        assertThat(directory.resolve("PG_VERSION")).hasContent("16");
    }

    @Test
    void refusesAFileAsDataDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");

        assertThatThrownBy(() -> EmbeddedTarget.builder().dataDirectory(file).start())
                .isInstanceOf(EmbeddedTargetException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void refusesMissingOrNonPemTlsFiles() throws IOException {
        Path certificate = Files.writeString(temp.resolve("server.crt"), "-----BEGIN CERTIFICATE-----\n...");
        Path notPem = Files.writeString(temp.resolve("server.key"), "garbage");
        Path missing = temp.resolve("missing.pem");

        assertThatThrownBy(() -> EmbeddedTarget.builder().serverTls(missing, notPem).start())
                .isInstanceOf(EmbeddedTargetException.class)
                .hasMessageContaining("TLS certificate " + missing)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> EmbeddedTarget.builder().serverTls(certificate, notPem).start())
                .isInstanceOf(EmbeddedTargetException.class)
                .hasMessageContaining("TLS private key " + notPem)
                .hasMessageContaining("not a PEM file");
    }
}
