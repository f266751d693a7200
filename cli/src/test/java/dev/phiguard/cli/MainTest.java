package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExplainsTheCommandAndItsExitCodes() {
        Run run = run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: phiguard", "server", "Exit codes:", "2  invalid arguments");
    }

    @Test
    void serverHelpDocumentsEveryOption() {
        Run run = run("server", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--config", "--data-dir", "--listen", "--proxy-listen", "--patients",
                "--require-tls", "--policies", "--pass-through", "embedded defaults", "docs/configuration.md");
    }

    @Test
    void versionNamesTheProduct() {
        Run run = run("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("phiguard ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--no-such-flag                          | Unknown option",
        "server --proxy-listen nonsense          | is not HOST:PORT",
        "server --proxy-listen 127.0.0.1:99999   | between 0 and 65535",
        "server --proxy-listen host:port         | the port must be a number",
        "server --listen 127.0.0.1:x             | the port must be a number",
        "server --config /no/such/file.yaml      | /no/such/file.yaml: no such file",
        "server --patients many                  | --patients",
        "no-such-command                         | Unmatched argument",
        "lease                                   | Missing required option: '--purpose=PURPOSE'",
        "lease --purpose p --wait soon           | is not a duration",
        "lease --purpose p --format yaml         | --format",
        "lease --purpose p --nope                | Unknown option: '--nope'",
        "approve                                 | Missing required parameter: 'ID'",
        "leases --limit lots                     | --limit",
        "token issue --group ci                  | Missing required option: '--subject=SUBJECT'",
        "token issue --subject s --claim novalue | novalue",
        "completion fish                         | fish"
    })
    void badArgumentsExitWith2AndSayWhatIsWrong(String args, String message) {
        Run run = run(args.trim().split("\\s+"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).doesNotContain("phiguard is running");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "lease --purpose p --nope            | phiguard lease",
        "approve                             | phiguard approve",
        "leases show                         | phiguard leases show",
        "token issue                         | phiguard token issue",
        "--no-such-flag                      | phiguard"
    })
    void aBadFlagGetsAOneLineHintAndAHelpPointer(String args, String command) {
        Run run = run(args.trim().split("\\s+"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().filter(l -> !l.startsWith("did you mean"))).hasSize(2);
        assertThat(run.err()).startsWith("phiguard: ").endsWith("see '" + command + " --help'\n")
                .doesNotContain("Usage:", "\tat ");
    }

    @ParameterizedTest
    @CsvSource({"lease", "leases", "leases show", "approve", "deny", "revoke", "sessions", "whoami", "token issue",
        "completion"})
    void everyClientCommandsHelpHasADescriptionAndExamples(String command) {
        List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run run = run(args.toArray(String[]::new));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: phiguard " + command).contains("Examples:", "  phiguard ");
        if (!command.equals("completion")) {
            assertThat(run.out()).contains("--url", "--token-file", "--verbose");
        }
    }

    @Test
    void helpListsEveryExitCodeAndTheClientCommands() {
        Run run = run("--help");
        assertThat(run.out()).contains("lease ", "leases ", "approve ", "deny ", "revoke ", "sessions ", "whoami ",
                "token ", "completion ");
        for (String line : ExitCodes.HELP) {
            assertThat(run.out()).contains(line);
        }
        assertThat(run.out()).contains("3  denied", "4  timed out", "5  the lease expired", "6  cannot reach");
    }

    @Test
    void completionScriptsKnowTheCommandsAndOptions() {
        Run bash = run("completion", "bash");
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F", "lease", "--purpose", "approve");
        Run zsh = run("completion", "zsh");
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit", "--purpose");
    }

    @Test
    void aClientCommandWithoutTokenSaysWhereTokensComeFrom() {
        Run run = run(Map.of(), "whoami");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no token", "--token-file", "PHIGUARD_TOKEN", "id-token: write",
                "PHIGUARD_ID_TOKEN");
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        Run run = run(Map.of("PHIGUARD_TOKEN", "t"), "whoami", "--url", "ftp://broker");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'ftp://broker' is not an http(s) URL");
    }
}
