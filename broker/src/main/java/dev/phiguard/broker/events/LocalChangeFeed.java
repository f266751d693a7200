package dev.phiguard.broker.events;

import java.util.Objects;

/**
 * The change feed of a single node (the embedded store): {@link #publish} calls every subscriber on the publisher's
 * thread, at once.
 */
public final class LocalChangeFeed implements LeaseChangeFeed {

    private final Subscribers subscribers = new Subscribers();
    private volatile boolean closed;

    @Override
    public void publish(LeaseChange change) {
        Objects.requireNonNull(change, "change");
        if (!closed) {
            subscribers.deliver(change);
        }
    }

    @Override
    public Subscription subscribe(LeaseChangeListener listener) {
        return subscribers.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        subscribers.clear();
    }
}
