package dev.phiguard.proxy.wire;

import dev.phiguard.proxy.wire.PgFrameDecoder.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The framing decoder in an EmbeddedChannel, fed whole, byte by byte and in random splits. */
class PgFrameDecoderTest {

    static final int MAX = 1 << 20;

    /** What pgjdbc sends for a prepared statement, from StartupMessage to Terminate (captured). */
    static final List<String> CLIENT = List.of(
            "00000058000300007573657200616c69636500646174616261736500636c696e696300636c69656e745f656e636f64696e6700"
                    + "5554463800446174655374796c650049534f0054696d655a6f6e65004574632f5554430000",
            "700000000c6275696c64657200",
            "500000004c0073656c6563742069642c206e616d652c2073736e2066726f6d2070617469656e742077686572652069642"
                    + "03d202431206f72206e616d65203d2024320000020000001700000413",
            "42000000270000000200010000000200000004000000010000000b416c616e20547572696e670000",
            "44000000065000",
            "45000000090000000000",
            "5300000004",
            "5800000004");

    /** What PostgreSQL answers psql's {@code select id, name, ssn, dob from patient} (captured, abridged). */
    static final List<String> SERVER = List.of(
            "520000000800000003",
            "520000000800000000",
            "530000001a6170706c69636174696f6e5f6e616d65007073716c00",
            "4b0000000c00001146b40b52cc",
            "5a0000000549",
            "540000005e0004696400000040020001000000170004ffffffff00006e616d650000004002000200000019ffffffffffff0000"
                    + "73736e0000004002000300000019ffffffffffff0000646f62000000400200040000043a0004ffffffff0000",
            "4400000038000400000001310000000c416461204c6f76656c6163650000000b3132332d34352d363738390000000a3138313"
                    + "52d31322d3130",
            "440000002c000400000001320000000b416c616e20547572696e67ffffffff0000000a313931322d30362d3233",
            "430000000d53454c454354203200",
            "5a0000000549");

    enum Feeding { WHOLE, ONE_BYTE_AT_A_TIME, RANDOM_SPLITS }

    private static ResourceLeakDetector.Level previousLevel;

    @BeforeAll
    static void paranoidLeakDetection() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    static Stream<Arguments> feedings() {
        List<Arguments> args = new ArrayList<>();
        for (Side side : Side.values()) {
            args.add(arguments(side, Feeding.WHOLE, 0L));
            args.add(arguments(side, Feeding.ONE_BYTE_AT_A_TIME, 0L));
            for (long seed = 1; seed <= 25; seed++) {
                args.add(arguments(side, Feeding.RANDOM_SPLITS, seed));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed={2}")
    @MethodSource("feedings")
    void sameFramesHoweverTheBytesArrive(Side side, Feeding feeding, long seed) {
        List<String> messages = side == Side.FRONTEND ? CLIENT : SERVER;
        Run run = new Run(side, MAX);
        for (ByteBuf chunk : chunks(concat(messages), feeding, seed)) {
            run.write(chunk);
        }
        assertThat(run.frames).containsExactlyElementsOf(messages);
        run.finishCleanly();
    }

    @ParameterizedTest(name = "{0} seed={1}")
    @MethodSource("backendFeedings")
    void coalescedDataRowsComeAsRunsWithTheSameBytesInTheSameOrder(Feeding feeding, long seed) {
        PgFrameDecoder decoder = new PgFrameDecoder(Side.BACKEND, MAX);
        decoder.coalesceDataRows();
        Run run = new Run(decoder);
        List<Integer> counts = new ArrayList<>();
        run.onFrame = frame -> counts.add(frame.messages());
        for (ByteBuf chunk : chunks(concat(SERVER), feeding, seed)) {
            run.write(chunk);
        }
        assertThat(String.join("", run.frames)).as("the same bytes").isEqualTo(String.join("", SERVER));
        assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(SERVER.size());
        if (feeding == Feeding.WHOLE) {
            assertThat(counts).as("the two DataRows arrive as one run").containsExactly(1, 1, 1, 1, 1, 1, 2, 1, 1);
        }
        run.finishCleanly();
    }

    static Stream<Arguments> backendFeedings() {
        return feedings().filter(a -> a.get()[0] == Side.BACKEND).map(a -> arguments(a.get()[1], a.get()[2]));
    }

    @Test
    void aRunStopsBeforeAnInvalidDataRowWhichIsThenRefusedOnItsOwn() {
        PgFrameDecoder decoder = new PgFrameDecoder(Side.BACKEND, MAX);
        decoder.coalesceDataRows();
        Run run = new Run(decoder);
        List<Integer> counts = new ArrayList<>();
        run.onFrame = frame -> {
            counts.add(frame.messages());
            if (frame.messages() > 1) {
                assertThatThrownBy(frame::body).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("no single body");
            }
        };
        assertThatThrownBy(() -> run.write(Hex.buf(SERVER.get(6) + SERVER.get(7) + "4400000002")))
                .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("invalid message length 2");
        assertThat(counts).as("the two valid rows, as one run, before the violation").containsExactly(2);
        run.assertDiscardsFurtherInput();
    }

    @Test
    void startupPhaseEndsAfterStartupMessage() {
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(Hex.buf(CLIENT.get(0) + "5800000004"));
        assertThat(run.typed).containsExactly(false, true);
        run.finishCleanly();
    }

    @Test
    void sslRequestKeepsTheStartupPhase() {
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(Hex.buf("0000000804d2162f"));          // SSLRequest; the session answers 'N' (or starts TLS)
        run.write(Hex.buf(CLIENT.get(0)));               // the StartupMessage, untyped again
        run.write(Hex.buf("5800000004"));                // then typed
        assertThat(run.frames).containsExactly("0000000804d2162f", CLIENT.get(0), "5800000004");
        assertThat(run.typed).containsExactly(false, false, true);
        run.finishCleanly();
    }

    @Test
    void gssEncRequestKeepsTheStartupPhase() {
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(Hex.buf("0000000804d21630"));
        run.write(Hex.buf("0000000804d2162f"));
        run.write(Hex.buf(CLIENT.get(0)));
        assertThat(run.typed).containsExactly(false, false, false);
        run.finishCleanly();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0000000804d2162f", "0000000804d21630"})
    void rejectsUnencryptedDataBufferedBehindAnEncryptionRequest(String request) {
        Run run = new Run(Side.FRONTEND, MAX);
        assertThatThrownBy(() -> run.write(Hex.buf(request + CLIENT.get(0))))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessageStartingWith("received unencrypted data after ");
        assertThat(run.frames).as("the request itself is not passed on").isEmpty();
        run.assertDiscardsFurtherInput();
    }

    @Test
    void cancelRequestKeepsTheStartupPhase() {
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(Hex.buf("0000001004d2162e00001092075bcd15"));
        run.write(Hex.buf("0000001004d2162e00001092075bcd15"));
        assertThat(run.typed).containsExactly(false, false);
        run.finishCleanly();
    }

    @Test
    void enterTypedPhase() {
        PgFrameDecoder decoder = new PgFrameDecoder(Side.FRONTEND, MAX);
        Run run = new Run(decoder);
        decoder.enterTypedPhase();
        run.write(Hex.buf("5800000004"));
        assertThat(run.typed).containsExactly(true);
        run.finishCleanly();
    }

    @Test
    void acceptsLengthsUpToTheMaximum() {
        Run run = new Run(Side.BACKEND, 16);
        run.write(Hex.buf("640000001000112233445566778899aabb"));
        assertThat(run.frames).hasSize(1);
        assertThatThrownBy(() -> run.write(Hex.buf("6400000011")))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage("invalid message length 17 (maximum 16) for message type 'd'");
        run.assertDiscardsFurtherInput();
    }

    @Test
    void acceptsStartupPacketsUpToPostgresLimit() {
        byte[] packet = new byte[PgFrameDecoder.MAX_STARTUP_PACKET_LENGTH];
        ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(packet).writerIndex(0);
        b.writeInt(packet.length).writeInt(MessageType.PROTOCOL_3_0).writerIndex(packet.length);
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(b);
        assertThat(run.frames).hasSize(1);
        run.finishCleanly();
    }

    // ---- violations: found as soon as the header is there, then everything else is discarded ----

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                arguments(Side.BACKEND, "44ffffffff", "invalid message length -1 (minimum 4) for message type 'D'"),
                arguments(Side.BACKEND, "4480000000",
                        "invalid message length -2147483648 (minimum 4) for message type 'D'"),
                arguments(Side.BACKEND, "4400000003", "invalid message length 3 (minimum 4) for message type 'D'"),
                arguments(Side.BACKEND, "4400000000", "invalid message length 0 (minimum 4) for message type 'D'"),
                arguments(Side.BACKEND, "447fffffff",
                        "invalid message length 2147483647 (maximum 1048576) for message type 'D'"),
                arguments(Side.FRONTEND, "00000008000300005100100001",
                        "invalid message length 1048577 (maximum 1048576) for message type 'Q'"),
                arguments(Side.FRONTEND, "00000008000300007f7fffffff",
                        "invalid message length 2147483647 (maximum 1048576) for message type 0x7f"),
                arguments(Side.BACKEND, "00", "invalid message type 0x00"),
                arguments(Side.FRONTEND, "00000008 00030000 00", "invalid message type 0x00"),
                arguments(Side.FRONTEND, "ffffffff", "invalid startup packet length -1 (expected 8 to 10000)"),
                arguments(Side.FRONTEND, "00000007", "invalid startup packet length 7 (expected 8 to 10000)"),
                arguments(Side.FRONTEND, "00002711", "invalid startup packet length 10001 (expected 8 to 10000)"),
                arguments(Side.FRONTEND, "7fffffff",
                        "invalid startup packet length 2147483647 (expected 8 to 10000)"),
                arguments(Side.FRONTEND, "00000008 00020000", "unsupported frontend protocol 2.0: server supports 3.0"),
                arguments(Side.FRONTEND, "00000008 04d215b3",
                        "unsupported frontend protocol 1234.5555: server supports 3.0"),
                arguments(Side.FRONTEND, "00000010 04d2162f", "invalid length 16 of SSL request (expected 8)"),
                arguments(Side.FRONTEND, "0000000c 04d21630",
                        "invalid length 12 of GSSAPI encryption request (expected 8)"),
                arguments(Side.FRONTEND, "0000000c 04d2162e", "invalid length 12 of CancelRequest (expected 16)"),
                arguments(Side.FRONTEND, "16030100",
                        "invalid startup packet length 369295616 (expected 8 to 10000); this looks like a TLS "
                                + "handshake: connect with sslnegotiation=postgres"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badHeaders")
    void rejectsBadHeaderAsSoonAsItIsComplete(Side side, String hex, String message) {
        byte[] header = Hex.bytes(hex);
        TrackingAllocator alloc = new TrackingAllocator();
        Run run = new Run(new PgFrameDecoder(side, MAX), alloc);
        for (int i = 0; i < header.length - 1; i++) {
            run.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {header[i]}));
        }
        assertThatThrownBy(() -> run.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {header[header.length - 1]})))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage(message);
        assertThat(alloc.largestCapacity()).as("no buffer was sized by the declared length").isLessThan(1024);
        run.assertDiscardsFurtherInput();
        assertThat(alloc.allReleased()).isTrue();
    }

    @Test
    void rejectsAnHttpRequest() {
        Run run = new Run(Side.FRONTEND, MAX);
        ByteBuf http = io.netty.buffer.Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> run.write(http))
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage("invalid startup packet length 1195725856 (expected 8 to 10000); this looks like an "
                        + "HTTP request, not a PostgreSQL client");
        run.assertDiscardsFurtherInput();
    }

    @Test
    void hugeLengthWithLotsOfDataBehindIsRejectedWithoutBuffering() {
        TrackingAllocator alloc = new TrackingAllocator();
        Run run = new Run(new PgFrameDecoder(Side.BACKEND, MAX), alloc);
        ByteBuf chunk = alloc.buffer(5 + 100_000).writeBytes(Hex.bytes("447fffffff")).writeZero(100_000);
        assertThatThrownBy(() -> run.write(chunk)).isInstanceOf(ProtocolViolationException.class);
        for (int i = 0; i < 50; i++) {
            run.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[10_000]));
        }
        assertThat(run.frames).isEmpty();
        run.assertDiscardsFurtherInput();
        assertThat(alloc.allReleased()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Side.class)
    void truncatedMessageAtCloseIsAViolation(Side side) {
        Run run = new Run(side, MAX);
        if (side == Side.FRONTEND) {
            run.write(Hex.buf(CLIENT.get(0)));
        }
        run.write(Hex.buf("510000000d73656c"));
        assertThatThrownBy(run.channel::finish)
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage("connection closed in the middle of a message (8 bytes of an incomplete message)");
        run.assertInputsReleased();
    }

    @Test
    void truncatedStartupPacketAtCloseIsAViolation() {
        Run run = new Run(Side.FRONTEND, MAX);
        run.write(Hex.buf("0000003a0003"));
        assertThatThrownBy(run.channel::finish)
                .isInstanceOf(ProtocolViolationException.class)
                .hasMessage("connection closed in the middle of a message (6 bytes of an incomplete startup packet)");
        run.assertInputsReleased();
    }

    @Test
    void framesDecodedBeforeAViolationAreStillPassedOn() {
        Run run = new Run(Side.BACKEND, MAX);
        assertThatThrownBy(() -> run.write(Hex.buf("5a00000005495a00000001")))
                .isInstanceOf(ProtocolViolationException.class);
        assertThat(run.frames).containsExactly("5a0000000549");
        run.assertDiscardsFurtherInput();
    }

    // ---- plumbing ----

    static byte[] concat(List<String> messages) {
        return Hex.bytes(String.join("", messages));
    }

    static List<ByteBuf> chunks(byte[] all, Feeding feeding, long seed) {
        List<ByteBuf> chunks = new ArrayList<>();
        switch (feeding) {
            case WHOLE:
                chunks.add(copy(all, 0, all.length));
                break;
            case ONE_BYTE_AT_A_TIME:
                for (int i = 0; i < all.length; i++) {
                    chunks.add(copy(all, i, 1));
                }
                break;
            default:
                Random random = new Random(seed);
                for (int i = 0; i < all.length; ) {
                    int n = Math.min(all.length - i, 1 + random.nextInt(random.nextBoolean() ? 8 : 120));
                    chunks.add(copy(all, i, n));
                    i += n;
                }
        }
        return chunks;
    }

    /** Direct, like what a socket read delivers. */
    static ByteBuf copy(byte[] all, int from, int n) {
        return io.netty.buffer.Unpooled.directBuffer(n).writeBytes(all, from, n);
    }

    /** An EmbeddedChannel with the decoder, reading (and releasing) frames after every write like a pipeline. */
    static final class Run {
        final EmbeddedChannel channel;
        final List<String> frames = new ArrayList<>();
        final List<Boolean> typed = new ArrayList<>();
        final List<ByteBuf> inputs = new ArrayList<>();
        java.util.function.Consumer<Frame> onFrame = frame -> { };

        Run(Side side, int max) {
            this(new PgFrameDecoder(side, max));
        }

        Run(PgFrameDecoder decoder) {
            this.channel = new EmbeddedChannel(decoder);
        }

        Run(PgFrameDecoder decoder, TrackingAllocator alloc) {
            this.channel = new EmbeddedChannel();
            channel.config().setAllocator(alloc);
            channel.pipeline().addLast(decoder);
        }

        void write(ByteBuf chunk) {
            inputs.add(chunk);
            try {
                channel.writeInbound(chunk);
            } finally {
                drain();
            }
        }

        private void drain() {
            Frame f;
            while ((f = channel.readInbound()) != null) {
                frames.add(ByteBufUtil.hexDump(f.content()));
                typed.add(f.isTyped());
                onFrame.accept(f);
                assertThat(f.refCnt()).isPositive();
                f.release();
            }
        }

        void finishCleanly() {
            assertFalse(channel.finish(), "nothing left over");
            assertInputsReleased();
        }

        void assertInputsReleased() {
            for (ByteBuf in : inputs) {
                assertThat(in.refCnt()).as("input buffer released").isZero();
            }
        }

        /** After a violation: more input is swallowed silently, nothing comes out, nothing leaks. */
        void assertDiscardsFurtherInput() {
            int before = frames.size();
            write(Hex.buf("5a0000000549" + CLIENT.get(0)));
            write(Hex.buf("ffffffffffffffff"));
            assertThat(frames).hasSize(before);
            assertFalse(channel.finish(), "nothing left over");
            assertInputsReleased();
        }
    }
}
