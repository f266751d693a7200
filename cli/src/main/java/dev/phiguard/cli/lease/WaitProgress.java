package dev.phiguard.cli.lease;

import java.time.Duration;

/**
 * What the user sees while a lease waits for approval. {@link #update} is called often (by a ticker thread) with
 * the time waited so far; each implementation decides what to print.
 */
public sealed interface WaitProgress permits Spinner, PlainProgress {
    /** Waiting begins. */
    void start();

    /** Time waited so far. */
    void update(Duration elapsed);

    /** Waiting is over (whatever the outcome). */
    void finish();

    /** How often {@link #update} should be called. */
    Duration interval();

    /** Elapsed time as {@code m:ss} (or {@code h:mm:ss}). */
    static String clock(Duration elapsed) {
        long s = elapsed.toSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
