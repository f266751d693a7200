package dev.phiguard.broker.audit;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseEvent;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One thing the audit log records. Every event says when it happened ({@link #at()}, microseconds) and, where it
 * applies, which lease, session, identity and purpose it concerns; those four are also indexed columns of the log.
 *
 * <p>Events hold no secret and no raw record key: a statement's record keys arrive already hashed by a
 * {@link RecordKeyHasher}, and its text arrives with literals already replaced by the proxy. The log stores what it
 * is given.
 */
public sealed interface AuditEvent {

    /** When it happened, truncated to microseconds (what the store keeps). */
    Instant at();

    /** The event's type, the log's {@code event_type} column. */
    AuditEventType type();

    /** The lease, session, identity and purpose it concerns: the log's indexed columns. */
    AuditColumns columns();

    /**
     * A lease changed state.
     *
     * @param at        when
     * @param leaseId   the lease
     * @param event     the {@link LeaseEvent#name()}, e.g. {@code Approved}
     * @param from      the state before; empty for the request that created the lease
     * @param to        the state after
     * @param actor     who caused it (approver, revoker, requester); empty when the broker did (expiry, timeout)
     * @param purpose   the lease's purpose
     * @param requester who asked for the lease, with the CI run's claims
     * @param reason    the reason given with the change, if any
     */
    record LeaseChanged(Instant at, String leaseId, String event, Optional<LeaseState> from, LeaseState to,
                        Optional<Principal> actor, String purpose, Principal requester, Optional<String> reason)
            implements AuditEvent {
        public LeaseChanged {
            at = micros(at);
            leaseId = text(leaseId, "leaseId", 64);
            event = text(event, "event", 64);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(actor, "actor");
            purpose = text(purpose, "purpose", 200);
            requester = principal(requester, "requester");
            reason = Objects.requireNonNull(reason, "reason").map(r -> limited(r, "reason", 4000));
        }

        /**
         * The audit record of a transition: {@code before} is empty for a new lease ({@link LeaseEvent.Requested});
         * the actor and reason come from the event (the requester for a request, a completion or a credential
         * fetch; nobody for expiry and timeouts).
         */
        public static LeaseChanged of(Instant at, Optional<Lease> before, Lease after, LeaseEvent event) {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(event, "event");
            Optional<Principal> actor;
            Optional<String> reason;
            if (event instanceof LeaseEvent.Approved approved) {
                actor = Optional.of(approved.approver());
                reason = approved.reason();
            } else if (event instanceof LeaseEvent.Denied denied) {
                actor = Optional.of(denied.approver());
                reason = Optional.of(denied.reason());
            } else if (event instanceof LeaseEvent.Revoked revoked) {
                actor = Optional.of(revoked.by());
                reason = revoked.reason();
            } else if (event instanceof LeaseEvent.Requested) {
                actor = Optional.of(after.requester());
                reason = after.reason().isEmpty() ? Optional.empty() : Optional.of(after.reason());
            } else if (event instanceof LeaseEvent.Completed || event instanceof LeaseEvent.CredentialIssued) {
                actor = Optional.of(after.requester());
                reason = Optional.empty();
            } else {
                actor = Optional.empty();
                reason = Optional.empty();
            }
            return new LeaseChanged(at, after.id(), event.name(), before.map(Lease::state), after.state(), actor,
                    after.purpose(), after.requester(), reason);
        }

        @Override
        public AuditEventType type() {
            return AuditEventType.LEASE;
        }

        @Override
        public AuditColumns columns() {
            return AuditColumns.of(leaseId, null, requester, purpose);
        }
    }

    /**
     * The requester fetched a lease's credential (shown once). The credential itself is never part of the event.
     *
     * @param clientAddress the address the fetch came from, if known
     */
    record CredentialFetched(Instant at, String leaseId, String purpose, Principal requester,
                             Optional<String> clientAddress) implements AuditEvent {
        public CredentialFetched {
            at = micros(at);
            leaseId = text(leaseId, "leaseId", 64);
            purpose = text(purpose, "purpose", 200);
            requester = principal(requester, "requester");
            clientAddress = Objects.requireNonNull(clientAddress, "clientAddress")
                    .map(a -> text(a, "clientAddress", 200));
        }

        @Override
        public AuditEventType type() {
            return AuditEventType.CREDENTIAL;
        }

        @Override
        public AuditColumns columns() {
            return AuditColumns.of(leaseId, null, requester, purpose);
        }
    }

    /**
     * A proxy session was admitted with a lease's credential.
     *
     * @param node          the broker/proxy node that serves it
     * @param clientAddress the client's address ({@code host:port})
     */
    record SessionOpened(Instant at, String sessionId, String leaseId, String purpose, Principal identity,
                         String node, String clientAddress) implements AuditEvent {
        public SessionOpened {
            at = micros(at);
            sessionId = text(sessionId, "sessionId", 200);
            leaseId = text(leaseId, "leaseId", 64);
            purpose = text(purpose, "purpose", 200);
            identity = principal(identity, "identity");
            node = text(node, "node", 200);
            clientAddress = text(clientAddress, "clientAddress", 200);
        }

        @Override
        public AuditEventType type() {
            return AuditEventType.SESSION_OPENED;
        }

        @Override
        public AuditColumns columns() {
            return AuditColumns.of(leaseId, sessionId, identity, purpose);
        }
    }

    /**
     * A proxy session ended.
     *
     * @param reason why, in words (client terminated, lease revoked, ...)
     */
    record SessionClosed(Instant at, String sessionId, String leaseId, String purpose, Principal identity,
                         String node, String clientAddress, String reason) implements AuditEvent {
        public SessionClosed {
            at = micros(at);
            sessionId = text(sessionId, "sessionId", 200);
            leaseId = text(leaseId, "leaseId", 64);
            purpose = text(purpose, "purpose", 200);
            identity = principal(identity, "identity");
            node = text(node, "node", 200);
            clientAddress = text(clientAddress, "clientAddress", 200);
            reason = limited(reason, "reason", 4000);
        }

        @Override
        public AuditEventType type() {
            return AuditEventType.SESSION_CLOSED;
        }

        @Override
        public AuditColumns columns() {
            return AuditColumns.of(leaseId, sessionId, identity, purpose);
        }
    }

    /**
     * One statement through the proxy and what came of it: one execution, or several executions of the same
     * normalised statement in the same session with the same decision and rule, coalesced into one event (see
     * {@link StatementCoalescer}). A coalesced event's {@code rowsReturned} and {@code valuesMasked} are sums over
     * its executions and its {@code recordKeys} the union of theirs; {@link #at} is the last execution's time and
     * {@link #firstAt} the first's.
     *
     * @param identity     whose session it was, with the CI run's claims
     * @param statement    the normalised statement text, literals already replaced (stored as given; text longer
     *                     than {@link #MAX_STATEMENT_CHARS} is cut and marked, see {@link #statementTruncated})
     * @param decision     what the policy decided
     * @param rule         the policy rule that decided, if one did
     * @param rowsReturned rows sent to the client
     * @param valuesMasked values masked in those rows
     * @param recordKeys   per table, the {@link RecordKeyHasher} hashes (64 lower-case hex) of the record keys the
     *                     rows carried; never a raw key
     * @param statementTruncated whether {@code statement} was cut
     * @param executions   how many executions the event stands for, at least 1
     * @param firstAt      the first execution's time ({@code at} for a single execution); not after {@code at}
     */
    record StatementExecuted(Instant at, Principal identity, String purpose, String leaseId, String sessionId,
                             String statement, StatementDecision decision, Optional<String> rule, long rowsReturned,
                             long valuesMasked, SortedMap<String, Set<String>> recordKeys, boolean statementTruncated,
                             long executions, Instant firstAt)
            implements AuditEvent {

        /** The longest statement text kept. */
        public static final int MAX_STATEMENT_CHARS = 100_000;
        /** The length of a {@link RecordKeyHasher} hash: 64 lower-case hex characters. */
        private static final int KEY_HASH_LENGTH = 64;

        public StatementExecuted {
            at = micros(at);
            identity = principal(identity, "identity");
            purpose = text(purpose, "purpose", 200);
            leaseId = text(leaseId, "leaseId", 64);
            sessionId = text(sessionId, "sessionId", 200);
            Objects.requireNonNull(statement, "statement");
            if (statement.length() > MAX_STATEMENT_CHARS) {
                statement = statement.substring(0, MAX_STATEMENT_CHARS);
                statementTruncated = true;
            }
            Objects.requireNonNull(decision, "decision");
            rule = Objects.requireNonNull(rule, "rule").map(r -> text(r, "rule", 200));
            if (rowsReturned < 0 || valuesMasked < 0) {
                throw new IllegalArgumentException("rowsReturned and valuesMasked must not be negative");
            }
            recordKeys = checkedKeys(recordKeys);
            if (executions < 1) {
                throw new IllegalArgumentException("executions must be at least 1");
            }
            firstAt = micros(firstAt);
            if (firstAt.isAfter(at)) {
                throw new IllegalArgumentException("firstAt must not be after at");
            }
        }

        /** One execution of a statement whose text fits (the usual case). */
        public StatementExecuted(Instant at, Principal identity, String purpose, String leaseId, String sessionId,
                                 String statement, StatementDecision decision, Optional<String> rule,
                                 long rowsReturned, long valuesMasked, Map<String, Set<String>> recordKeys) {
            this(at, identity, purpose, leaseId, sessionId, statement, decision, rule, rowsReturned, valuesMasked,
                    new TreeMap<>(recordKeys), false);
        }

        /** One execution. */
        public StatementExecuted(Instant at, Principal identity, String purpose, String leaseId, String sessionId,
                                 String statement, StatementDecision decision, Optional<String> rule,
                                 long rowsReturned, long valuesMasked, SortedMap<String, Set<String>> recordKeys,
                                 boolean statementTruncated) {
            this(at, identity, purpose, leaseId, sessionId, statement, decision, rule, rowsReturned, valuesMasked,
                    recordKeys, statementTruncated, 1, at);
        }

        /** How many record-key hashes the event carries, over all tables. */
        public int recordKeyCount() {
            int count = 0;
            for (Set<String> hashes : recordKeys.values()) {
                count += hashes.size();
            }
            return count;
        }

        /** Whether this event stands for more than one execution. */
        public boolean coalesced() {
            return executions > 1;
        }

        /**
         * Whether {@code hash} has the form of a {@link RecordKeyHasher} hash, 64 lower-case hex characters (a plain loop:
         * it runs for every key of every statement, up to 100,000 per statement, on the proxy's event loop).
         */
        static boolean isKeyHash(String hash) {
            if (hash.length() != KEY_HASH_LENGTH) {
                return false;
            }
            for (int i = 0; i < KEY_HASH_LENGTH; i++) {
                char c = hash.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return false;
                }
            }
            return true;
        }

        private static SortedMap<String, Set<String>> checkedKeys(Map<String, Set<String>> keys) {
            Objects.requireNonNull(keys, "recordKeys");
            TreeMap<String, Set<String>> copy = new TreeMap<>();
            keys.forEach((table, hashes) -> {
                String name = text(table, "record key table", 200);
                Objects.requireNonNull(hashes, "record key hashes");
                TreeSet<String> sorted = new TreeSet<>();
                for (String hash : hashes) {
                    if (hash == null || !isKeyHash(hash)) {
                        // the value is not echoed: it may be a raw key passed by mistake
                        throw new IllegalArgumentException("a record key of table " + name
                                + " is not a RecordKeyHasher hash (64 lower-case hex characters)");
                    }
                    sorted.add(hash);
                }
                if (!sorted.isEmpty()) {
                    copy.put(name, Collections.unmodifiableSortedSet(sorted));
                }
            });
            return Collections.unmodifiableSortedMap(copy);
        }

        @Override
        public AuditEventType type() {
            return AuditEventType.STATEMENT;
        }

        @Override
        public AuditColumns columns() {
            return AuditColumns.of(leaseId, sessionId, identity, purpose);
        }
    }

    /** The longest identity subject the log's {@code subject} column holds. */
    int MAX_SUBJECT_CHARS = 2000;

    private static Principal principal(Principal principal, String what) {
        Objects.requireNonNull(principal, what);
        if (principal.subject().length() > MAX_SUBJECT_CHARS) {
            throw new IllegalArgumentException("the " + what + "'s subject is longer than " + MAX_SUBJECT_CHARS
                    + " characters");
        }
        return principal;
    }

    private static Instant micros(Instant at) {
        return Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(String value, String what, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return limited(value, what, maxLength);
    }

    private static String limited(String value, String what, int maxLength) {
        Objects.requireNonNull(value, what);
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
        }
        return value;
    }
}
