package dev.phiguard.proxy.wire;

import dev.phiguard.proxy.wire.PgFrameDecoder.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Whole sessions captured between psql / pgjdbc and PostgreSQL 15 ({@code src/test/resources/wire/*.hex}, one
 * message per line): each side, fed whole, byte by byte and in random splits, gives back exactly the captured
 * messages; every message decodes to a known type (no Unknown*) and re-encodes to the same bytes.
 */
class CapturedSessionsTest {

    static final List<String> SESSIONS = List.of(
            "psql-scram-select", "psql-sslrequest-error", "psql-notice-emptyquery", "psql-listen-notify", "psql-copy",
            "psql-lo-import-fastpath", "pgjdbc-extended-query", "psql-cleartext-password", "psql-md5-password",
            "negotiate-protocol-version");

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

    static Stream<Arguments> runs() {
        List<Arguments> args = new ArrayList<>();
        for (String session : SESSIONS) {
            for (Side side : Side.values()) {
                for (long seed = -1; seed <= 6; seed++) { // -1 whole, 0 byte by byte, >0 random splits
                    args.add(arguments(session, side, seed));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1} feeding={2}")
    @MethodSource("runs")
    void decodesAndReencodesEveryCapturedMessage(String session, Side side, long feeding) {
        List<String> expected = load(session + (side == Side.FRONTEND ? ".frontend.hex" : ".backend.hex"));
        assertThat(expected).isNotEmpty();
        EmbeddedChannel channel = new EmbeddedChannel(new PgFrameDecoder(side, 1 << 20));
        List<ByteBuf> inputs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (byte[] segment : segments(expected)) {
            for (ByteBuf chunk : chunks(segment, feeding)) {
                inputs.add(chunk);
                channel.writeInbound(chunk);
                Frame frame;
                while ((frame = channel.readInbound()) != null) {
                    try {
                        String hex = ByteBufUtil.hexDump(frame.content());
                        seen.add(hex);
                        PgMessage message = side == Side.FRONTEND
                                ? FrontendMessages.decode(frame) : BackendMessages.decode(frame);
                        assertThat(message).isNotInstanceOfAny(UnknownFrontend.class, UnknownBackend.class);
                        ByteBuf out = Unpooled.buffer();
                        message.encode(out);
                        assertEquals(ByteBufUtil.prettyHexDump(frame.content()), ByteBufUtil.prettyHexDump(out),
                                message.getClass().getSimpleName() + " re-encodes to the captured bytes");
                    } finally {
                        frame.release();
                    }
                }
            }
        }
        assertThat(seen).containsExactlyElementsOf(expected);
        assertFalse(channel.finish(), "nothing left over");
        assertThat(inputs).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    /**
     * The stream cut after every SSLRequest/GSSENCRequest: a real client waits for the server's answer there, so
     * nothing follows in the same read (and the decoder rightly refuses bytes buffered behind such a request).
     */
    static List<byte[]> segments(List<String> messages) {
        List<byte[]> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String m : messages) {
            current.append(m);
            if (m.equals("0000000804d2162f") || m.equals("0000000804d21630")) {
                segments.add(Hex.bytes(current.toString()));
                current.setLength(0);
            }
        }
        if (current.length() > 0) {
            segments.add(Hex.bytes(current.toString()));
        }
        return segments;
    }

    static List<ByteBuf> chunks(byte[] all, long feeding) {
        List<ByteBuf> chunks = new ArrayList<>();
        Random random = new Random(feeding);
        for (int i = 0; i < all.length; ) {
            int n = feeding < 0 ? all.length : feeding == 0 ? 1 : Math.min(all.length - i, 1 + random.nextInt(64));
            chunks.add(Unpooled.directBuffer(n).writeBytes(all, i, n));
            i += n;
        }
        return chunks;
    }

    static List<String> load(String name) {
        try (InputStream in = CapturedSessionsTest.class.getResourceAsStream("/wire/" + name)) {
            assertThat(in).as(name).isNotNull();
            List<String> messages = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                line = line.strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    messages.add(line);
                }
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
