package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.RowPlanner;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.RowDescription;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay, server to client: rows of a result are rewritten by the plan chosen for their RowDescription;
 * the sentinel error of a denied statement is swapped for the denial; everything else is forwarded as the
 * same bytes.
 */
final class ServerToClient {
    private static final Logger log = LoggerFactory.getLogger(ServerToClient.class);

    private final ProxySession session;
    private final RowPlanner planner;
    /** The plan for the rows now arriving, or null when it is still to be made. */
    private RowPlan plan;
    private boolean sentFatal;

    ServerToClient(ProxySession session) {
        this.session = session;
        this.planner = session.runtime().ports().rows();
    }

    /** Handles one frame from the server and takes ownership of it. */
    void onFrame(Frame frame) {
        ResultTracker tracker = session.resultTracker();
        switch (frame.type()) {
            case MessageType.DATA_ROW -> {
                if (tracker == null) {
                    forward(frame);
                } else {
                    rewriteRow(frame, tracker);
                }
                return;
            }
            case MessageType.ROW_DESCRIPTION -> {
                plan = null;
                if (tracker != null) {
                    tracker.rowDescription(RowDescription.decode(frame.body()));
                }
            }
            case MessageType.NO_DATA -> {
                if (tracker != null) {
                    tracker.noData();
                }
            }
            case MessageType.COMMAND_COMPLETE, MessageType.PORTAL_SUSPENDED, MessageType.EMPTY_QUERY_RESPONSE -> {
                plan = null;
                if (tracker != null) {
                    tracker.resultEnded();
                }
            }
            case MessageType.COPY_OUT_RESPONSE, MessageType.COPY_BOTH_RESPONSE -> {
                if (tracker != null) {
                    // COPY rows are not DataRows: until they can be rewritten, they do not leave unrewritten
                    frame.release();
                    session.terminate("0A000", "COPY TO is not available while results are being masked;"
                            + " the session was closed to protect the data");
                    return;
                }
            }
            case MessageType.ERROR_RESPONSE -> {
                plan = null;
                if (tracker != null) {
                    tracker.error();
                }
                if (onError(frame)) {
                    return;
                }
            }
            case MessageType.READY_FOR_QUERY -> {
                plan = null;
                if (tracker != null) {
                    tracker.ready();
                }
                session.denials().ready();
                forward(frame);
                session.statementBoundary();
                return;
            }
            default -> { }
        }
        forward(frame);
    }

    /** Returns true if the error was replaced by a denial (and the frame released). */
    private boolean onError(Frame frame) {
        ErrorResponse error = ErrorResponse.decode(frame.body());
        if ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity())) {
            sentFatal = true;
        }
        Decision.Deny denial = session.denials().replacementFor(error);
        if (denial == null) {
            return false;
        }
        frame.release();
        session.writeToClient(ErrorResponse.error(denial.sqlState(), denial.message()));
        return true;
    }

    private void rewriteRow(Frame frame, ResultTracker tracker) {
        if (plan == null) {
            ResultTracker.CurrentResult result = tracker.currentResult();
            if (result == null) {
                // rows whose statement or description the proxy does not know: the planner cannot vouch for
                // them, so they do not leave the proxy
                frame.release();
                session.terminate("XX000", "phiguard cannot tell which columns this result holds; the session was"
                        + " closed to protect the data");
                return;
            }
            try {
                plan = planner.plan(session.info(), result.source(), result.description());
            } catch (RuntimeException e) {
                frame.release();
                log.error("session {}: planning a result failed; closing the session", session.info().sessionId(), e);
                session.terminate("XX000", "phiguard could not plan how to mask this result; the session was closed"
                        + " to protect the data");
                return;
            }
        }
        RowPlan current = plan;
        if (current == RowPlan.PASS_THROUGH) {
            forward(frame);
            return;
        }
        ByteBuf replacement;
        try {
            replacement = current.rewrite(DataRow.decode(frame.body()), session.client().context().alloc());
        } catch (RuntimeException e) {
            frame.release();
            log.error("session {}: rewriting a row failed; closing the session", session.info().sessionId(), e);
            session.terminate("XX000", "phiguard could not mask a result row; the session was closed to protect"
                    + " the data");
            return;
        }
        if (replacement == null) {
            forward(frame);
        } else {
            frame.release();
            send(replacement);
        }
    }

    private void forward(Frame frame) {
        send(frame.content());
    }

    private void send(ByteBuf bytes) {
        session.record(Direction.SERVER_TO_CLIENT, bytes);
        session.bytesToClient += bytes.readableBytes();
        session.client().context().write(bytes);
    }

    boolean sentFatal() {
        return sentFatal;
    }
}
