package dev.phiguard.cli.replay;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.port.RecordingSink.SessionRecorder;
import dev.phiguard.proxy.port.SessionGrant;
import dev.phiguard.proxy.port.SessionInfo;
import dev.phiguard.proxy.recording.EncryptionKey;
import dev.phiguard.proxy.recording.RecordingSettings;
import dev.phiguard.proxy.recording.RecordingWriter;
import dev.phiguard.proxy.recording.SigningKeys;
import dev.phiguard.proxy.wire.CommandComplete;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.Messages;
import dev.phiguard.proxy.wire.PgMessage;
import dev.phiguard.proxy.wire.Query;
import dev.phiguard.proxy.wire.ReadyForQuery;
import dev.phiguard.proxy.wire.RowDescription;
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

/**
 * Real recordings for the replay tests, written by {@code proxy.recording.RecordingWriter} from synthetic protocol
 * messages: simple queries over {@code patients} whose rows carry masked SSNs.
 */
final class SyntheticRecordings {

    static final String SSN = "123-45-6789";
    static final String MASKED = "***-**-6789";
    static final byte[] LITERAL_KEY = "literal-key-for-cli-tests-012345".getBytes(StandardCharsets.US_ASCII);

    private SyntheticRecordings() {
    }

    static RecordingWriter writer(Path directory, SigningKeys keys, EncryptionKey encryption) {
        return new RecordingWriter(RecordingSettings.defaults(directory).withChunkBytes(512), keys,
                LiteralRedactor.hashing(LITERAL_KEY), encryption);
    }

    static SessionRecorder open(RecordingWriter writer, String sessionId) {
        return writer.open(new SessionInfo(sessionId, new SessionGrant("lease-7", "study-42", "clinic"),
                new InetSocketAddress("127.0.0.1", 40000), false, "psql", Instant.parse("2030-01-02T03:04:05Z")));
    }

    /** Records one simple query (its WHERE literal is an SSN, hashed by the writer) returning {@code rows} rows. */
    static void statement(SessionRecorder recorder, String table, int rows) {
        List<byte[]> client = List.of(bytes(new Query("select id, ssn from " + table + " where ssn = '" + SSN + "'")));
        List<byte[]> server = new ArrayList<>();
        server.add(bytes(new RowDescription(List.of(field("id", 23), field("ssn", 25)))));
        for (int i = 0; i < rows; i++) {
            server.add(bytes(DataRow.of(List.of(utf8(String.valueOf(i)), utf8(MASKED)))));
        }
        server.add(bytes(new CommandComplete("SELECT " + rows)));
        server.add(bytes(new ReadyForQuery('I')));
        long t = System.nanoTime();
        for (byte[] m : client) {
            send(recorder, Direction.CLIENT_TO_SERVER, m, ++t);
        }
        for (byte[] m : server) {
            send(recorder, Direction.SERVER_TO_CLIENT, m, ++t);
        }
        recorder.statementBoundary();
    }

    /** A closed, signed recording of {@code sessionId} with two statements. */
    static Path closedSession(Path directory, SigningKeys keys, String sessionId) {
        try (RecordingWriter writer = writer(directory, keys, null)) {
            SessionRecorder recorder = open(writer, sessionId);
            statement(recorder, "patients", 30);
            statement(recorder, "visits", 2);
            recorder.close("client terminated the session");
        }
        return RecordingWriter.fileFor(directory, sessionId);
    }

    private static void send(SessionRecorder recorder, Direction direction, byte[] message, long nanos) {
        ByteBuf buf = Unpooled.wrappedBuffer(message);
        recorder.message(direction, nanos, buf);
        buf.release();
    }

    private static RowDescription.Field field(String name, int type) {
        return new RowDescription.Field(name, 0, (short) 0, type, (short) -1, -1, (short) 0);
    }

    private static ByteBuf utf8(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(PgMessage message) {
        ByteBuf buf = Messages.encode(UnpooledByteBufAllocator.DEFAULT, message);
        try {
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
