package dev.phiguard.cli.lease;

import java.io.PrintWriter;
import java.time.Duration;

/** Progress on a terminal: one line redrawn in place with a spinner, the elapsed time and the lease id. */
public final class Spinner implements WaitProgress {
    private static final String FRAMES = "|/-\\";
    private static final String CLEAR_LINE = "\r\033[K";
    private final PrintWriter err;
    private final String leaseId;
    private int frame;

    public Spinner(PrintWriter err, String leaseId) {
        this.err = err;
        this.leaseId = leaseId;
    }

    @Override
    public void start() {
        update(Duration.ZERO);
    }

    @Override
    public synchronized void update(Duration elapsed) {
        err.print(CLEAR_LINE + FRAMES.charAt(frame++ % FRAMES.length()) + " waiting for approval of " + leaseId
                + "  " + WaitProgress.clock(elapsed));
        err.flush();
    }

    @Override
    public synchronized void finish() {
        err.print(CLEAR_LINE);
        err.flush();
    }

    @Override
    public Duration interval() {
        return Duration.ofMillis(120);
    }
}
