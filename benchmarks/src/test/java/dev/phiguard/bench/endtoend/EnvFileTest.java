package dev.phiguard.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvFileTest {

    @Test
    void readsWhatPhiguardLeaseFormatEnvPrints() {
        var vars = EnvFile.parse("lease.env", List.of(
                "export PGHOST='127.0.0.1'",
                "export PGPORT='6432'",
                "export PGPASSWORD='it'\\''s-a_Secret9'",
                "",
                "# a comment",
                "PGSSLMODE=disable"));
        assertThat(vars).containsEntry("PGHOST", "127.0.0.1").containsEntry("PGPORT", "6432")
                .containsEntry("PGPASSWORD", "it's-a_Secret9").containsEntry("PGSSLMODE", "disable");
    }

    @Test
    void aLaterLineOverridesAnEarlierOne() {
        assertThat(EnvFile.parse("f", List.of("export PGSSLMODE='require'", "PGSSLMODE=disable")))
                .containsEntry("PGSSLMODE", "disable");
    }

    @Test
    void aBadLineIsNamedByNumberWithoutItsText() {
        assertThatThrownBy(() -> EnvFile.parse("lease.env", List.of("PGHOST=x", "password is hunter2")))
                .hasMessage("lease.env:2: not a NAME=value line");
        assertThatThrownBy(() -> EnvFile.parse("lease.env", List.of("PGPASSWORD='hunter2")))
                .hasMessage("lease.env:1: unterminated quote");
    }

    @Test
    void aLeaseFileBecomesConnectionDetails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lease-1.env");
        Files.writeString(file, "export PGHOST='127.0.0.1'\nexport PGPORT='6432'\nexport PGUSER='lease-abc'\n"
                + "export PGPASSWORD='pw'\nexport PGDATABASE='clinic'\n");
        Files.writeString(dir.resolve("notes.txt"), "not a lease");
        PgEnv env = PgEnv.fromFile(file);
        assertThat(env.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6432/clinic");
        assertThat(env.user()).isEqualTo("lease-abc");
        assertThat(ManySessions.leases(dir)).containsExactly(env);
    }
}
