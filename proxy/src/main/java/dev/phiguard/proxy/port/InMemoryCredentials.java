package dev.phiguard.proxy.port;

import dev.phiguard.proxy.auth.ScramVerifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A credential port that keeps lease credentials in memory, as salted SCRAM verifiers only. It serves the
 * proxy's tests and single-process development setups until the broker's store takes over.
 */
public final class InMemoryCredentials implements CredentialPort {

    private record Entry(LeaseCredential credential, Instant expiresAt, int maxSessions, int sessions, boolean revoked) {
        Entry withSessions(int n) {
            return new Entry(credential, expiresAt, maxSessions, n, revoked);
        }

        Entry asRevoked() {
            return new Entry(credential, expiresAt, maxSessions, sessions, true);
        }
    }

    private final Map<String, Entry> byUser = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public InMemoryCredentials(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public InMemoryCredentials() {
        this(Clock.systemUTC());
    }

    /**
     * Stores a credential for {@code userName}; only the verifier of {@code password} is kept.
     *
     * @param maxSessions how many sessions may be open at once with it
     */
    public void add(String userName, SessionGrant grant, char[] password, Instant expiresAt, int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        ScramVerifier verifier = ScramVerifier.create(password, random);
        byUser.put(userName, new Entry(new LeaseCredential(userName, grant, verifier), expiresAt, maxSessions, 0, false));
    }

    /** Marks every credential of the lease as revoked: new sessions are refused (live ones are the proxy's job). */
    public void revoke(String leaseId) {
        byUser.replaceAll((user, e) -> e.credential().grant().leaseId().equals(leaseId) ? e.asRevoked() : e);
    }

    @Override
    public Optional<LeaseCredential> find(String userName) {
        return Optional.ofNullable(byUser.get(userName)).map(Entry::credential);
    }

    @Override
    public Admission admit(LeaseCredential credential, SessionAttempt attempt) {
        String user = credential.userName();
        Admission[] result = new Admission[1];
        byUser.computeIfPresent(user, (u, e) -> {
            if (e.revoked()) {
                result[0] = new Admission.Refused("28000", "lease " + e.credential().grant().leaseId()
                        + " has been revoked");
                return e;
            }
            if (!clock.instant().isBefore(e.expiresAt())) {
                result[0] = new Admission.Refused("28000", "lease " + e.credential().grant().leaseId()
                        + " has expired");
                return e;
            }
            if (e.sessions() >= e.maxSessions()) {
                result[0] = new Admission.Refused("53300", "lease " + e.credential().grant().leaseId()
                        + " already has its maximum of " + e.maxSessions() + " session(s)");
                return e;
            }
            result[0] = new Admission.Admitted(e.credential().grant());
            return e.withSessions(e.sessions() + 1);
        });
        return result[0] != null ? result[0] : new Admission.Refused("28000", "the credential no longer exists");
    }

    @Override
    public void release(SessionGrant grant, String sessionId) {
        byUser.replaceAll((user, e) -> e.credential().grant().equals(grant) && e.sessions() > 0
                ? e.withSessions(e.sessions() - 1) : e);
    }

    /** Open sessions of a user name (for tests and diagnostics). */
    public int sessions(String userName) {
        Entry e = byUser.get(userName);
        return e == null ? 0 : e.sessions();
    }
}
