package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.Statement;
import dev.phiguard.proxy.port.StatementOutcome;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.FunctionCall;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.Query;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay phase, client to server: every statement (Query, Parse, FunctionCall) goes through the statement
 * gate; everything else is forwarded as the same bytes, without copying.
 */
final class ClientToServer implements ClientPhase {
    private static final Logger log = LoggerFactory.getLogger(ClientToServer.class);

    private final ProxySession session;

    ClientToServer(ProxySession session) {
        this.session = session;
    }

    @Override
    public ClientPhase onFrame(Frame frame) {
        if (session.isClosed()) {
            frame.release();
            return ClosedPhase.INSTANCE;
        }
        session.bytesFromClient += frame.content().readableBytes();
        Statement statement;
        try {
            ResultTracker tracker = session.resultTracker();
            if (tracker != null) {
                tracker.clientMessage(frame);
            }
            statement = statementOf(frame);
        } catch (RuntimeException e) { // malformed message: nothing was forwarded, so the frame is still ours
            frame.release();
            throw e;
        }
        if (statement != null) {
            gate(frame, statement);
            return this;
        }
        switch (frame.type()) {
            case MessageType.SYNC -> {
                session.denials().expectReady();
                forward(frame);
            }
            case MessageType.TERMINATE -> {
                session.clientTerminating();
                forward(frame);
                session.upstream().flush();
                session.client().closeAfterFlush();
                return ClosedPhase.INSTANCE;
            }
            default -> forward(frame);
        }
        return this;
    }

    /** The statement a Query, Parse or FunctionCall carries; null for every other message. */
    private static Statement statementOf(Frame frame) {
        return switch (frame.type()) {
            case MessageType.QUERY -> new Statement.SimpleQuery(Query.decode(frame.body()).sql());
            case MessageType.PARSE -> {
                Parse parse = Parse.decode(frame.body());
                yield new Statement.Prepare(parse.statementName(), parse.sql());
            }
            case MessageType.FUNCTION_CALL -> new Statement.FunctionCall(FunctionCall.decode(frame.body()).functionOid());
            default -> null;
        };
    }

    private void gate(Frame frame, Statement statement) {
        Decision decision;
        try {
            decision = session.runtime().ports().gate().decide(session.info(), statement);
        } catch (RuntimeException e) {
            log.error("session {}: statement gate failed; denying", session.info().sessionId(), e);
            decision = Decision.deny("XX000", "phiguard could not decide on this statement; it was not run");
        }
        apply(frame, statement, decision);
    }

    private void apply(Frame frame, Statement statement, Decision decision) {
        apply(frame, statement, decision, Optional.empty());
    }

    /**
     * @param heldBy when the statement was held and this is the final decision: the hold (its rule), else empty
     */
    private void apply(Frame frame, Statement statement, Decision decision, Optional<Decision.Hold> heldBy) {
        if (decision instanceof Decision.Hold hold) {
            session.runtime().ports().listener().statement(session.info(), statement, decision);
            hold(frame, statement, hold);
            return;
        }
        session.runtime().ports().listener().statement(session.info(), statement, decision);
        byte type = frame.type();
        boolean held = heldBy.isPresent();
        ResultTracker tracker = session.resultTracker();
        if (decision instanceof Decision.Deny deny) {
            if (tracker != null) {
                tracker.decided(held ? StatementOutcome.Verdict.HELD_DENIED : StatementOutcome.Verdict.DENIED,
                        deny.rule());
            }
            session.outcomes().refused(statement, deny, held);
            deny(frame, deny);
        } else {
            if (tracker != null) {
                tracker.decided(held ? StatementOutcome.Verdict.HELD_APPROVED : StatementOutcome.Verdict.ALLOWED,
                        heldBy.flatMap(Decision.Hold::rule));
            }
            forward(frame);
        }
        if (type == MessageType.QUERY || type == MessageType.FUNCTION_CALL) {
            // this message closes its own batch: the ReadyForQuery that answers it is counted after any denial
            session.denials().expectReady();
        }
    }

    /** Stops reading the client until the held statement is decided, then applies the final decision. */
    private void hold(Frame frame, Statement statement, Decision.Hold hold) {
        ClientConnection client = session.client();
        client.suspend();
        client.readGate().close(ReadGate.Reason.STATEMENT_HELD);
        session.upstream().flush();
        hold.resolution().whenComplete((resolved, error) -> client.context().executor().execute(() -> {
            if (session.isClosed()) {
                frame.release();
                return;
            }
            Decision finalDecision = resolved;
            if (error != null || resolved == null || resolved instanceof Decision.Hold) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                String outcome = cause instanceof java.util.concurrent.TimeoutException
                        ? "timed out waiting for approval" : "was not approved";
                finalDecision = new Decision.Deny("42501", "the statement was held for approval and " + outcome
                        + " (" + hold.reason() + ")", hold.rule());
            } else if (resolved instanceof Decision.Deny deny && deny.rule().isEmpty()) {
                finalDecision = new Decision.Deny(deny.sqlState(), deny.message(), hold.rule());
            }
            apply(frame, statement, finalDecision, Optional.of(hold));
            session.upstream().flush();
            client.readGate().open(ReadGate.Reason.STATEMENT_HELD);
            client.resume();
        }));
    }

    /**
     * Sends the server a sentinel that fails at exactly this point instead of the statement, so that the
     * session's state (aborted transaction, skipped batch) is what the error implies.
     */
    private void deny(Frame frame, Decision.Deny deny) {
        log.info("session {}: statement denied ({}): {}", session.info().sessionId(), deny.sqlState(),
                deny.message());
        session.record(Direction.CLIENT_TO_SERVER, frame.content());
        session.denials().denied(deny);
        var alloc = session.upstream().alloc();
        ByteBuf sentinel = switch (frame.type()) {
            case MessageType.PARSE -> Messages.encode(alloc,
                    new Parse(Parse.decode(frame.body()).statementName(), DenialLedger.SENTINEL_SQL, List.of()));
            default -> Messages.encode(alloc, new Query(DenialLedger.SENTINEL_SQL));
        };
        frame.release();
        session.upstream().write(sentinel);
    }

    private void forward(Frame frame) {
        ByteBuf bytes = frame.content();
        session.record(Direction.CLIENT_TO_SERVER, bytes);
        session.upstream().write(bytes);
    }

    @Override
    public void onReadComplete() {
        UpstreamConnection upstream = session.upstream();
        if (upstream != null && !session.isClosed()) {
            upstream.flush();
        }
    }

    @Override
    public void onWritabilityChanged(boolean writable) {
        UpstreamConnection upstream = session.upstream();
        if (upstream != null) {
            upstream.readGate().set(ReadGate.Reason.PEER_UNWRITABLE, !writable);
        }
    }

    @Override
    public void onClosed() {
        session.clientClosed();
    }
}
