package dev.phiguard.broker.audit;

import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.lease.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Events for the audit tests: a CI requester, a reviewer, and statements returning hashed record keys. */
final class AuditEvents {

    static final Instant T0 = Instant.parse("2030-01-01T10:00:00.123456Z");
    static final Principal CI_BOT = new Principal("https://token.actions.githubusercontent.com", "repo:acme/etl",
            Set.of("ci"), Map.of("repository", "acme/etl", "workflow", "extract", "ref", "refs/heads/main",
            "sha", "abc123", "run_id", "1234", "run_attempt", "1", "actor", "octocat"));
    static final Principal OTHER_BOT = new Principal("local", "ci-other", Set.of("ci"), Map.of());
    static final Principal ALICE = Principal.of("local", "alice", Set.of("reviewers"));
    /** A key for tests; production keys come from {@link RecordKeyHasher#open}. */
    static final RecordKeyHasher HASHER = RecordKeyHasher.withKey(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32});

    private AuditEvents() {
    }

    static AuditEvent.LeaseChanged requested(String leaseId, Instant at) {
        return new AuditEvent.LeaseChanged(at, leaseId, "Requested", Optional.empty(), LeaseState.PENDING,
                Optional.of(CI_BOT), "study-42", CI_BOT, Optional.of("nightly extract"));
    }

    static AuditEvent.LeaseChanged approved(String leaseId, Instant at) {
        return new AuditEvent.LeaseChanged(at, leaseId, "Approved", Optional.of(LeaseState.PENDING),
                LeaseState.APPROVED, Optional.of(ALICE), "study-42", CI_BOT, Optional.empty());
    }

    static AuditEvent.LeaseChanged expired(String leaseId, Instant at) {
        return new AuditEvent.LeaseChanged(at, leaseId, "Expired", Optional.of(LeaseState.ACTIVE),
                LeaseState.ENDED, Optional.empty(), "study-42", CI_BOT, Optional.empty());
    }

    static AuditEvent.CredentialFetched fetched(String leaseId, Instant at) {
        return new AuditEvent.CredentialFetched(at, leaseId, "study-42", CI_BOT, Optional.of("10.0.0.7:51000"));
    }

    static AuditEvent.SessionOpened opened(String leaseId, String sessionId, Instant at) {
        return new AuditEvent.SessionOpened(at, sessionId, leaseId, "study-42", CI_BOT, "node-a", "10.0.0.7:51001");
    }

    static AuditEvent.SessionClosed closed(String leaseId, String sessionId, Instant at) {
        return new AuditEvent.SessionClosed(at, sessionId, leaseId, "study-42", CI_BOT, "node-a", "10.0.0.7:51001",
                "client terminated");
    }

    /** A statement of {@code identity} whose rows carried the given raw patient MRNs (hashed here). */
    static AuditEvent.StatementExecuted statement(Principal identity, String leaseId, String sessionId, Instant at,
                                                  String... rawMrns) {
        Set<String> hashes = new TreeSet<>();
        for (String mrn : rawMrns) {
            hashes.add(HASHER.hash("patients", mrn));
        }
        Map<String, Set<String>> keys = new TreeMap<>();
        if (hashes.size() > 0) {
            keys.put("patients", hashes);
        }
        return new AuditEvent.StatementExecuted(at, identity, "study-42", leaseId, sessionId,
                "SELECT mrn, name FROM patients WHERE mrn = $1", StatementDecision.ALLOWED,
                Optional.of("allow-read"), rawMrns.length, rawMrns.length * 2L, keys);
    }

    static AuditEvent.StatementExecuted denied(String leaseId, String sessionId, Instant at) {
        return new AuditEvent.StatementExecuted(at, CI_BOT, "study-42", leaseId, sessionId, "DELETE FROM patients",
                StatementDecision.DENIED, Optional.of("writes"), 0, 0, Map.of());
    }
}
