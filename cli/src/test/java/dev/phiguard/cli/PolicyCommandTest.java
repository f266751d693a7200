package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.cli.MainTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code phiguard policy check}: its output and exit codes. */
class PolicyCommandTest {
    static final Path EXAMPLE = Path.of("..", "policies", "examples", "study-42.yaml");

    private static Run run(String... args) {
        return MainTest.run(args);
    }

    /** The example policy with {@code lease.max_ttl} broken, and where the broken value is. */
    private record Broken(Path file, int line, int column) {}

    private static Broken brokenExample(Path folder) throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8);
        int index = lines.indexOf("  max_ttl: 2h");
        assertThat(index).as("the example has max_ttl: 2h").isNotNegative();
        lines.set(index, "  max_ttl: forever");
        Path file = Files.write(folder.resolve("study-42.yaml"), lines, StandardCharsets.UTF_8);
        return new Broken(file, index + 1, lines.get(index).indexOf("forever") + 1);
    }

    @Test
    void theExamplePolicyPasses() {
        Run run = run("policy", "check", EXAMPLE.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("OK " + EXAMPLE + " (purpose study-42)" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aFolderIsCheckedAsAWhole(@TempDir Path folder) throws IOException {
        Files.copy(EXAMPLE, folder.resolve("study-42.yaml"));
        Files.writeString(folder.resolve("notes.txt"), "not a policy"); // ignored, as the server ignores it
        Run run = run("policy", "check", folder.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("OK " + folder.resolve("study-42.yaml") + " (purpose study-42)");
    }

    @Test
    void anInvalidFileGivesFileLineColumnAndExit1(@TempDir Path folder) throws IOException {
        Broken broken = brokenExample(folder);
        Run run = run("policy", "check", EXAMPLE.toString(), broken.file().toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("OK " + EXAMPLE + " (purpose study-42)" + System.lineSeparator());
        assertThat(run.err().lines()).containsExactly(broken.file() + ":" + broken.line() + ":" + broken.column()
                + ": 'lease.max_ttl' must be a duration like 30m or 8h (units d, h, m, s), got 'forever'");
    }

    @Test
    void everyProblemOfAFolderIsReported(@TempDir Path folder) throws IOException {
        Broken broken = brokenExample(folder);
        Files.writeString(folder.resolve("other.yaml"), "purpose: other\nmaks: 1\n");
        Run run = run("policy", "check", folder.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty(); // a folder with a problem loads nothing
        assertThat(run.err().lines())
                .anyMatch(line -> line.startsWith(broken.file() + ":" + broken.line() + ":" + broken.column() + ": "))
                .anyMatch(line -> line.startsWith(folder.resolve("other.yaml") + ":2:1: unknown key 'maks'"))
                .allMatch(line -> line.matches(".+\\.yaml:\\d+:\\d+: .+"));
    }

    @Test
    void aMissingPathExitsWith2(@TempDir Path folder) {
        Path missing = folder.resolve("no-such-policy.yaml");
        Run run = run("policy", "check", EXAMPLE.toString(), missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(missing + ": no such file or folder");
        assertThat(run.out()).contains("OK " + EXAMPLE); // the others are still checked
    }

    @Test
    void noArgumentsExitWith2AndSayWhatIsMissing() {
        Run run = run("policy", "check");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("FILE_OR_FOLDER").contains("see 'phiguard policy check --help'");
        Run bare = run("policy");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("Usage: phiguard policy").contains("check");
    }

    @Test
    void helpExplainsTheOutputAndTheExitCodes() {
        Run run = run("policy", "check", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: phiguard policy check", "FILE_OR_FOLDER", "OK <file> (purpose <id>)",
                "<file>:<line>:<column>: <message>", "Exit codes:", "1  at least one policy has problems",
                "2  wrong usage");
        assertThat(run("--help").out()).contains("policy");
        assertThat(run("policy", "--help").out()).contains("check");
    }
}
