package dev.phiguard.proxy.recording;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes recording files, fed by a bounded queue. Tasks of one session run in the order they
 * were submitted. A full queue makes {@link #submit} wait up to a limit, then refuse: the caller decides (a
 * session fails closed); nothing is ever dropped silently.
 */
final class DiskWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskWriter.class);
    private static final Runnable STOP = () -> { };

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean stopping;

    DiskWriter(int capacity, String name) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues {@code task}, waiting up to {@code wait} for room.
     *
     * @return false if there was no room in time or the writer is stopping
     */
    boolean submit(Runnable task, Duration wait) {
        if (stopping) {
            return false;
        }
        try {
            return queue.offer(task, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        while (true) {
            Runnable task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("recording writer task failed", e);
            }
        }
    }

    /** Runs every queued task, then stops the thread (waiting up to {@code wait}). */
    void stop(Duration wait) {
        stopping = true;
        try {
            if (!queue.offer(STOP, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                log.error("recording writer did not drain in time; open recordings stay truncated");
                thread.interrupt();
            }
            thread.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
