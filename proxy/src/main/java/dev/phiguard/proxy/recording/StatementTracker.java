package dev.phiguard.proxy.recording;

import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.wire.BackendMessage;
import dev.phiguard.proxy.wire.BackendMessages;
import dev.phiguard.proxy.wire.Bind;
import dev.phiguard.proxy.wire.CommandComplete;
import dev.phiguard.proxy.wire.CopyData;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.EmptyQueryResponse;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Execute;
import dev.phiguard.proxy.wire.Frame;
import dev.phiguard.proxy.wire.FrontendMessage;
import dev.phiguard.proxy.wire.FrontendMessages;
import dev.phiguard.proxy.wire.NoticeResponse;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.PortalSuspended;
import dev.phiguard.proxy.wire.Query;
import dev.phiguard.proxy.wire.ReadyForQuery;
import dev.phiguard.proxy.wire.RowDescription;
import dev.phiguard.proxy.wire.Sync;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns recorded frames back into statements: pairs what the client sent (Query, or Parse/Bind/Execute) with the
 * server's answer (RowDescription, DataRows, CommandComplete or ErrorResponse), in protocol order, as the
 * server answers pipelined requests. Keeps at most the row limit of rows per statement; counts all.
 */
final class StatementTracker {

    /** One request the server will answer, or the Sync that ends an extended-protocol cycle. */
    private sealed interface Pending {
    }

    private record SyncMarker() implements Pending {
    }

    private static final class Request implements Pending {
        final boolean simple;
        final String sql;
        final List<String> parameters;
        final long nanos;
        Result result;

        Request(boolean simple, String sql, List<String> parameters, long nanos) {
            this.simple = simple;
            this.sql = sql;
            this.parameters = parameters;
            this.nanos = nanos;
        }
    }

    /** The result being received for the request at the head of the queue. */
    private static final class Result {
        List<String> columns = List.of();
        short[] formats = new short[0];
        final List<List<String>> rows = new ArrayList<>();
        long count;
    }

    private record Portal(String sql, List<String> parameters) {
    }

    private final RecordingHeader header;
    private final int maxRows;
    private final Consumer<TranscriptEvent> out;
    private final Map<String, String> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final Deque<Pending> queue = new ArrayDeque<>();
    private RowDescription lastDescription;

    StatementTracker(RecordingHeader header, int maxRows, Consumer<TranscriptEvent> out) {
        this.header = header;
        this.maxRows = maxRows;
        this.out = out;
    }

    void accept(RecordedFrame frame) {
        byte[] m = frame.message();
        if (m.length < 5) {
            return;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(m);
        Frame f;
        try {
            f = Frame.typed(m[0], buf);
        } catch (IllegalArgumentException notOneMessage) {
            return;
        }
        try {
            if (frame.direction() == Direction.CLIENT_TO_SERVER) {
                client(FrontendMessages.decode(f), frame.nanos());
            } else {
                server(BackendMessages.decode(f), frame.nanos());
            }
        } catch (RuntimeException undecodable) {
            // shown by verify, not by the transcript: a frame we cannot decode adds nothing to it
        } finally {
            f.release();
        }
    }

    private void client(FrontendMessage message, long nanos) {
        if (message instanceof Query q) {
            queue.add(new Request(true, q.sql(), List.of(), nanos));
        } else if (message instanceof Parse p) {
            statements.put(p.statementName(), p.sql());
        } else if (message instanceof Bind b) {
            List<String> values = new ArrayList<>(b.parameters().size());
            for (int i = 0; i < b.parameters().size(); i++) {
                ByteBuf v = b.parameters().get(i);
                values.add(v == null ? null : value(v, b.parameterFormat(i)));
            }
            portals.put(b.portal(), new Portal(statements.get(b.statementName()), values));
        } else if (message instanceof Execute e) {
            Portal portal = portals.get(e.portal());
            queue.add(new Request(false, portal == null ? null : portal.sql(),
                    portal == null ? List.of() : portal.parameters(), nanos));
        } else if (message instanceof Sync) {
            queue.add(new SyncMarker());
        }
    }

    private void server(BackendMessage message, long nanos) {
        if (message instanceof RowDescription d) {
            lastDescription = d;
            Request r = head();
            if (r != null) {
                result(r).columns = names(d);
                result(r).formats = formats(d);
            }
        } else if (message instanceof DataRow row) {
            Result result = result(headOrUnknown(nanos));
            if (result.columns.isEmpty() && lastDescription != null
                    && lastDescription.fields().size() == row.columnCount()) {
                result.columns = names(lastDescription);
                result.formats = formats(lastDescription);
            }
            result.count++;
            if (result.rows.size() < maxRows) {
                List<String> values = new ArrayList<>(row.columnCount());
                for (int i = 0; i < row.columnCount(); i++) {
                    ByteBuf v = row.column(i);
                    values.add(v == null ? null : value(v, i < result.formats.length ? result.formats[i] : 0));
                }
                result.rows.add(values);
            }
        } else if (message instanceof CopyData c) {
            Result result = result(headOrUnknown(nanos));
            if (result.columns.isEmpty()) {
                result.columns = List.of("copy");
            }
            result.count++;
            if (result.rows.size() < maxRows) {
                result.rows.add(List.of(c.data().toString(StandardCharsets.UTF_8).stripTrailing()));
            }
        } else if (message instanceof CommandComplete c) {
            complete(headOrUnknown(nanos), c.tag(), null, nanos);
        } else if (message instanceof EmptyQueryResponse) {
            complete(headOrUnknown(nanos), "", null, nanos);
        } else if (message instanceof PortalSuspended) {
            complete(headOrUnknown(nanos), "(portal suspended)", null, nanos);
        } else if (message instanceof ErrorResponse e) {
            Request r = head();
            if (r == null) {
                r = new Request(false, null, List.of(), nanos);
                queue.addFirst(r);
            }
            complete(r, null, e.fields(), nanos);
            if (!r.simple) { // the server skips everything up to the next Sync
                while (!queue.isEmpty() && queue.peekFirst() instanceof Request) {
                    queue.pollFirst();
                }
            }
        } else if (message instanceof NoticeResponse n) {
            out.accept(new TranscriptEvent.Notice(time(nanos), n.fields()));
        } else if (message instanceof ReadyForQuery) {
            endCycle();
        }
    }

    /** ReadyForQuery: the head simple query, or everything up to the first Sync, is answered. */
    private void endCycle() {
        while (!queue.isEmpty()) {
            Pending p = queue.pollFirst();
            if (p instanceof SyncMarker || (p instanceof Request r && r.simple)) {
                return;
            }
        }
    }

    private void complete(Request r, String tag, Map<Character, String> error, long nanos) {
        Result result = r.result == null ? new Result() : r.result;
        out.accept(new TranscriptEvent.Statement(time(r.nanos), r.nanos, r.simple ? "simple" : "extended", r.sql,
                r.parameters, result.columns, List.copyOf(result.rows), result.count, tag, error, nanos - r.nanos));
        r.result = null;
        if (!r.simple) {
            queue.remove(r); // an Execute is answered once; a simple Query may have more results until ReadyForQuery
        }
    }

    private Request head() {
        Pending p = queue.peekFirst();
        return p instanceof Request r ? r : null;
    }

    private Request headOrUnknown(long nanos) {
        Request r = head();
        if (r == null) {
            r = new Request(false, null, List.of(), nanos);
            queue.addFirst(r);
        }
        return r;
    }

    private static Result result(Request r) {
        if (r.result == null) {
            r.result = new Result();
        }
        return r.result;
    }

    private static List<String> names(RowDescription d) {
        List<String> names = new ArrayList<>(d.fields().size());
        for (RowDescription.Field f : d.fields()) {
            names.add(f.name());
        }
        return names;
    }

    private static short[] formats(RowDescription d) {
        short[] formats = new short[d.fields().size()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = d.fields().get(i).formatCode();
        }
        return formats;
    }

    private String value(ByteBuf v, short format) {
        if (format == Bind.FORMAT_TEXT || header.literals() == LiteralPolicy.HASH && isToken(v)) {
            return v.toString(StandardCharsets.UTF_8);
        }
        return "\\x" + ByteBufUtil.hexDump(v);
    }

    private static boolean isToken(ByteBuf v) {
        return v.readableBytes() == 18 && v.getByte(v.readerIndex()) == 'h' && v.getByte(v.readerIndex() + 1) == ':';
    }

    private Instant time(long nanos) {
        return header.openedAt().plusNanos(nanos);
    }
}
