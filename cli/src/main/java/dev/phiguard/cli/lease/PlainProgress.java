package dev.phiguard.cli.lease;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress for logs (CI, pipes): one plain line when waiting starts and one every {@link #EVERY}, so a log
 * shows the job is alive without filling up.
 */
public final class PlainProgress implements WaitProgress {
    static final Duration EVERY = Duration.ofSeconds(30);
    private final PrintWriter err;
    private final String leaseId;
    private long printedSlot;

    public PlainProgress(PrintWriter err, String leaseId) {
        this.err = err;
        this.leaseId = leaseId;
    }

    @Override
    public void start() {
        err.println("phiguard: waiting for approval of " + leaseId);
        err.flush();
    }

    @Override
    public synchronized void update(Duration elapsed) {
        long slot = elapsed.toSeconds() / EVERY.toSeconds();
        if (slot > printedSlot) {
            printedSlot = slot;
            err.println("phiguard: still waiting for approval of " + leaseId + " (" + WaitProgress.clock(elapsed)
                    + ")");
            err.flush();
        }
    }

    @Override
    public void finish() {
        // the outcome is printed by the caller
    }

    @Override
    public Duration interval() {
        return Duration.ofSeconds(1);
    }
}
