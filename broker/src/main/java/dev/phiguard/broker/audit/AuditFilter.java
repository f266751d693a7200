package dev.phiguard.broker.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditQuery#search} selects: every criterion that is present must match; results come in sequence
 * order, at most {@link #limit()} of them. Start from {@link #all()} and narrow with the {@code with...} methods.
 *
 * @param leaseId  events of this lease
 * @param subject  events of this identity subject (the token's {@code sub})
 * @param purpose  events of this purpose
 * @param from     events at or after this instant
 * @param until    events before this instant
 * @param type     events of this type
 * @param afterSeq events with a greater sequence number (for paging: pass the last seq seen)
 * @param limit    the most events returned, 1 to {@value #MAX_LIMIT}
 */
public record AuditFilter(Optional<String> leaseId, Optional<String> subject, Optional<String> purpose,
                          Optional<Instant> from, Optional<Instant> until, Optional<AuditEventType> type,
                          long afterSeq, int limit) {

    /** The default {@link #limit()}. */
    public static final int DEFAULT_LIMIT = 1000;
    /** The largest {@link #limit()}. */
    public static final int MAX_LIMIT = 1_000_000;

    public AuditFilter {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(type, "type");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, got " + afterSeq);
        }
        if (from.isPresent() && until.isPresent() && !from.get().isBefore(until.get())) {
            throw new IllegalArgumentException("the time range is empty: from " + from.get() + " is not before until "
                    + until.get());
        }
    }

    /** Every event, the first {@value #DEFAULT_LIMIT}. */
    public static AuditFilter all() {
        return new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, DEFAULT_LIMIT);
    }

    public AuditFilter withLeaseId(String value) {
        return new AuditFilter(Optional.of(value), subject, purpose, from, until, type, afterSeq, limit);
    }

    public AuditFilter withSubject(String value) {
        return new AuditFilter(leaseId, Optional.of(value), purpose, from, until, type, afterSeq, limit);
    }

    public AuditFilter withPurpose(String value) {
        return new AuditFilter(leaseId, subject, Optional.of(value), from, until, type, afterSeq, limit);
    }

    /** Events in {@code [from, until)}. */
    public AuditFilter between(Instant fromInclusive, Instant untilExclusive) {
        return new AuditFilter(leaseId, subject, purpose, Optional.of(fromInclusive), Optional.of(untilExclusive),
                type, afterSeq, limit);
    }

    public AuditFilter withType(AuditEventType value) {
        return new AuditFilter(leaseId, subject, purpose, from, until, Optional.of(value), afterSeq, limit);
    }

    public AuditFilter afterSeq(long value) {
        return new AuditFilter(leaseId, subject, purpose, from, until, type, value, limit);
    }

    public AuditFilter withLimit(int value) {
        return new AuditFilter(leaseId, subject, purpose, from, until, type, afterSeq, value);
    }
}
