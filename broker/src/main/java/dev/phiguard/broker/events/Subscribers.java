package dev.phiguard.broker.events;

import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listeners of one feed, called in order; a failing listener is logged and does not stop the others. */
final class Subscribers {

    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);

    private final CopyOnWriteArrayList<LeaseChangeListener> listeners = new CopyOnWriteArrayList<>();

    LeaseChangeFeed.Subscription add(LeaseChangeListener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void deliver(LeaseChange change) {
        for (LeaseChangeListener listener : listeners) {
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                LOG.warn("a lease change listener failed on lease {} v{}", change.leaseId(), change.version(), e);
            }
        }
    }

    void changesMayHaveBeenMissed() {
        for (LeaseChangeListener listener : listeners) {
            try {
                listener.changesMayHaveBeenMissed();
            } catch (RuntimeException e) {
                LOG.warn("a lease change listener failed to resynchronise", e);
            }
        }
    }

    void clear() {
        listeners.clear();
    }
}
