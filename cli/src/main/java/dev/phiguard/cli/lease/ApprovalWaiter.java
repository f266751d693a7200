package dev.phiguard.cli.lease;

import dev.phiguard.cli.DurationConverter;
import dev.phiguard.cli.ExitCodes;
import dev.phiguard.cli.ExitCodes.UserFacingException;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.LeaseState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a pending lease is decided, by re-issuing the broker's long-poll (woken by the change, not by
 * polling) until the wait elapses, while a ticker thread keeps the {@link WaitProgress} up to date. Returns the
 * usable lease, or fails with the documented exit code: 3 denied, 4 nobody approved in time, 5 ended.
 */
public final class ApprovalWaiter {
    private final BrokerClient client;
    private final Clock clock;

    public ApprovalWaiter(BrokerClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The lease once approved (at once when it already is). */
    public Lease await(Lease lease, Duration wait, WaitProgress progress) {
        if (lease.state() != LeaseState.PENDING) {
            return outcome(lease);
        }
        Instant start = clock.instant();
        Instant deadline = start.plus(wait);
        Lease current = lease;
        progress.start();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phiguard-progress");
            t.setDaemon(true);
            return t;
        });
        long every = progress.interval().toMillis();
        ticker.scheduleAtFixedRate(() -> progress.update(Duration.between(start, clock.instant())),
                every, every, TimeUnit.MILLISECONDS);
        try {
            while (current.state() == LeaseState.PENDING) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new UserFacingException(ExitCodes.TIMED_OUT, "lease " + current.id() + " is still pending"
                            + " after " + DurationConverter.format(wait) + " (--wait); a reviewer can still approve"
                            + " it until " + current.pendingDeadline());
                }
                current = client.awaitChange(current.id(), current.version(),
                        left.compareTo(BrokerClient.MAX_LONG_POLL) < 0 ? left : BrokerClient.MAX_LONG_POLL);
            }
        } finally {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.finish();
        }
        return outcome(current);
    }

    /** A decided lease: usable, or the exit code that says why not. */
    static Lease outcome(Lease lease) {
        return switch (lease.state()) {
            case APPROVED, ACTIVE -> lease;
            case DENIED -> throw new UserFacingException(ExitCodes.DENIED, "lease " + lease.id() + " was denied"
                    + by(lease) + because(lease));
            case EXPIRED -> throw new UserFacingException(ExitCodes.TIMED_OUT, "lease " + lease.id()
                    + " expired before anyone approved it");
            case ENDED -> throw new UserFacingException(ExitCodes.LEASE_ENDED, "lease " + lease.id() + " has ended ("
                    + (lease.endReason() == null ? "ENDED" : lease.endReason()) + ")" + by(lease) + because(lease));
            case PENDING, UNKNOWN -> throw new UserFacingException(ExitCodes.FAILED, "lease " + lease.id()
                    + " is in state " + lease.state() + ", which this client does not understand");
        };
    }

    private static String by(Lease lease) {
        return lease.ending() != null && lease.ending().by() != null ? " by " + lease.ending().by().subject() : "";
    }

    private static String because(Lease lease) {
        return lease.ending() != null && lease.ending().reason() != null ? ": " + lease.ending().reason() : "";
    }
}
