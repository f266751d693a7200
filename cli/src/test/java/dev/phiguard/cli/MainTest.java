package dev.phiguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {
    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
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
        assertThat(run.out()).contains("--data-dir", "--proxy-listen", "--patients", "--require-tls", "--lease-ttl",
                "dev-lease.env");
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
        "server --lease-ttl forever              | is not a duration",
        "server --lease-ttl 0s                   | must be positive",
        "server --patients many                  | --patients",
        "no-such-command                         | Unmatched argument"
    })
    void badArgumentsExitWith2AndSayWhatIsWrong(String args, String message) {
        Run run = run(args.trim().split("\\s+"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(run.out()).doesNotContain("phiguard is running");
    }
}
