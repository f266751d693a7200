package dev.phiguard.proxy.session;

import dev.phiguard.proxy.auth.ScramServerExchange;
import dev.phiguard.proxy.port.CredentialPort.LeaseCredential;
import dev.phiguard.proxy.wire.AuthenticationSasl;
import dev.phiguard.proxy.wire.CancelRequest;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.FrontendMessage;
import dev.phiguard.proxy.wire.FrontendMessages;
import dev.phiguard.proxy.wire.GssEncRequest;
import dev.phiguard.proxy.wire.NegotiateProtocolVersion;
import dev.phiguard.proxy.wire.ProtocolViolationException;
import dev.phiguard.proxy.wire.SslRequest;
import dev.phiguard.proxy.wire.StartupMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before authentication: TLS negotiation, cancel requests and the startup message. Nothing here contacts the
 * server; the server is reached only after the client has proved it holds the lease's password.
 */
final class StartupPhase implements ClientPhase {
    private static final Logger log = LoggerFactory.getLogger(StartupPhase.class);
    static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

    private final ClientConnection connection;

    StartupPhase(ClientConnection connection) {
        this.connection = connection;
    }

    @Override
    public ClientPhase onFrame(Frame frame) {
        FrontendMessage message;
        try {
            message = FrontendMessages.decode(frame);
            if (message instanceof SslRequest) {
                return negotiateTls();
            }
            if (message instanceof GssEncRequest) {
                connection.context().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
                return this;
            }
            if (message instanceof CancelRequest cancel) {
                connection.runtime().registry().forCancel(cancel.processId(), cancel.secretKey())
                        .ifPresent(ProxySession::cancelRunningQuery);
                connection.context().close();
                return ClosedPhase.INSTANCE;
            }
            if (message instanceof StartupMessage startup) {
                return startup(startup);
            }
            throw new ProtocolViolationException("expected a startup message");
        } finally {
            frame.release();
        }
    }

    private ClientPhase negotiateTls() {
        if (connection.isTls()) {
            throw new ProtocolViolationException("SSLRequest received on an encrypted connection");
        }
        Optional<SslContext> tls = connection.runtime().config().clientTls().offered();
        var ctx = connection.context();
        if (tls.isEmpty()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return this;
        }
        // 'S' must leave in clear text before the TLS handler is in place; the write completes its way through
        // the pipeline synchronously on the event loop, so adding the handler right after is safe.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
        ctx.pipeline().addFirst("tls", tls.get().newHandler(ctx.alloc()));
        connection.markTls();
        return this;
    }

    private ClientPhase startup(StartupMessage startup) {
        StartupParameters.requireProtocol3(startup.protocolVersion());
        StartupParameters parameters;
        try {
            parameters = StartupParameters.from(startup.parameters());
        } catch (StartupParameters.Refused refused) {
            connection.fatal(refused.sqlState(), refused.getMessage());
            return ClosedPhase.INSTANCE;
        }
        if (connection.runtime().config().clientTls().required() && !connection.isTls()) {
            connection.fatal("28000", "phiguard requires an encrypted connection: connect with sslmode=require"
                    + " (or verify-full)");
            return ClosedPhase.INSTANCE;
        }
        if ((startup.protocolVersion() & 0xffff) != 0 || !parameters.protocolOptions().isEmpty()) {
            connection.write(new NegotiateProtocolVersion(0, parameters.protocolOptions()));
        }
        var runtime = connection.runtime();
        Optional<LeaseCredential> credential = runtime.ports().credentials().find(parameters.user());
        ScramServerExchange exchange = credential
                .map(c -> new ScramServerExchange(c.verifier(), runtime.random()))
                .orElseGet(() -> ScramServerExchange.forUnknownUser(parameters.user(),
                        runtime.mockAuthenticationSecret(), runtime.ports().credentials().verifierIterations(),
                        runtime.random()));
        if (credential.isEmpty()) {
            log.debug("startup for unknown user; running mock authentication");
        }
        connection.write(new AuthenticationSasl(List.of(SCRAM_SHA_256)));
        connection.flush();
        return new SaslPhase(connection, parameters, credential, exchange);
    }
}
