/**
 * How every node learns that a lease changed: {@link dev.phiguard.broker.events.LeaseChangeFeed} carries
 * {@link dev.phiguard.broker.events.LeaseChange}s (lease id, version, state; never a secret) from the node that
 * committed a transition to every subscriber.
 *
 * <ul>
 *   <li>{@link dev.phiguard.broker.events.LocalChangeFeed} — within one process (the embedded default).</li>
 *   <li>{@link dev.phiguard.broker.events.PostgresChangeFeed} — across the nodes that share one PostgreSQL store:
 *       {@code NOTIFY} on publish, and one thread per node blocked in pgjdbc's
 *       {@code PGConnection.getNotifications(timeout)} on a dedicated {@code LISTEN} connection, which returns the
 *       moment a notification arrives (no polling tick). It reconnects with backoff and then tells its subscribers
 *       that changes may have been missed.</li>
 * </ul>
 *
 * A change is published after the store committed it; subscribers re-read the store for anything more than the
 * version and state, so a change feed is a wake-up call, not a source of truth.
 */
package dev.phiguard.broker.events;
