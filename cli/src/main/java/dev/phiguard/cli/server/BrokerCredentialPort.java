package dev.phiguard.cli.server;

import dev.phiguard.broker.lease.CredentialMinter;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseIds;
import dev.phiguard.broker.lease.SessionAdmission;
import dev.phiguard.broker.service.LeaseService;
import dev.phiguard.proxy.auth.ScramVerifier;
import dev.phiguard.proxy.port.CredentialPort;
import dev.phiguard.proxy.port.SessionGrant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's credential port served by the broker: a lease's credential is its id as user name and the SCRAM
 * verifier stored when the requester fetched it; admission counts the session against the lease (state, expiry,
 * session limit) in the store, so every node sees the same count.
 *
 * <p>Releases run on a separate executor: a session's end must not wait on the store on the proxy's event loop.
 */
final class BrokerCredentialPort implements CredentialPort {

    private static final Logger log = LoggerFactory.getLogger(BrokerCredentialPort.class);

    private final LeaseService leases;
    private final Executor releases;

    BrokerCredentialPort(LeaseService leases, Executor releases) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.releases = Objects.requireNonNull(releases, "releases");
    }

    @Override
    public Optional<LeaseCredential> find(String userName) {
        if (!LeaseIds.isValid(userName)) {
            return Optional.empty();
        }
        Optional<Lease> lease = leases.find(userName);
        Optional<String> verifier = lease.isEmpty() ? Optional.empty() : leases.verifier(userName);
        if (lease.isEmpty() || verifier.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeaseCredential(userName, grantOf(lease.get()), ScramVerifier.parse(verifier.get())));
    }

    /** The count of the verifiers the broker mints, for the mock exchange of unknown users. */
    @Override
    public int verifierIterations() {
        return CredentialMinter.ITERATIONS;
    }

    @Override
    public Admission admit(LeaseCredential credential, SessionAttempt attempt) {
        SessionAdmission admission = leases.admitSession(credential.grant().leaseId(), attempt.sessionId(),
                attempt.clientAddress().toString());
        if (admission instanceof SessionAdmission.Admitted admitted) {
            return new Admission.Admitted(grantOf(admitted.lease()));
        }
        SessionAdmission.Refused refused = (SessionAdmission.Refused) admission;
        String sqlState = refused.reason() == SessionAdmission.Reason.SESSION_LIMIT ? "53300" : "28000";
        return new Admission.Refused(sqlState, refused.message());
    }

    @Override
    public void release(SessionGrant grant, String sessionId) {
        releases.execute(() -> {
            try {
                leases.sessionClosed(grant.leaseId(), sessionId);
            } catch (RuntimeException e) {
                log.warn("could not record the end of session {} of lease {}: {}", sessionId, grant.leaseId(),
                        e.toString());
            }
        });
    }

    private static SessionGrant grantOf(Lease lease) {
        return new SessionGrant(lease.id(), lease.purpose(), lease.target());
    }
}
