package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamDatabaseTest {
    private static final String SECRET = "s3cret-upstream-pw";
    private static final String COMPLETE = "# comment\nPGHOST=127.0.0.1\nPGPORT=5433\nPGUSER=app\nPGPASSWORD=" + SECRET
            + "\nPGDATABASE=clinic\n";

    @TempDir
    Path dir;

    private Path file(String content, String mode) throws Exception {
        Path file = dir.resolve("target.env");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void readsAnExistingServerFromAPrivateFile() throws Exception {
        UpstreamDatabase db = UpstreamDatabase.fromEnvFile(file(COMPLETE, "rw-------"));
        assertThat(db.host()).isEqualTo("127.0.0.1");
        assertThat(db.port()).isEqualTo(5433);
        assertThat(db.user()).isEqualTo("app");
        assertThat(db.password()).isEqualTo(SECRET);
        assertThat(db.database()).isEqualTo("clinic");
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5433/clinic");
        assertThat(db.toString()).doesNotContain(SECRET);
        assertThat(db.description()).doesNotContain(SECRET);
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path file = file(COMPLETE, "rw-r--r--");
        assertThatThrownBy(() -> UpstreamDatabase.fromEnvFile(file))
                .isInstanceOf(ExitCodes.UserFacingException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"})
    void namesAMissingKey(String key) throws Exception {
        Path file = file(COMPLETE.replaceAll("(?m)^" + key + "=.*\n", ""), "rw-------");
        assertThatThrownBy(() -> UpstreamDatabase.fromEnvFile(file))
                .isInstanceOf(ExitCodes.UserFacingException.class)
                .hasMessageContaining(key + " is missing").hasMessageNotContaining(SECRET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "five"})
    void refusesABadPort(String port) throws Exception {
        Path file = file(COMPLETE.replace("PGPORT=5433", "PGPORT=" + port), "rw-------");
        assertThatThrownBy(() -> UpstreamDatabase.fromEnvFile(file))
                .isInstanceOf(ExitCodes.UserFacingException.class)
                .hasMessageContaining("PGPORT must be a port number");
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = dir.resolve("nope.env");
        assertThatThrownBy(() -> UpstreamDatabase.fromEnvFile(missing))
                .isInstanceOf(ExitCodes.UserFacingException.class)
                .hasMessageContaining("--target-env " + missing);
    }
}
