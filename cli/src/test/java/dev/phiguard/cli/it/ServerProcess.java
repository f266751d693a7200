package dev.phiguard.cli.it;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code phiguard server} running as a real operating-system process (its own JVM, started from the test class
 * path), the way an operator runs it: the tests read its printed addresses, wait for {@code /healthz}, and stop it
 * with SIGTERM or kill it with SIGKILL. Its output is kept for assertions (no secret may be in it).
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern API = Pattern.compile("broker API\\s+(http://\\S+)");
    private static final Pattern PROXY = Pattern.compile("PostgreSQL proxy\\s+([^\\s:]+):(\\d+)");

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    private ServerProcess(Process process) {
        this.process = process;
        this.pump = new Thread(this::pump, "server-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts {@code phiguard server ARGS} in a new JVM and waits until its API answers {@code /healthz}. */
    public static ServerProcess start(Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.phiguard.cli.Main", "server"));
        command.addAll(args);
        return start(new ProcessBuilder(command).directory(workDir.toFile()));
    }

    /** Starts {@code scripts/phiguard server ARGS}, the launcher an operator runs, and waits for {@code /healthz}. */
    public static ServerProcess startWithLauncher(Path workDir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Launcher.script().toString(), "server"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().put("PHIGUARD_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC");
        return start(builder);
    }

    private static ServerProcess start(ProcessBuilder builder) throws IOException {
        builder.redirectErrorStream(true);
        builder.environment().remove("PHIGUARD_TOKEN");
        builder.environment().remove("PHIGUARD_URL");
        ServerProcess server = new ServerProcess(builder.start());
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> server.apiUrl().isPresent() || !server.process.isAlive());
            if (!server.process.isAlive()) {
                throw new IllegalStateException("phiguard server exited with " + server.process.exitValue() + ":\n"
                        + server.output());
            }
            HttpClient http = HttpClient.newHttpClient();
            URI health = URI.create(server.apiUrl().orElseThrow() + "/healthz");
            await().atMost(Duration.ofMinutes(1)).until(() -> status(http, health) == 200);
        } catch (RuntimeException e) {
            server.kill();
            throw e;
        }
        return server;
    }

    private static int status(HttpClient http, URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        } catch (IOException e) {
            output.append("[output closed: ").append(e.getMessage()).append("]\n");
        }
    }

    /** The broker API's base URL as the server printed it. */
    public Optional<String> apiUrl() {
        Matcher m = API.matcher(output);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The proxy's host as printed. */
    public String proxyHost() {
        Matcher m = PROXY.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("the server printed no proxy address:\n" + output);
        }
        return m.group(1);
    }

    /** The proxy's port as printed. */
    public int proxyPort() {
        Matcher m = PROXY.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("the server printed no proxy address:\n" + output);
        }
        return Integer.parseInt(m.group(2));
    }

    /** Everything the process printed so far (stdout and stderr). */
    public String output() {
        return output.toString();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed that was not flushed already. */
    public void kill() {
        // through the handle: Process.destroy* would also close our end of its output before we read the rest
        process.toHandle().destroyForcibly();
        waitFor();
    }

    /** SIGTERM, then waits for the exit code. */
    public int terminate() {
        process.toHandle().destroy();
        return waitFor();
    }

    private int waitFor() {
        try {
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
