package dev.phiguard.broker.audit;

import java.util.Objects;

/**
 * The end of the chain: the last event's sequence number and hash ({@code 0} and {@link #GENESIS_HASH} for an empty
 * log). Anchoring it outside the database (a log line, a ticket, a signed note) is what makes a rewrite of the whole
 * chain detectable: see the package documentation.
 *
 * @param seq  the last event's sequence number, 0 when the log is empty
 * @param hash its hash, 64 lower-case hex characters
 */
public record ChainHead(long seq, String hash) {

    /** The {@code prev_hash} of the first event. */
    public static final String GENESIS_HASH = "0".repeat(64);

    /** The head of an empty log. */
    public static final ChainHead EMPTY = new ChainHead(0, GENESIS_HASH);

    public ChainHead {
        if (seq < 0) {
            throw new IllegalArgumentException("a chain head's seq must not be negative, got " + seq);
        }
        Objects.requireNonNull(hash, "hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a chain head's hash must be 64 lower-case hex characters");
        }
    }

    /** {@code seq:hash}, the form to anchor and to pass back to {@link #parse}. */
    @Override
    public String toString() {
        return seq + ":" + hash;
    }

    /** Reads the {@link #toString()} form. */
    public static ChainHead parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("a chain head is written <seq>:<64 hex characters>");
        }
        try {
            return new ChainHead(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a chain head is written <seq>:<64 hex characters>");
        }
    }
}
