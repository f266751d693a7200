package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line check: its output and exit codes. */
class PolicyCheckTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return PolicyCheck.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOkForAValidFile() {
        assertThat(run("examples/study-42.yaml")).isEqualTo(PolicyCheck.VALID);
        assertThat(out()).isEqualTo("OK examples/study-42.yaml (purpose study-42)" + System.lineSeparator());
        assertThat(err()).isEmpty();
    }

    @Test
    void checksAFolderAsAWhole() {
        assertThat(run("src/test/resources/policy/set")).isEqualTo(PolicyCheck.VALID);
        assertThat(out()).contains("OK src/test/resources/policy/set/billing-fix.yml (purpose billing-fix)")
                .contains("OK src/test/resources/policy/set/quality-review.yaml (purpose quality-review)");
    }

    @Test
    void printsEveryProblemAndExitsWithOne(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("study-42.yaml"), PolicyTexts.compose("maks: 1\nversion: 2\n"));

        assertThat(run("examples/study-42.yaml", file.toString())).isEqualTo(PolicyCheck.INVALID);
        assertThat(out()).isEqualTo("OK examples/study-42.yaml (purpose study-42)" + System.lineSeparator());
        assertThat(err().lines()).containsExactly(
                file + ":1:1: unknown key 'maks' at the top level (valid: " + InvalidPolicyTest.TOP_LEVEL_KEYS + ")",
                file + ":2:10: 'version' must be 1 (the only policy file version), got 2");
    }

    @Test
    void exitsWithTwoOnWrongUsage() {
        assertThat(run()).isEqualTo(PolicyCheck.USAGE);
        assertThat(err()).startsWith("usage: PolicyCheck FILE_OR_FOLDER...");
    }

    @Test
    void exitsWithTwoForAPathThatDoesNotExist() {
        assertThat(run("examples/study-42.yaml", "no/such.yaml")).isEqualTo(PolicyCheck.USAGE);
        assertThat(out()).startsWith("OK examples/study-42.yaml");
        assertThat(err()).isEqualTo("no/such.yaml: no such file or folder" + System.lineSeparator());
    }

    @Test
    void printsHelp() {
        assertThat(run("--help")).isEqualTo(PolicyCheck.VALID);
        assertThat(out()).startsWith("usage: PolicyCheck FILE_OR_FOLDER...");
    }
}
