package dev.phiguard.broker.audit;

import java.util.Objects;

/**
 * One event as the log holds it: its place in the chain and the event read back from its payload (with its
 * record-key hashes, for a statement).
 *
 * @param seq      its sequence number
 * @param event    the event
 * @param prevHash the hash of the event before it
 * @param hash     its own hash
 */
public record AuditEntry(long seq, AuditEvent event, String prevHash, String hash) {

    public AuditEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }
}
