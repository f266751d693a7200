package dev.phiguard.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code scripts/phiguard}, the launcher users type, as a separate process with its own environment, the
 * way a CI job or a reviewer's terminal does. The built jar is used as is (the build made it before the ITs).
 */
final class Launcher {

    private Launcher() {
    }

    /** The repository's {@code scripts/phiguard}. */
    static Path script() {
        Path cli = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path root = Files.exists(cli.resolve("scripts/phiguard")) ? cli : cli.getParent();
        Path script = root.resolve("scripts/phiguard");
        assertThat(script).as("the launcher").isExecutable();
        return script;
    }

    /** A finished command: exit code and its output streams. */
    record Result(int exitCode, String out, String err) {
    }

    /** Starts {@code phiguard ARGS} with {@code env} added to a clean environment (no PHIGUARD_* of the test's). */
    static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(script().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PHIGUARD_") || k.startsWith("PG")
                || k.startsWith("ACTIONS_ID_TOKEN"));
        builder.environment().put("PHIGUARD_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs {@code phiguard ARGS} to its end (at most two minutes). */
    static Result run(Map<String, String> env, String... args) throws Exception {
        return finish(start(env, args));
    }

    /** Waits for a started process and collects its output. */
    static Result finish(Process process) throws Exception {
        CompletableFuture<String> out = read(process.getInputStream());
        CompletableFuture<String> err = read(process.getErrorStream());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("phiguard did not finish: " + err.getNow(""));
        }
        return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
    }

    static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "[unreadable: " + e.getMessage() + "]";
            }
        });
    }
}
