package dev.phiguard.proxy.recording;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.wire.Bind;
import dev.phiguard.proxy.wire.BindComplete;
import dev.phiguard.proxy.wire.CommandComplete;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.ErrorResponse;
import dev.phiguard.proxy.wire.Execute;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.Parse;
import dev.phiguard.proxy.wire.ParseComplete;
import dev.phiguard.proxy.wire.PgMessage;
import dev.phiguard.proxy.wire.Query;
import dev.phiguard.proxy.wire.ReadyForQuery;
import dev.phiguard.proxy.wire.RowDescription;
import dev.phiguard.proxy.wire.Sync;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A synthetic session's messages, fed to a recorder: simple and extended queries, rows, an error. */
final class SyntheticSession {

    static final String SSN = "123-45-6789";
    static final String PARAMETER = "MRN-0042-SECRET";
    static final String MASKED = "***-**-6789";
    static final byte[] LITERAL_KEY = "literal-key-for-tests-0123456789".getBytes(StandardCharsets.US_ASCII);

    /** One recorded message, as the test expects to read it back. */
    record Sent(Direction direction, byte[] bytes, boolean boundaryAfter) {
    }

    private SyntheticSession() {
    }

    static SessionInfo info(String sessionId) {
        return new SessionInfo(sessionId, new SessionGrant("lease-7", "study-42", "clinic"),
                new InetSocketAddress("127.0.0.1", 40000), false, "psql", Instant.parse("2026-01-02T03:04:05Z"));
    }

    static RecordingWriter writer(Path directory, SigningKeys keys, EncryptionKey encryption, int chunkBytes) {
        return new RecordingWriter(RecordingSettings.defaults(directory).withChunkBytes(chunkBytes), keys,
                LiteralRedactor.hashing(LITERAL_KEY), encryption);
    }

    /** The messages of the session: {@code rows} masked rows for the simple query. */
    static List<Sent> messages(int rows) {
        List<Sent> m = new ArrayList<>();
        c(m, new Query("select id, ssn from patients where ssn = '" + SSN + "'"), false);
        s(m, new RowDescription(List.of(field("id", 23), field("ssn", 25))), false);
        for (int i = 0; i < rows; i++) {
            s(m, row(String.valueOf(i), MASKED), false);
        }
        s(m, new CommandComplete("SELECT " + rows), false);
        s(m, new ReadyForQuery('I'), true);
        c(m, new Parse("", "select name from patients where mrn = $1", List.of()), false);
        c(m, new Bind("", "", List.of(), List.of(utf8(PARAMETER)), List.of()), false);
        c(m, new Execute("", 0), false);
        c(m, Sync.INSTANCE, false);
        s(m, ParseComplete.INSTANCE, false);
        s(m, BindComplete.INSTANCE, false);
        s(m, new RowDescription(List.of(field("name", 25))), false);
        s(m, row("P***"), false);
        s(m, new CommandComplete("SELECT 1"), false);
        s(m, new ReadyForQuery('I'), true);
        c(m, new Query("select * from nowhere"), false);
        s(m, ErrorResponse.error("42P01", "relation \"nowhere\" does not exist"), false);
        s(m, new ReadyForQuery('I'), true);
        return m;
    }

    /** Feeds the messages to the recorder at increasing times, with statement boundaries, then closes it. */
    static void play(SessionRecorder recorder, List<Sent> messages, long originNanos) {
        long t = originNanos;
        for (Sent s : messages) {
            t += 1_000_000;
            ByteBuf buf = Unpooled.wrappedBuffer(s.bytes());
            recorder.message(s.direction(), t, buf);
            buf.release();
            if (s.boundaryAfter()) {
                recorder.statementBoundary();
            }
        }
        recorder.close("client terminated the session");
    }

    private static RowDescription.Field field(String name, int type) {
        return new RowDescription.Field(name, 0, (short) 0, type, (short) -1, -1, (short) 0);
    }

    private static DataRow row(String... values) {
        List<ByteBuf> columns = new ArrayList<>();
        for (String v : values) {
            columns.add(utf8(v));
        }
        return DataRow.of(columns);
    }

    static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void c(List<Sent> m, PgMessage message, boolean boundary) {
        m.add(new Sent(Direction.CLIENT_TO_SERVER, bytes(message), boundary));
    }

    private static void s(List<Sent> m, PgMessage message, boolean boundary) {
        m.add(new Sent(Direction.SERVER_TO_CLIENT, bytes(message), boundary));
    }

    static byte[] bytes(PgMessage message) {
        ByteBuf buf = Messages.encode(UnpooledByteBufAllocator.DEFAULT, message);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
