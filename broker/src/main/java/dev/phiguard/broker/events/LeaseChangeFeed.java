package dev.phiguard.broker.events;

/**
 * Carries lease changes from the node that committed them to every subscriber, on this node and (for a shared
 * store) on the others. Delivery is at most once per subscriber and change; a subscriber that must not miss a change
 * re-reads the store when told {@link LeaseChangeListener#changesMayHaveBeenMissed()}.
 */
public interface LeaseChangeFeed extends AutoCloseable {

    /** Announces a change that the store has committed. Never throws for a delivery problem (it is logged). */
    void publish(LeaseChange change);

    /** Adds a listener until the returned subscription is closed. */
    Subscription subscribe(LeaseChangeListener listener);

    /** Stops delivering; later publishes are dropped. */
    @Override
    void close();

    /** A listener's registration; closing it stops the deliveries to that listener. Idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
