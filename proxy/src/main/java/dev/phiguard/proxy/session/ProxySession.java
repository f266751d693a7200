package dev.phiguard.proxy.session;

import dev.phiguard.proxy.config.Target;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.port.SessionListener.SessionSummary;
import dev.phiguard.proxy.port.UpstreamLogin;
import dev.phiguard.proxy.session.SessionRegistry.CancelKey;
import dev.phiguard.proxy.wire.AuthenticationOk;
import dev.phiguard.proxy.wire.AuthenticationSaslFinal;
import dev.phiguard.proxy.wire.BackendKeyData;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.PgMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated client relayed to its target: owns both channels, the recorder and the lifecycle (start,
 * terminate, cancel, close). Everything runs on the client channel's event loop; the server channel is
 * registered on the same loop, so no state here needs locking.
 */
public final class ProxySession {
    private static final Logger log = LoggerFactory.getLogger(ProxySession.class);

    private final ProxyRuntime runtime;
    private final ClientConnection client;
    private final SessionInfo info;
    private final Target target;
    private final StartupParameters parameters;
    private final long startNanos = System.nanoTime();
    private final DenialLedger denials = new DenialLedger();
    private final ClientToServer clientToServer;
    private final ServerToClient serverToClient;
    /** Null in pass-through mode: nothing to track when no row is rewritten. */
    private final ResultTracker resultTracker;
    private final StatementOutcomes outcomes;
    private SessionRecorder recorder = SessionRecorder.NONE;
    private CancelKey cancelKey;
    private BackendKeyData serverKey;
    private UpstreamConnection upstream;
    private ScheduledFuture<?> loginDeadline;
    private boolean relaying;
    private boolean closed;
    private boolean clientTerminated;
    private String closeReason = "client disconnected";
    long bytesFromClient;
    long bytesToClient;

    private ProxySession(ClientConnection client, StartupParameters parameters, String sessionId, SessionGrant grant,
                         Target target) {
        this.runtime = client.runtime();
        this.client = client;
        this.parameters = parameters;
        this.target = target;
        Channel channel = client.context().channel();
        this.info = new SessionInfo(sessionId, grant, channel.remoteAddress(), client.isTls(),
                parameters.applicationName(), Instant.now());
        this.outcomes = new StatementOutcomes(runtime.ports().listener(), info, this::pauseClientUntil);
        this.clientToServer = new ClientToServer(this);
        this.serverToClient = new ServerToClient(this);
        this.resultTracker = runtime.ports().rows() == dev.phiguard.proxy.port.RowPlanner.PASS_THROUGH
                ? null : new ResultTracker();
    }

    /**
     * The client authenticated and was admitted: complete its authentication, then log in to the server. The
     * returned phase relays once the server is ready; until then the client's frames wait.
     */
    static ClientPhase start(ClientConnection client, StartupParameters parameters, String sessionId, SessionGrant grant,
                             byte[] serverFinalMessage) {
        ProxyRuntime runtime = client.runtime();
        Target target = runtime.config().targets().get(grant.targetName());
        if (target == null) {
            runtime.ports().credentials().release(grant, sessionId);
            log.warn("lease {} names target '{}', which this proxy does not serve", grant.leaseId(),
                    grant.targetName());
            client.fatal("08006", "the lease's target \"" + grant.targetName() + "\" is not served by this proxy");
            return ClosedPhase.INSTANCE;
        }
        if (!parameters.database().isEmpty() && !parameters.database().equals(target.database())
                && !parameters.database().equals(parameters.user())) {
            runtime.ports().credentials().release(grant, sessionId);
            client.fatal("3D000", "database \"" + parameters.database() + "\" is not reachable with this lease;"
                    + " use database \"" + target.database() + "\"");
            return ClosedPhase.INSTANCE;
        }
        ProxySession session = new ProxySession(client, parameters, sessionId, grant, target);
        client.write(new AuthenticationSaslFinal(serverFinalMessage));
        client.write(AuthenticationOk.INSTANCE);
        client.flush();
        session.cancelKey = runtime.registry().register(session);
        client.suspend();
        client.readGate().close(ReadGate.Reason.CONNECTING);
        session.login();
        return session.clientToServer;
    }

    private void login() {
        EventLoop loop = client.context().channel().eventLoop();
        // the limit covers obtaining the credential, connecting, TLS and the login itself
        long timeoutMillis = runtime.config().upstreamConnectTimeout().toMillis();
        loginDeadline = loop.schedule(() -> {
            if (!closed && !relaying) {
                log.warn("session {}: connecting and logging in to target '{}' took more than {} ms; giving up",
                        info.sessionId(), target.name(), timeoutMillis);
                fail("08006", "phiguard could not log in to target \"" + target.name() + "\" within "
                        + timeoutMillis + " ms");
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        runtime.ports().upstreamCredentials().loginFor(info).whenComplete((login, error) -> loop.execute(() -> {
            if (closed) {
                return;
            }
            if (error != null || login == null) {
                log.warn("session {}: no credential for target '{}': {}", info.sessionId(), target.name(),
                        error == null ? "none supplied" : error.toString());
                fail("08006", "phiguard could not obtain the credential for target \"" + target.name() + "\"");
                return;
            }
            connectUpstream(login);
        }));
    }

    private void connectUpstream(UpstreamLogin login) {
        upstream = new UpstreamConnection(this, login);
        upstream.connect(client.context().channel().eventLoop(), runtime.upstreamChannelType(),
                runtime.config().upstreamConnectTimeout());
    }

    // ---- called by UpstreamConnection during login ----

    /** A ParameterStatus or notice from the server during its startup: passed on to the client. */
    void forwardStartupMessage(ByteBuf message) {
        record(Direction.SERVER_TO_CLIENT, message);
        bytesToClient += message.readableBytes();
        client.context().write(message);
    }

    void serverKey(BackendKeyData key) {
        this.serverKey = key;
    }

    /** The server is logged in and ready: hand the client our own cancel key and start relaying. */
    void upstreamReady(ByteBuf readyForQuery) {
        cancelLoginDeadline();
        recorder = runtime.ports().recordings().open(info);
        if (resultTracker == null && recorder == SessionRecorder.NONE) {
            // nothing looks into rows: let the server's rows come in runs, each run written to the client at once
            upstream.coalesceDataRows();
        }
        runtime.ports().listener().opened(info);
        ByteBuf key = Messages.encode(client.context().alloc(),
                new BackendKeyData(cancelKey.processId(), cancelKey.secretKey()));
        record(Direction.SERVER_TO_CLIENT, key);
        client.context().write(key);
        forwardStartupMessage(readyForQuery);
        client.flush();
        relaying = true;
        log.info("session {} opened: lease {} purpose {} target {} from {}{}", info.sessionId(), info.leaseId(),
                info.grant().purpose(), target.name(), info.clientAddress(), info.tls() ? " (TLS)" : "");
        client.readGate().open(ReadGate.Reason.CONNECTING);
        client.resume();
    }

    /** Logging in to the server failed; the reason given to the client must not hold secrets. */
    void upstreamFailed(String sqlState, String clientMessage) {
        fail(sqlState, clientMessage);
    }

    // ---- relay plumbing used by ClientToServer / ServerToClient ----

    public SessionInfo info() {
        return info;
    }

    Target target() {
        return target;
    }

    StartupParameters parameters() {
        return parameters;
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    ClientConnection client() {
        return client;
    }

    UpstreamConnection upstream() {
        return upstream;
    }

    DenialLedger denials() {
        return denials;
    }

    ResultTracker resultTracker() {
        return resultTracker;
    }

    StatementOutcomes outcomes() {
        return outcomes;
    }

    ServerToClient serverToClient() {
        return serverToClient;
    }

    CancelKey cancelKey() {
        return cancelKey;
    }

    boolean isClosed() {
        return closed;
    }

    void record(Direction direction, ByteBuf message) {
        if (recorder != SessionRecorder.NONE) {
            recorder.message(direction, System.nanoTime(), message);
        }
    }

    void statementBoundary() {
        long heldNanos = recorder.statementBoundary();
        if (heldNanos > 0) {
            client.context().channel().eventLoop().schedule(this::flushHeldRecording, heldNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** The recorder's held statements are due: write them (a failure ends the session as a failed write does). */
    private void flushHeldRecording() {
        if (closed) {
            return;
        }
        try {
            recorder.flushHeld();
        } catch (RuntimeException e) {
            client.context().fireExceptionCaught(e);
        }
    }

    /** Sends a message that the proxy itself produced to the client (recorded, not flushed). */
    void writeToClient(PgMessage message) {
        ByteBuf bytes = Messages.encode(client.context().alloc(), message);
        record(Direction.SERVER_TO_CLIENT, bytes);
        bytesToClient += bytes.readableBytes();
        client.context().write(bytes);
    }

    // ---- lifecycle ----

    /**
     * Ends the session from outside (lease revoked or expired, proxy shutting down): the client receives a
     * FATAL error with this SQLSTATE, the running query is cancelled, both connections close. Safe from any
     * thread; returns at once.
     */
    public void terminate(String sqlState, String message) {
        EventLoop loop = client.context().channel().eventLoop();
        if (!loop.inEventLoop()) {
            loop.execute(() -> terminate(sqlState, message));
            return;
        }
        if (closed) {
            return;
        }
        log.info("session {} terminated: {}", info.sessionId(), message);
        closeReason = message;
        if (relaying && denials.busy()) {
            cancelRunningQuery();
        }
        ErrorResponse error = ErrorResponse.fatal(sqlState, message);
        ByteBuf bytes = Messages.encode(client.context().alloc(), error);
        record(Direction.SERVER_TO_CLIENT, bytes);
        client.fatal(sqlState, message);
        bytes.release();
        close(message);
    }

    /** Asks the server to cancel the statement it is running, with the server's own cancel key. */
    /**
     * A session listener (the audit log) holds this session's earlier statements back: read nothing more from the
     * client until {@code room} completes. The session pauses; the event loop and other sessions go on.
     */
    private void pauseClientUntil(CompletionStage<Void> room) {
        client.readGate().close(ReadGate.Reason.LISTENER_BACKLOG);
        EventLoop loop = client.context().channel().eventLoop();
        room.whenComplete((done, error) -> loop.execute(() -> client.readGate().open(ReadGate.Reason.LISTENER_BACKLOG)));
    }

    void cancelRunningQuery() {
        BackendKeyData key = serverKey;
        if (key == null) {
            return;
        }
        log.info("session {}: forwarding cancel request to target '{}'", info.sessionId(), target.name());
        CancelForwarder.send(client.context().channel().eventLoop(), runtime.upstreamChannelType(), target, key);
    }

    private void fail(String sqlState, String clientMessage) {
        closeReason = clientMessage;
        // release the admission before the client can see the error, so that a retry is never refused for it
        close(clientMessage);
        client.fatal(sqlState, clientMessage);
    }

    /** The client sent Terminate: the server closing its side next is the expected end. */
    void clientTerminating() {
        closeReason = "client terminated the session";
        clientTerminated = true;
    }

    /** The server closed its connection. */
    void serverClosed(boolean sentFatal) {
        if (closed) {
            return;
        }
        if (clientTerminated) {
            close(closeReason);
            return;
        }
        if (!sentFatal) {
            client.fatal("08006", "the connection to the database server was lost");
        } else {
            client.closeAfterFlush();
        }
        close("server closed the connection");
    }

    /** The client closed its connection, or the connection failed. */
    void clientClosed() {
        close(closeReason);
    }

    /** Releases everything once; idempotent. */
    private void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        cancelLoginDeadline();
        if (upstream != null) {
            upstream.close();
        }
        runtime.ports().credentials().release(info.grant(), info.sessionId());
        if (relaying) {
            recorder.close(reason);
            runtime.ports().listener().closed(info, new SessionSummary(bytesFromClient, bytesToClient,
                    Duration.ofNanos(System.nanoTime() - startNanos), reason));
            log.info("session {} closed: {} ({} bytes in, {} bytes out)", info.sessionId(), reason,
                    bytesFromClient, bytesToClient);
        }
        if (cancelKey != null) {
            runtime.registry().unregister(cancelKey, this);
        }
    }

    private void cancelLoginDeadline() {
        if (loginDeadline != null) {
            loginDeadline.cancel(false);
            loginDeadline = null;
        }
    }

    /** Flushes the client side; called at the end of a server read burst. */
    void flushClient() {
        client.flush();
    }

    @Override
    public String toString() {
        return "ProxySession[" + info.sessionId() + ", lease=" + info.leaseId() + "]";
    }
}
