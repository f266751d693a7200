package dev.phiguard.cli.lease;

import dev.phiguard.cli.ExitCodes;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a command with extra variables in its environment (never in its arguments) and the caller's stdio, and
 * returns its exit code. A JVM shutdown hook (SIGINT, SIGTERM) passes the signal on to the child by terminating
 * it and waits for it. {@code afterExit} runs exactly once when the child is gone, whichever way it went:
 * normal exit, failure, or signal.
 */
public final class CommandRunner {
    /** The shell's code for a command that cannot be started. */
    public static final int CANNOT_RUN = 127;
    private static final long GRACE_SECONDS = 10;

    /** Runs {@code command}; returns its exit code (128 + signal number when a signal ended it). */
    public int run(List<String> command, Map<String, String> extraEnv, Runnable afterExit) {
        Once finish = new Once(afterExit);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(extraEnv);
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            finish.run();
            throw new ExitCodes.UserFacingException(CANNOT_RUN, "cannot run " + command.get(0) + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        Thread hook = new Thread(() -> {
            stop(child);
            finish.run();
        }, "phiguard-child-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(child);
            return child.isAlive() ? ExitCodes.FAILED : child.exitValue();
        } finally {
            finish.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it waits for finish
            }
        }
    }

    /** SIGTERM to the child, then SIGKILL if it has not gone after a grace period. */
    private static void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs an action once; a second caller waits until the first has finished it. */
    private static final class Once implements Runnable {
        private final Runnable action;
        private final AtomicBoolean claimed = new AtomicBoolean();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Once(Runnable action) {
            this.action = action;
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    action.run();
                } finally {
                    done.complete(null);
                }
                return;
            }
            try {
                done.get(GRACE_SECONDS * 3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                // the other caller failed or hangs: nothing more to do here
            }
        }
    }
}
