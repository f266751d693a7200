package dev.phiguard.broker.service;

import dev.phiguard.broker.events.LeaseChange;
import dev.phiguard.broker.events.LeaseChangeListener;
import dev.phiguard.broker.lease.Lease;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-poll waiters of one node: futures keyed by lease, completed when the change feed reports a version other
 * than the one a waiter knows, or with the unchanged lease when its timeout passes. No thread waits per waiter: a
 * waiter is a map entry and a scheduled timeout. A change this node commits completes its waiters directly with the
 * committed lease ({@link #committed}); for a change the feed reports from another node, the one executor thread
 * re-reads the lease and completes the futures.
 */
final class ChangeWaiters implements LeaseChangeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeWaiters.class);

    private final Function<String, Optional<Lease>> reader;
    private final ScheduledExecutorService executor;
    private final Map<String, Set<Waiter>> byLease = new ConcurrentHashMap<>();

    /** One waiting caller. */
    private record Waiter(String leaseId, long fromVersion, CompletableFuture<Lease> future) {
    }

    /**
     * @param reader   reads the current lease from the store
     * @param executor runs the re-reads and the timeouts
     */
    ChangeWaiters(Function<String, Optional<Lease>> reader, ScheduledExecutorService executor) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * A future of the lease at a version other than {@code fromVersion}: completed at once if the store holds one,
     * else at the first such change, else after {@code timeout} with the lease as it is then.
     */
    CompletableFuture<Lease> await(String leaseId, long fromVersion, Duration timeout) {
        CompletableFuture<Lease> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(leaseId, fromVersion, future);
        // registered before the first read, so a change committed in between is not lost
        byLease.compute(leaseId, (id, waiters) -> {
            Set<Waiter> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            set.add(waiter);
            return set;
        });
        future.whenComplete((lease, failure) -> remove(waiter));
        Optional<Lease> current;
        try {
            current = reader.apply(leaseId);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        if (current.isEmpty()) {
            future.completeExceptionally(new LeaseServiceException(LeaseServiceException.Code.NOT_FOUND,
                    "no lease " + leaseId));
        } else if (current.get().version() != fromVersion) {
            future.complete(current.get());
        } else {
            try {
                ScheduledFuture<?> timer = executor.schedule(() -> completeWithCurrent(waiter, true),
                        timeout.toNanos(), TimeUnit.NANOSECONDS);
                future.whenComplete((lease, failure) -> timer.cancel(false));
            } catch (RejectedExecutionException e) {
                future.complete(current.get());
            }
        }
        return future;
    }

    /**
     * This node committed {@code lease}: its waiters are answered with it at once, on the committing thread, without
     * reading the store again (the feed's later report of the same change finds them answered).
     */
    void committed(Lease lease) {
        Set<Waiter> waiters = byLease.get(lease.id());
        if (waiters == null) {
            return;
        }
        for (Waiter waiter : waiters) {
            if (waiter.fromVersion() != lease.version()) {
                waiter.future().complete(lease);
            }
        }
    }

    @Override
    public void changed(LeaseChange change) {
        Set<Waiter> waiters = byLease.get(change.leaseId());
        if (waiters == null) {
            return;
        }
        for (Waiter waiter : waiters) {
            if (waiter.fromVersion() != change.version() && !waiter.future().isDone()) {
                recheck(waiter);
            }
        }
    }

    @Override
    public void changesMayHaveBeenMissed() {
        byLease.values().forEach(waiters -> waiters.forEach(this::recheck));
    }

    /** How many callers are waiting (for tests and metrics). */
    int size() {
        return byLease.values().stream().mapToInt(Set::size).sum();
    }

    private void recheck(Waiter waiter) {
        try {
            executor.execute(() -> completeWithCurrent(waiter, false));
        } catch (RejectedExecutionException e) {
            waiter.future().cancel(false);
        }
    }

    private void completeWithCurrent(Waiter waiter, boolean timedOut) {
        if (waiter.future().isDone()) {
            return;
        }
        try {
            Optional<Lease> current = reader.apply(waiter.leaseId());
            if (current.isEmpty()) {
                waiter.future().completeExceptionally(new LeaseServiceException(LeaseServiceException.Code.NOT_FOUND,
                        "no lease " + waiter.leaseId()));
            } else if (timedOut || current.get().version() != waiter.fromVersion()) {
                waiter.future().complete(current.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not re-read lease {} for a waiter", waiter.leaseId(), e);
            waiter.future().completeExceptionally(e);
        }
    }

    private void remove(Waiter waiter) {
        byLease.computeIfPresent(waiter.leaseId(), (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }

    /** Ends every wait (its future is cancelled). */
    @Override
    public void close() {
        byLease.values().forEach(waiters -> waiters.forEach(w -> w.future().cancel(false)));
        byLease.clear();
    }
}
