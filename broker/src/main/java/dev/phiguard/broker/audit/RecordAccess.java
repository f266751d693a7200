package dev.phiguard.broker.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One answer to "who accessed this record": a session of a lease whose statements returned the record.
 *
 * @param leaseId    the lease
 * @param sessionId  the proxy session
 * @param subject    the identity's subject (the token's {@code sub})
 * @param ciRun      the CI run, as {@link dev.phiguard.broker.identity.CiRun} names it (e.g.
 *                   {@code github:acme/etl@refs/heads/main run 1234/1}), or {@code none}
 * @param firstAt    the first statement that returned it
 * @param lastAt     the last statement that returned it
 * @param statements how many statement executions of the session were audited in events that list it (a coalesced
 *                   event, {@link AuditEvent.StatementExecuted#executions}, counts all its executions: the union of
 *                   their record keys holds it, not necessarily each of them)
 */
public record RecordAccess(String leaseId, String sessionId, String subject, String ciRun, Instant firstAt,
                           Instant lastAt, long statements) {

    public RecordAccess {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(ciRun, "ciRun");
        Objects.requireNonNull(firstAt, "firstAt");
        Objects.requireNonNull(lastAt, "lastAt");
    }
}
