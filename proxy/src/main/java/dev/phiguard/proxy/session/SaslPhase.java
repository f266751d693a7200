package dev.phiguard.proxy.session;

import dev.phiguard.proxy.auth.ScramException;
import dev.phiguard.proxy.auth.ScramServerExchange;
import dev.phiguard.proxy.port.CredentialPort.Admission;
import dev.phiguard.proxy.port.CredentialPort.LeaseCredential;
import dev.phiguard.proxy.port.CredentialPort.SessionAttempt;
import dev.phiguard.proxy.wire.AuthenticationSaslContinue;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.ProtocolViolationException;
import dev.phiguard.proxy.wire.SaslInitialResponse;
import dev.phiguard.proxy.wire.SaslResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCRAM-SHA-256 exchange with the client, checked against the lease credential's salted verifier. An
 * unknown user runs the same exchange against a fake verifier and fails the same way as a wrong password.
 */
final class SaslPhase implements ClientPhase {
    private static final Logger log = LoggerFactory.getLogger(SaslPhase.class);

    private final ClientConnection connection;
    private final StartupParameters parameters;
    private final Optional<LeaseCredential> credential;
    private final ScramServerExchange exchange;
    private boolean sentServerFirst;

    SaslPhase(ClientConnection connection, StartupParameters parameters, Optional<LeaseCredential> credential,
              ScramServerExchange exchange) {
        this.connection = connection;
        this.parameters = parameters;
        this.credential = credential;
        this.exchange = exchange;
    }

    @Override
    public ClientPhase onFrame(Frame frame) {
        try {
            if (frame.type() != MessageType.AUTHENTICATION_RESPONSE) {
                throw new ProtocolViolationException("expected SASL response, got message type '"
                        + (char) frame.type() + "'");
            }
            return sentServerFirst ? clientFinal(frame) : clientFirst(frame);
        } catch (ScramException e) {
            log.info("malformed SCRAM exchange from {}: {}", connection.context().channel().remoteAddress(),
                    e.getMessage());
            connection.fatal("08P01", "malformed SCRAM message: " + e.getMessage());
            return ClosedPhase.INSTANCE;
        } finally {
            frame.release();
        }
    }

    private ClientPhase clientFirst(Frame frame) throws ScramException {
        SaslInitialResponse initial = SaslInitialResponse.decode(frame.body());
        if (!StartupPhase.SCRAM_SHA_256.equals(initial.mechanism())) {
            connection.fatal("28000", "client selected an invalid SASL authentication mechanism");
            return ClosedPhase.INSTANCE;
        }
        if (initial.data() == null) {
            throw new ProtocolViolationException("SASL initial response without data");
        }
        byte[] serverFirst = exchange.clientFirst(initial.mechanism(), initial.data());
        connection.write(new AuthenticationSaslContinue(serverFirst));
        connection.flush();
        sentServerFirst = true;
        return this;
    }

    private ClientPhase clientFinal(Frame frame) throws ScramException {
        SaslResponse response = SaslResponse.decode(frame.body());
        ScramServerExchange.Result result = exchange.clientFinal(response.data());
        if (!(result instanceof ScramServerExchange.Result.Success success) || credential.isEmpty()) {
            log.info("authentication failed for user \"{}\" from {}", parameters.user(),
                    connection.context().channel().remoteAddress());
            connection.fatal("28P01", "password authentication failed for user \"" + parameters.user() + "\"");
            return ClosedPhase.INSTANCE;
        }
        String sessionId = connection.runtime().newSessionId();
        Admission admission = connection.runtime().ports().credentials().admit(credential.get(),
                new SessionAttempt(sessionId, connection.context().channel().remoteAddress()));
        if (admission instanceof Admission.Refused refused) {
            log.info("lease credential \"{}\" authenticated but was refused: {}", parameters.user(),
                    refused.message());
            connection.fatal(refused.sqlState(), refused.message());
            return ClosedPhase.INSTANCE;
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        connection.authenticated();
        return ProxySession.start(connection, parameters, sessionId, admitted.grant(),
                success.serverFinalMessage());
    }
}
