package dev.phiguard.broker.events;

/**
 * Receives the changes of a {@link LeaseChangeFeed}. Called on the feed's thread (the publisher's, or the
 * PostgreSQL feed's listener thread): return quickly and hand longer work to an executor.
 */
@FunctionalInterface
public interface LeaseChangeListener {

    /** A lease changed. */
    void changed(LeaseChange change);

    /**
     * The feed may have missed changes (its connection to the other nodes was down for a while); a listener that
     * waits for particular leases re-reads them. Called after the feed has reconnected.
     */
    default void changesMayHaveBeenMissed() {
    }
}
