package dev.phiguard.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real child process: its exit code, its environment, its argument list. */
class CommandRunnerTest {
    private static final String PASSWORD = "s3cret-'$(id)'-pw";
    private final CommandRunner runner = new CommandRunner();
    private final AtomicInteger ended = new AtomicInteger();

    @Test
    void returnsTheExitCodeOfTheCommandAndRunsAfterExitOnce() {
        int code = runner.run(List.of("bash", "-c", "exit 7"), Map.of(), ended::incrementAndGet);
        assertThat(code).isEqualTo(7);
        assertThat(ended).hasValue(1);
    }

    @Test
    void theCredentialIsInTheChildsEnvironmentAndNotInItsArguments(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        Path fifo = dir.resolve("go");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> runner.run(
                List.of("bash", "-c", "echo $$ > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; read -r line < \"$1\";"
                        + " [ \"$PGPASSWORD\" = \"$line\" ]", pidFile.toString(), fifo.toString()),
                Map.of("PGPASSWORD", PASSWORD, "PGUSER", "lease-a"), ended::incrementAndGet));
        await().atMost(1, TimeUnit.MINUTES).until(() -> Files.exists(pidFile));
        long pid = Long.parseLong(Files.readString(pidFile).strip());

        String cmdline = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
        String environ = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
        assertThat(cmdline).contains("bash").doesNotContain(PASSWORD);
        assertThat(environ.split("\0")).contains("PGPASSWORD=" + PASSWORD, "PGUSER=lease-a");
        assertThat(ended).hasValue(0);

        Files.writeString(fifo, PASSWORD + "\n");
        assertThat(exit.get(1, TimeUnit.MINUTES)).as("the child saw PGPASSWORD").isZero();
        assertThat(ended).hasValue(1);
    }

    @Test
    void aCommandThatCannotStartExits127AndStillRunsAfterExit() {
        assertThatThrownBy(() -> runner.run(List.of("/no/such/command"), Map.of(), ended::incrementAndGet))
                .isInstanceOfSatisfying(ExitCodes.UserFacingException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(CommandRunner.CANNOT_RUN))
                .hasMessageStartingWith("cannot run /no/such/command");
        assertThat(ended).hasValue(1);
    }

    @Test
    void aChildKilledBySignalReportsTheShellsCode() {
        assertThat(runner.run(List.of("bash", "-c", "kill -TERM $$"), Map.of(), ended::incrementAndGet))
                .isEqualTo(128 + 15);
    }
}
