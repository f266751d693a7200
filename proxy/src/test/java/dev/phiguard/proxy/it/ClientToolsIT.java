package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** psql and pgbench, the real binaries, through the proxy. Passwords travel in the environment only. */
@ExtendWith(SharedDatabase.class)
class ClientToolsIT {
    private static ProxyHarness harness;

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
        harness = ProxyHarness.start(database);
        // pgbench's tables, created by the superuser and readable/writable by the application role
        Result init = run(List.of("pgbench", "-i", "-s", "1", "-q", "-h", database.host(), "-p",
                String.valueOf(database.port()), "-U", EmbeddedTarget.SUPERUSER, database.database()),
                Map.of("PGPASSWORD", database.superuserPassword()));
        assertThat(init.exitCode()).as(init.output()).isZero();
        try (Connection c = database.superuserConnection(); Statement s = c.createStatement()) {
            s.execute("GRANT SELECT, INSERT, UPDATE ON pgbench_accounts, pgbench_branches, pgbench_tellers,"
                    + " pgbench_history TO " + database.appUser());
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    record Result(int exitCode, String output) {}

    static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PGSSLMODE", "disable");
        pb.environment().remove("PGOPTIONS");
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    static Result psqlViaProxy(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(harness.port()), "-U", ProxyHarness.USER, "-d", harness.database.database()));
        command.addAll(List.of(args));
        return run(command, Map.of("PGPASSWORD", harness.password));
    }

    static Result psqlDirect(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h",
                harness.database.host(), "-p", String.valueOf(harness.database.port()), "-U",
                harness.database.appUser(), "-d", harness.database.database()));
        command.addAll(List.of(args));
        return run(command, Map.of("PGPASSWORD", harness.database.appPassword()));
    }

    @Test
    void psqlGivesTheSameOutputAsADirectConnection() throws Exception {
        String[] commands = {
            "-c", "SELECT * FROM patients ORDER BY patient_id LIMIT 200",
            "-c", "SELECT diagnosis_code, count(*) FROM encounters GROUP BY 1 ORDER BY 1",
            "-c", "\\copy (SELECT mrn, ssn FROM patients ORDER BY 1 LIMIT 50) TO STDOUT"
        };
        Result proxied = psqlViaProxy(commands);
        Result direct = psqlDirect(commands);
        assertThat(proxied.exitCode()).as(proxied.output()).isZero();
        assertThat(proxied.output()).isEqualTo(direct.output());
        assertThat(proxied.output()).doesNotContain(harness.password);
    }

    @Test
    void psqlScriptWithTransactionsCopyInAndAnError(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("rows.tsv");
        Files.writeString(data, "1\tone\n2\ttwo\n3\tthree\n");
        Path script = dir.resolve("script.sql");
        Files.writeString(script, String.join("\n",
                "DROP TABLE IF EXISTS scratch.psql_it;",
                "CREATE TABLE scratch.psql_it (id int, label text);",
                "\\copy scratch.psql_it FROM '" + data + "'",
                "BEGIN;",
                "INSERT INTO scratch.psql_it VALUES (4, 'four');",
                "ROLLBACK;",
                "SELECT count(*) FROM scratch.psql_it;",
                "SELECT 1/0;",
                ""));
        Result result = psqlViaProxy("-At", "-f", script.toString());
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("3\n").contains("division by zero");
    }

    @ParameterizedTest(name = "pgbench -M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void pgbenchRunsInEveryQueryMode(String mode) throws Exception {
        for (String builtin : List.of("select-only", "tpcb-like")) {
            Result result = run(List.of("pgbench", "-n", "-M", mode, "-b", builtin, "-c", "4", "-j", "2", "-t", "200",
                    "-h", "127.0.0.1", "-p", String.valueOf(harness.port()), "-U", ProxyHarness.USER,
                    harness.database.database()), Map.of("PGPASSWORD", harness.password));
            assertThat(result.exitCode()).as(result.output()).isZero();
            Matcher processed = Pattern.compile("number of transactions actually processed: (\\d+)/(\\d+)")
                    .matcher(result.output());
            assertThat(processed.find()).as(result.output()).isTrue();
            assertThat(processed.group(1)).isEqualTo("800").isEqualTo(processed.group(2));
            assertThat(result.output()).contains("number of failed transactions: 0");
        }
    }

    @Test
    void pgbenchCustomScriptReadingPatients(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("patients.sql");
        Files.writeString(script, "\\set id random(1, " + SharedDatabase.PATIENTS + ")\n"
                + "SELECT patient_id, mrn, ssn, last_name, notes FROM patients WHERE patient_id = :id;\n");
        Result result = run(List.of("pgbench", "-n", "-M", "prepared", "-f", script.toString(), "-c", "2", "-t", "300",
                "-h", "127.0.0.1", "-p", String.valueOf(harness.port()), "-U", ProxyHarness.USER,
                harness.database.database()), Map.of("PGPASSWORD", harness.password));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("number of transactions actually processed: 600/600");
    }
}
