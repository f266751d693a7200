package dev.phiguard.broker.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One proxy session opened under a lease, as the store keeps it (table {@code lease_sessions}): written when the
 * session is admitted, in the same transaction as the lease that counts it, and closed in the one that counts it
 * down.
 *
 * @param id       the proxy's session id, unique within the lease
 * @param leaseId  the lease
 * @param node     the node that admitted the session
 * @param client   the client's address as the proxy saw it
 * @param openedAt when it was admitted (microseconds)
 * @param closedAt when it closed; empty while open
 */
public record LeaseSession(String id, String leaseId, String node, String client, Instant openedAt,
                           Optional<Instant> closedAt) {

    /** The longest session id, node name or client address stored. */
    public static final int MAX_TEXT = 200;

    public LeaseSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(closedAt, "closedAt");
        for (String text : new String[] {id, node, client}) {
            if (text.isEmpty() || text.length() > MAX_TEXT) {
                throw new IllegalArgumentException("a session's id, node and client must be 1 to " + MAX_TEXT
                        + " characters");
            }
        }
    }

    /** Whether the session is still open. */
    public boolean isOpen() {
        return closedAt.isEmpty();
    }
}
