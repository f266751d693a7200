package dev.phiguard.proxy.session;

import dev.phiguard.proxy.port.Decision;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.ResultRefusedException;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.port.RowPlanner;
import dev.phiguard.proxy.wire.CopyOutResponse;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.MessageType;
import dev.phiguard.proxy.wire.NoticeResponse;
import dev.phiguard.proxy.wire.ProtocolViolationException;
import dev.phiguard.proxy.wire.RowDescription;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
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
    /** While a COPY TO streams with rows being rewritten: its plan and column count. */
    private RowPlan copyPlan;
    private int copyColumns;
    /** The plan of the result now ending, for its outcome's details (kept past CopyDone), or null. */
    private RowPlan resultPlan;
    /** Rows of the result now arriving that went to the client. */
    private long resultRows;

    ServerToClient(ProxySession session) {
        this.session = session;
        this.planner = session.runtime().ports().rows();
    }

    /** Handles one frame from the server and takes ownership of it. */
    void onFrame(Frame frame) {
        try {
            relay(frame);
        } catch (ProtocolViolationException e) {
            // decoding fails before anything is forwarded, so the frame is still ours to release
            if (frame.refCnt() > 0) {
                frame.release();
            }
            throw e;
        }
    }

    private void relay(Frame frame) {
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
                copyPlan = null;
                if (tracker != null) {
                    if (frame.type() != MessageType.EMPTY_QUERY_RESPONSE) {
                        reportOutcome(tracker, java.util.Optional.empty());
                    }
                    tracker.resultEnded();
                }
                endResult();
            }
            case MessageType.COPY_OUT_RESPONSE, MessageType.COPY_BOTH_RESPONSE -> {
                if (tracker != null && !startCopy(frame, tracker)) {
                    return;
                }
            }
            case MessageType.COPY_DATA -> {
                if (tracker != null) {
                    rewriteCopyRow(frame);
                    return;
                }
            }
            case MessageType.COPY_DONE -> copyPlan = null;
            case MessageType.ERROR_RESPONSE -> {
                plan = null;
                if (tracker != null) {
                    reportOutcome(tracker, java.util.Optional.ofNullable(ErrorResponse.decode(frame.body()).sqlState()));
                    tracker.error();
                }
                endResult();
                if (onError(frame, tracker != null)) {
                    return;
                }
            }
            case MessageType.NOTICE_RESPONSE -> {
                if (tracker != null) {
                    NoticeResponse notice = NoticeResponse.decode(frame.body());
                    NoticeResponse scrubbed = ServerMessageScrubber.scrubbed(notice);
                    if (scrubbed != notice) {
                        frame.release();
                        session.writeToClient(scrubbed);
                        return;
                    }
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

    /** Reports the outcome of the statement whose result is ending, if one is due. */
    private void reportOutcome(ResultTracker tracker, java.util.Optional<String> sqlState) {
        ResultTracker.Completion completion = tracker.completing();
        if (completion != null) {
            session.outcomes().completed(completion, resultRows,
                    resultPlan == null ? ResultDetails.NONE : resultPlan.details(), sqlState);
        }
    }

    /** The proxy ends the session in the middle of a result: the statement's outcome, with the rows sent so far. */
    private void reportRefused(String sqlState) {
        ResultTracker tracker = session.resultTracker();
        if (tracker != null) {
            reportOutcome(tracker, java.util.Optional.of(sqlState));
        }
        endResult();
    }

    private void endResult() {
        resultPlan = null;
        resultRows = 0;
    }

    /**
     * Returns true if the error was replaced (and the frame released): by a denial, or, while results are
     * masked, by a copy without the values the server quoted.
     */
    private boolean onError(Frame frame, boolean scrub) {
        ErrorResponse error = ErrorResponse.decode(frame.body());
        if ("FATAL".equals(error.severity()) || "PANIC".equals(error.severity())) {
            sentFatal = true;
        }
        Decision.Deny denial = session.denials().replacementFor(error);
        ErrorResponse replacement = denial != null ? ErrorResponse.error(denial.sqlState(), denial.message())
                : scrub ? ServerMessageScrubber.scrubbed(error) : error;
        if (replacement == error) {
            return false;
        }
        frame.release();
        session.writeToClient(replacement);
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
                resultPlan = plan;
            } catch (RuntimeException e) {
                frame.release();
                log.error("session {}: planning a result failed; closing the session", session.info().sessionId(), e);
                reportRefused("XX000");
                session.terminate("XX000", "phiguard could not plan how to mask this result; the session was closed"
                        + " to protect the data");
                return;
            }
        }
        rewriteAndSend(frame, plan, false);
    }

    /**
     * Sends the rewritten form of a frame, or the frame itself when the plan leaves it unchanged. A rewrite that
     * fails ends the session: the row is not sent either way (fail closed).
     */
    private void rewriteAndSend(Frame frame, RowPlan current, boolean copyRow) {
        if (current == RowPlan.PASS_THROUGH) {
            resultRows++;
            forward(frame);
            return;
        }
        String what = copyRow ? "COPY row" : "result row";
        ByteBuf replacement;
        try {
            var alloc = session.client().context().alloc();
            replacement = copyRow ? CopyTextRows.rewrite(frame.body(), copyColumns, current, alloc)
                    : current.rewrite(DataRow.decode(frame.body()), alloc);
        } catch (ResultRefusedException e) {
            frame.release();
            reportRefused(e.sqlState());
            session.terminate(e.sqlState(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            frame.release();
            log.error("session {}: rewriting a {} failed; closing the session", session.info().sessionId(), what, e);
            reportRefused("XX000");
            session.terminate("XX000", "phiguard could not mask a " + what + "; the session was closed to protect"
                    + " the data");
            return;
        }
        resultRows++;
        if (replacement == null) {
            forward(frame);
        } else {
            frame.release();
            send(replacement);
        }
    }

    /** Plans a COPY TO's rows; returns false (frame released, session ended) when it cannot be done safely. */
    private boolean startCopy(Frame frame, ResultTracker tracker) {
        ResultTracker.CurrentResult result = tracker.currentCopy();
        String refusal;
        if (frame.type() == MessageType.COPY_BOTH_RESPONSE || result == null) {
            refusal = "phiguard cannot tell which columns this COPY holds";
        } else {
            CopyOutResponse response = CopyOutResponse.decode(frame.body());
            refusal = CopyTextRows.unsupportedOptions(result.source().sql(), response.overallFormat());
            if (refusal == null) {
                try {
                    copyPlan = planner.planCopy(session.info(), result.source(), response.columnFormats().size());
                    resultPlan = copyPlan;
                    copyColumns = response.columnFormats().size();
                    return true;
                } catch (RuntimeException e) {
                    refusal = e.getMessage();
                }
            }
        }
        frame.release();
        log.info("session {}: COPY refused while masking: {}", session.info().sessionId(), refusal);
        reportRefused("0A000");
        session.terminate("0A000", "this COPY cannot be masked (" + refusal + "); use COPY in the default text"
                + " format, or SELECT; the session was closed to protect the data");
        return false;
    }

    private void rewriteCopyRow(Frame frame) {
        if (copyPlan == null) {
            forward(frame); // COPY FROM STDIN runs the other way; the server sends no CopyData then
            return;
        }
        rewriteAndSend(frame, copyPlan, true);
    }

    private void forward(Frame frame) {
        send(frame.content());
    }

    private void send(ByteBuf bytes) {
        session.record(Direction.SERVER_TO_CLIENT, bytes);
        session.bytesToClient += bytes.readableBytes();
        ChannelHandlerContext client = session.client().context();
        // no promise per message: a failed write reaches the client connection's exceptionCaught
        client.write(bytes, client.voidPromise());
    }

    boolean sentFatal() {
        return sentFatal;
    }
}
