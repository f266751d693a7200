package dev.phiguard.broker.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditVerifier#verify} found: either the whole chain checked out ({@link #ok()}), or the first problem,
 * with the sequence number where it is and a message for a person.
 *
 * @param eventsChecked events that passed every check before the problem (all of them when ok)
 * @param lastGood      the last event that passed, as a head ({@link ChainHead#EMPTY} when none did)
 * @param problem       the first problem, if any
 */
public record Verification(long eventsChecked, ChainHead lastGood, Optional<Problem> problem) {

    public Verification {
        Objects.requireNonNull(lastGood, "lastGood");
        Objects.requireNonNull(problem, "problem");
    }

    /** Whether the chain is intact. */
    public boolean ok() {
        return problem.isEmpty();
    }

    /** One line for a person: {@code intact: N events, head seq:hash} or the problem. */
    public String summary() {
        return problem.map(p -> "BROKEN at seq " + p.seq() + " (" + p.kind() + "): " + p.message())
                .orElse("intact: " + eventsChecked + " event(s), head " + lastGood);
    }

    /**
     * The first problem in the chain.
     *
     * @param kind    what is wrong
     * @param seq     the sequence number where the chain breaks (for a missing event: the first missing number)
     * @param message what is wrong there, for a person
     */
    public record Problem(Kind kind, long seq, String message) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What can be wrong with the chain. */
    public enum Kind {
        /** A sequence number is missing: an event was deleted (or the log was cut short). */
        MISSING_EVENT,
        /** An event's content does not match its hash: it was edited, or moved here from another position. */
        EDITED_EVENT,
        /** An event's {@code prev_hash} is not the hash of the event before it: the order was changed. */
        BROKEN_LINK,
        /** An event's record-key rows do not match the digest its hash covers: one was edited, added or deleted. */
        EDITED_RECORD_KEYS,
        /** Record-key rows belong to no event. */
        ORPHAN_RECORD_KEYS,
        /** A search column (lease, session, subject, purpose) disagrees with the event's payload. */
        COLUMN_MISMATCH,
        /** An event's hash matches but its payload cannot be read as an event of its type. */
        UNREADABLE_EVENT,
        /** The chain head row disagrees with the events. */
        HEAD_MISMATCH,
        /** The chain does not contain the head anchored elsewhere: it was rewritten or cut short. */
        ANCHOR_MISMATCH
    }
}
