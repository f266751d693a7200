package dev.phiguard.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.cli.Main;
import dev.phiguard.cli.client.FakeBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code phiguard lease -- CMD} as a separate JVM, the way a CI job runs it: SIGTERM to phiguard reaches the
 * command, and the lease is ended afterwards; the credential is in the command's environment, never in an argument
 * list. The broker is the contract stand-in {@link FakeBroker}.
 */
class LeaseProcessIT {
    private static final String LEASE = "lease-1f3k2m9q4r8t1v5w";
    private final FakeBroker broker = new FakeBroker();
    private Process phiguard;

    @AfterEach
    void stop() {
        if (phiguard != null) {
            phiguard.destroyForcibly();
        }
        broker.close();
    }

    private Process start(Path dir, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "lease", "--purpose", "study-42", "--"));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("PHIGUARD_URL", broker.url().toString());
        builder.environment().put("PHIGUARD_TOKEN", FakeBroker.TOKEN);
        return builder.start();
    }

    @Test
    void sigtermReachesTheCommandAndTheLeaseIsEnded(@TempDir Path dir) throws Exception {
        broker.newLeasesStartIn("APPROVED");
        Path pidFile = dir.resolve("child.pid");
        Path terminated = dir.resolve("child.terminated");
        phiguard = start(dir, "bash", "-c",
                "trap 'echo TERM > \"$1\"; kill $sleeper; exit 9' TERM;"
                        + " sleep 600 & sleeper=$!; echo $$ > \"$0.tmp\"; mv \"$0.tmp\" \"$0\"; wait $sleeper",
                pidFile.toString(), terminated.toString());
        await().atMost(1, TimeUnit.MINUTES).until(() -> Files.exists(pidFile) || !phiguard.isAlive());
        assertThat(phiguard.isAlive()).as(Files.readString(dir.resolve("err"))).isTrue();
        long child = Long.parseLong(Files.readString(pidFile).strip());

        String cmdline = Files.readString(Path.of("/proc/" + child + "/cmdline"), StandardCharsets.UTF_8);
        String environ = Files.readString(Path.of("/proc/" + child + "/environ"), StandardCharsets.UTF_8);
        String phiguardCmdline = Files.readString(Path.of("/proc/" + phiguard.pid() + "/cmdline"),
                StandardCharsets.UTF_8);
        assertThat(cmdline + phiguardCmdline).doesNotContain(FakeBroker.PASSWORD).doesNotContain(FakeBroker.TOKEN);
        assertThat(environ.split("\0")).contains("PGPASSWORD=" + FakeBroker.PASSWORD);
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).isEmpty();

        phiguard.destroy(); // SIGTERM
        assertThat(phiguard.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(Files.readString(terminated).strip()).isEqualTo("TERM");
        assertThat(ProcessHandle.of(child)).isEmpty();
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).hasSize(1);
        String output = Files.readString(dir.resolve("out")) + Files.readString(dir.resolve("err"));
        assertThat(output).doesNotContain(FakeBroker.PASSWORD).doesNotContain(FakeBroker.TOKEN);
    }

    @Test
    void exitsWithTheCommandsCodeAndEndsTheLease(@TempDir Path dir) throws Exception {
        broker.newLeasesStartIn("APPROVED");
        Path atFile = Files.writeString(dir.resolve("args"), "expanded");
        phiguard = start(dir, "bash", "-c", "echo from the job \"$0\"; exit 42", "@" + atFile);
        assertThat(phiguard.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(phiguard.exitValue()).as(Files.readString(dir.resolve("err"))).isEqualTo(42);
        assertThat(Files.readString(dir.resolve("out"))).isEqualTo("from the job @" + atFile + "\n");
        assertThat(broker.received("POST", "/v1/leases/" + LEASE + "/end")).hasSize(1);
    }

}
