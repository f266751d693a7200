package dev.phiguard.proxy.port;

import dev.phiguard.proxy.auth.ScramVerifier;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the proxy looks up the ephemeral credentials that the broker minted. The proxy authenticates the
 * client against the verifier itself (the password never leaves the client), then asks for admission.
 */
public interface CredentialPort {

    /** The stored verifier for a user name (the user name names the lease), or empty if there is none. */
    Optional<LeaseCredential> find(String userName);

    /**
     * The PBKDF2 iteration count of the verifiers this port hands out. The mock exchange for a user name without
     * a credential announces it, so that the count in the server-first-message does not tell an unknown user
     * from a real one. PostgreSQL's default, {@value ScramVerifier#DEFAULT_ITERATIONS}, unless the port mints its
     * verifiers with another count.
     */
    default int verifierIterations() {
        return ScramVerifier.DEFAULT_ITERATIONS;
    }

    /**
     * Called after the client proved it holds the password: is the lease still valid, and is there room for
     * one more session? An admitted session must later be {@linkplain #release released}.
     */
    Admission admit(LeaseCredential credential, SessionAttempt attempt);

    /** The session admitted with this grant has ended. */
    void release(SessionGrant grant, String sessionId);

    /**
     * The session that asks for admission: the id it will carry (in logs, recordings, the audit log) and where
     * the client connects from.
     */
    record SessionAttempt(String sessionId, java.net.SocketAddress clientAddress) {
        public SessionAttempt {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(clientAddress, "clientAddress");
        }
    }

    /**
     * A credential as the proxy sees it: the lease it belongs to and a salted SCRAM verifier.
     *
     * @param userName the user name a client logs in with
     * @param grant    what a session with this credential may do
     * @param verifier the SCRAM-SHA-256 verifier of the password
     */
    record LeaseCredential(String userName, SessionGrant grant, ScramVerifier verifier) {}

    /** The answer to {@link #admit}. */
    sealed interface Admission {
        record Admitted(SessionGrant grant) implements Admission {}

        /** Refused after a successful password check: the message may say why (the client knows the secret). */
        record Refused(String sqlState, String message) implements Admission {}
    }
}
