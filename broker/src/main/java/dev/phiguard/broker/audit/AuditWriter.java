package dev.phiguard.broker.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes audit events from the data path (e.g. the proxy's event loop) without a database round trip per event: a
 * bounded queue in front of one writer thread that appends them in batches ({@link AuditLog#appendAll}, one
 * transaction per batch), in the order they were submitted.
 *
 * <p><b>Back-pressure, never loss.</b> The queue holds at most {@code capacity} events and, together, at most
 * {@code maxQueuedKeys} record-key hashes (so a bulk read's keys cannot pile up in memory). When the queue is full, {@link #submit} blocks the caller for at most the
 * configured wait, then throws {@link AuditQueueFullException}: the event is refused loudly, so the caller can refuse
 * the statement it describes (fail closed) instead of running it unaudited. Nothing is ever dropped silently. A batch
 * the database refuses is retried with growing pauses until it is written or the writer is closed; meanwhile the queue
 * fills and callers see the back-pressure. (Events check their own fields and lengths when they are built, so a
 * refusal means the database is unavailable, not that one event is bad; should an event still be refused for good,
 * the writer keeps failing closed rather than skipping it.)
 *
 * <p>{@link #flush} waits until every event submitted before it is written; {@link #close} stops taking events, drains
 * the queue and stops the thread.
 */
public final class AuditWriter implements AutoCloseable {

    /** Default queue capacity, in events. */
    public static final int DEFAULT_CAPACITY = 10_000;
    /** Default largest batch per transaction. */
    public static final int DEFAULT_BATCH = 500;
    /** Default longest wait of {@link #submit} on a full queue. */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(1);
    /**
     * Default most record-key hashes queued at once (about 150 bytes of heap each): the queue is also full when the
     * statements in it carry this many keys, so a bulk read cannot pile up an unbounded backlog in memory.
     */
    public static final long DEFAULT_MAX_QUEUED_KEYS = 500_000;

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** What the queue holds: events, and markers for flush and close. */
    private sealed interface Item permits Event, Barrier {
    }

    private record Event(AuditEvent event, long keys) implements Item {
    }

    private record Barrier(CountDownLatch reached, boolean stop) implements Item {
    }

    private final AuditLog log;
    private final BlockingQueue<Item> queue;
    private final int maxBatch;
    private final Duration maxBlock;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final long maxQueuedKeys;
    /** Record keys of the events queued and not yet written; guarded by {@code keyRoom}. */
    private long queuedKeys;
    private final Object keyRoom = new Object();
    private volatile boolean closed;

    /**
     * Starts the writer thread.
     *
     * @param log      where events go
     * @param capacity the queue's capacity, in events
     * @param maxBatch the most events per transaction
     * @param maxBlock how long {@link #submit} waits on a full queue before it refuses
     */
    public AuditWriter(AuditLog log, int capacity, int maxBatch, Duration maxBlock) {
        this(log, capacity, maxBatch, maxBlock, DEFAULT_MAX_QUEUED_KEYS);
    }

    /**
     * Starts the writer thread.
     *
     * @param maxQueuedKeys the most record-key hashes in queued events; an event that would pass it waits like one
     *                      that finds the queue full (an event alone in the queue is always taken)
     */
    public AuditWriter(AuditLog log, int capacity, int maxBatch, Duration maxBlock, long maxQueuedKeys) {
        this.log = Objects.requireNonNull(log, "log");
        if (capacity < 1 || maxBatch < 1 || maxQueuedKeys < 1) {
            throw new IllegalArgumentException("capacity, maxBatch and maxQueuedKeys must be at least 1");
        }
        this.maxQueuedKeys = maxQueuedKeys;
        Objects.requireNonNull(maxBlock, "maxBlock");
        if (maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must not be negative");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.maxBlock = maxBlock;
        this.thread = new Thread(this::run, "phiguard-audit-writer");
        thread.start();
    }

    /** A writer with the default capacity, batch size and wait. */
    public static AuditWriter start(AuditLog log) {
        return new AuditWriter(log, DEFAULT_CAPACITY, DEFAULT_BATCH, DEFAULT_MAX_BLOCK);
    }

    /**
     * Queues an event to be appended.
     *
     * @throws AuditQueueFullException when the queue stayed full for the whole wait; the event was not taken
     * @throws IllegalStateException   when the writer is closed
     */
    public void submit(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        boolean taken;
        try {
            taken = take(event, maxBlock.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditQueueFullException("interrupted while waiting for room in the audit queue; an audit event"
                    + " was not taken");
        }
        if (!taken) {
            throw new AuditQueueFullException("the audit queue stayed full for " + maxBlock.toMillis() + " ms ("
                    + queue.size() + " events waiting); an audit event was not taken");
        }
    }

    /**
     * Queues an event if there is room now, without waiting.
     *
     * @return false when the queue is full; the event was not taken
     * @throws IllegalStateException when the writer is closed
     */
    public boolean offer(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            return take(event, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Queues an event, waiting at most {@code timeout} for room.
     *
     * @return false when the queue stayed full; the event was not taken
     * @throws IllegalStateException when the writer is closed
     */
    public boolean offer(AuditEvent event, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(timeout, "timeout");
        return take(event, timeout.toNanos());
    }

    /** Queues the event when it finds room (events and record keys) within {@code waitNanos}; false when not. */
    private boolean take(AuditEvent event, long waitNanos) throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("the audit writer is closed; an audit event cannot be taken");
        }
        long deadline = System.nanoTime() + waitNanos;
        Event item = new Event(event, keysOf(event));
        if (!reserveKeys(item.keys(), waitNanos)) {
            return false;
        }
        if (queue.offer(item, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return true;
        }
        releaseKeys(item.keys());
        return false;
    }

    /** Record-key hashes in the queued events now. */
    public long queuedKeys() {
        synchronized (keyRoom) {
            return queuedKeys;
        }
    }

    private static long keysOf(AuditEvent event) {
        return event instanceof AuditEvent.StatementExecuted statement ? statement.recordKeyCount() : 0;
    }

    /** Counts {@code keys} as queued if they fit (or nothing else is queued), waiting up to {@code waitNanos}. */
    private boolean reserveKeys(long keys, long waitNanos) throws InterruptedException {
        if (keys == 0) {
            return true;
        }
        long deadline = System.nanoTime() + waitNanos;
        synchronized (keyRoom) {
            while (queuedKeys > 0 && queuedKeys + keys > maxQueuedKeys) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(keyRoom, left);
            }
            queuedKeys += keys;
            return true;
        }
    }

    private void releaseKeys(long keys) {
        if (keys == 0) {
            return;
        }
        synchronized (keyRoom) {
            queuedKeys -= keys;
            keyRoom.notifyAll();
        }
    }

    /**
     * Waits until every event submitted before this call is in the log.
     *
     * @return false when that did not happen within {@code timeout} (the database is slow or refusing writes)
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        CountDownLatch reached = new CountDownLatch(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!queue.offer(new Barrier(reached, false), timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        return reached.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Events appended so far. */
    public long written() {
        return written.get();
    }

    /** Events waiting in the queue now. */
    public int pending() {
        return queue.size();
    }

    /**
     * Stops taking events, writes every queued one and stops the thread, waiting at most {@code timeout}.
     *
     * @throws AuditStoreException when queued events could not be written in time (the message says how many)
     */
    public void close(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (closed) {
            thread.join(timeout.toMillis() + 1);
            return;
        }
        closed = true;
        CountDownLatch stopped = new CountDownLatch(1);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean queued = queue.offer(new Barrier(stopped, true), timeout.toNanos(), TimeUnit.NANOSECONDS);
        boolean drained = queued && stopped.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!drained) {
            thread.interrupt();
            thread.join(MAX_BACKOFF.toMillis());
            long lost = queue.stream().filter(Event.class::isInstance).count();
            throw new AuditStoreException("audit writer: " + lost + " queued event(s) could not be written within "
                    + timeout + "; the database is not accepting appends");
        }
        thread.join(MAX_BACKOFF.toMillis());
    }

    /** {@link #close(Duration)} with a 30-second limit. */
    @Override
    public void close() {
        try {
            close(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditStoreException("audit writer: interrupted while closing");
        }
    }

    private void run() {
        List<Item> items = new ArrayList<>(maxBatch);
        List<AuditEvent> batch = new ArrayList<>(maxBatch);
        try {
            while (true) {
                items.add(queue.take());
                queue.drainTo(items, maxBatch - 1);
                for (Item item : items) {
                    if (item instanceof Event event) {
                        batch.add(event.event());
                    } else if (item instanceof Barrier barrier) {
                        List<Item> late = new ArrayList<>();
                        if (barrier.stop()) {
                            // a submit racing with close may have queued behind the stop marker: write it too
                            queue.drainTo(late);
                            late.stream().filter(Event.class::isInstance).map(e -> ((Event) e).event())
                                    .forEach(batch::add);
                        }
                        write(batch);
                        late.stream().filter(Barrier.class::isInstance)
                                .forEach(b -> ((Barrier) b).reached().countDown());
                        barrier.reached().countDown();
                        if (barrier.stop()) {
                            return;
                        }
                    }
                }
                write(batch);
                items.clear();
            }
        } catch (InterruptedException e) {
            LOG.error("audit writer stopped with {} event(s) unwritten in its batch and {} in its queue",
                    batch.size(), queue.size());
        }
    }

    /** Appends the batch, retrying with growing pauses until it is written; empties it. */
    private void write(List<AuditEvent> batch) throws InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        long pauseMillis = 50;
        while (true) {
            try {
                log.appendAll(batch);
                written.addAndGet(batch.size());
                long keys = 0;
                for (AuditEvent event : batch) {
                    keys += keysOf(event);
                }
                releaseKeys(keys);
                batch.clear();
                return;
            } catch (RuntimeException e) {
                // an AuditStoreException's message names the operation and SQL state, never event content; of
                // anything else only the type is logged
                String why = e instanceof AuditStoreException ? e.getMessage() : e.getClass().getName();
                LOG.error("audit writer: a batch of {} event(s) was not written, retrying in {} ms: {}", batch.size(),
                        pauseMillis, why);
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
    }
}
