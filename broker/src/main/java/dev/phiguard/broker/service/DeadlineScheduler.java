package dev.phiguard.broker.service;

import dev.phiguard.broker.events.LeaseChangeFeed;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.store.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires lease deadlines (TTL expiry, pending timeout) on time: one thread per node that fires everything due, then
 * sleeps until the store's earliest deadline. Any change on the feed wakes it early (a new or approved lease may
 * bring an earlier deadline), and so does {@link #wake()}. Because deadlines are stored with the leases, the first
 * round after {@link #start()} fires everything that passed while the node was down.
 *
 * <p>Several nodes may fire the same deadline: the service applies it under optimistic concurrency, so exactly one
 * write wins and the others find nothing due any more. The sleep is measured with the injected clock and never
 * longer than {@link #MAX_SLEEP}, so a clock that jumps is noticed. Two rounds are at least {@link #MIN_ROUND_GAP}
 * apart (real time), so a burst of lease changes costs the store one look, not one per change; a deadline may thus
 * fire that much late.
 */
public final class DeadlineScheduler implements AutoCloseable {

    /** The longest sleep between two looks at the store's deadlines. */
    public static final Duration MAX_SLEEP = Duration.ofMinutes(1);
    /** The pause after a round that failed (e.g. the store is unreachable). */
    static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    /** The shortest real time between two rounds. */
    public static final Duration MIN_ROUND_GAP = Duration.ofMillis(20);
    /** How many due leases one store query fetches. */
    static final int BATCH = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineScheduler.class);

    private final LeaseStore store;
    private final LeaseService service;
    private final LeaseChangeFeed feed;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private boolean woken; // guarded by lock
    private volatile boolean closed;
    private LeaseChangeFeed.Subscription subscription;

    public DeadlineScheduler(LeaseStore store, LeaseService service, LeaseChangeFeed feed, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.service = Objects.requireNonNull(service, "service");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = new Thread(this::run, "phiguard-deadlines");
        thread.setDaemon(true);
    }

    /** Starts the thread; its first round fires every overdue deadline. */
    public synchronized DeadlineScheduler start() {
        if (subscription == null) {
            subscription = feed.subscribe(change -> wake());
            thread.start();
        }
        return this;
    }

    /** Look at the deadlines again now (the clock moved, a lease changed). */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires every deadline due at the clock's current instant, in deadline order.
     *
     * @return the leases whose deadline this call fired (those another node fired first are not included)
     */
    public List<Lease> fireDue() {
        Instant now = clock.instant();
        List<Lease> fired = new java.util.ArrayList<>();
        while (true) {
            List<Lease> due = store.dueDeadlines(now, BATCH);
            int before = fired.size();
            for (Lease lease : due) {
                service.fireDeadline(lease.id()).ifPresent(fired::add);
            }
            if (due.size() < BATCH || fired.size() == before) {
                return fired;
            }
        }
    }

    private void run() {
        long lastRound = System.nanoTime() - MIN_ROUND_GAP.toNanos();
        while (!closed) {
            long sinceLast = System.nanoTime() - lastRound;
            if (sinceLast < MIN_ROUND_GAP.toNanos()) {
                java.util.concurrent.locks.LockSupport.parkNanos(MIN_ROUND_GAP.toNanos() - sinceLast);
                continue;
            }
            lastRound = System.nanoTime();
            Duration sleep;
            try {
                List<Lease> fired = fireDue();
                if (!fired.isEmpty()) {
                    LOG.debug("{} lease deadline(s) fired", fired.size());
                }
                Optional<Instant> next = store.earliestDeadline();
                sleep = next.map(deadline -> Duration.between(clock.instant(), deadline)).orElse(MAX_SLEEP);
                if (sleep.compareTo(MAX_SLEEP) > 0) {
                    sleep = MAX_SLEEP;
                }
                if (sleep.isNegative() || sleep.isZero()) {
                    // a deadline is due but nothing fired it (still being written by another node): look again soon
                    sleep = Duration.ofMillis(50);
                }
            } catch (RuntimeException e) {
                LOG.warn("firing lease deadlines failed; trying again in {}", FAILURE_PAUSE, e);
                sleep = FAILURE_PAUSE;
            }
            await(sleep);
        }
    }

    private void await(Duration duration) {
        lock.lock();
        try {
            long nanos = duration.toNanos();
            while (!woken && !closed && nanos > 0) {
                nanos = signal.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread (waits for the current round to finish). */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (subscription != null) {
                subscription.close();
            }
        }
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
