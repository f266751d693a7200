package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.phiguard.proxy.wire.Hex.dump;
import static dev.phiguard.proxy.wire.Hex.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTest {

    @Test
    void typedFrame() {
        Frame f = Hex.frame("510000000f 73656c6563742031203b00");
        assertThat(f.isTyped()).isTrue();
        assertThat(f.type()).isEqualTo((byte) 'Q');
        assertThat(f.length()).isEqualTo(15);
        assertThat(f.body().toString(StandardCharsets.US_ASCII)).isEqualTo("select 1 ;\0");
        assertThatThrownBy(f::code).isInstanceOf(IllegalStateException.class);
        f.release();
    }

    @Test
    void untypedFrameBodyStartsWithTheCode() {
        Frame f = Hex.frame("00000008 04d2162f");
        assertThat(f.isTyped()).isFalse();
        assertThat(f.type()).isZero();
        assertThat(f.length()).isEqualTo(8);
        assertThat(f.code()).isEqualTo(MessageType.SSL_REQUEST_CODE);
        assertEquals(dump("04d2162f"), dump(f.body()));
        f.release();
    }

    @Test
    void bodyIsASliceNotACopyNorARetain() {
        Frame f = Hex.frame("6400000007 616263");
        ByteBuf body = f.body();
        f.content().setByte(f.content().readerIndex() + 5, 'x');
        assertThat(body.getByte(0)).isEqualTo((byte) 'x');
        assertThat(f.refCnt()).isEqualTo(1);
        f.release();
        assertThat(body.refCnt()).isZero();
    }

    @Test
    void factoriesRejectBytesThatAreNotOneCompleteMessage() {
        assertThatThrownBy(() -> Frame.typed((byte) 'Q', Hex.buf("5100000006 00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.typed((byte) 'Q', Hex.buf("5200000005 00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.typed((byte) 'Q', Hex.buf("5100"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.untyped(Hex.buf("00000009 04d2162f"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Frame.untyped(Hex.buf("000004"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referenceCountingAndDerivedFrames() {
        Frame f = Hex.frame("5100000006 3b00");
        assertThat(f.retain()).isSameAs(f);
        assertThat(f.refCnt()).isEqualTo(2);
        assertThat(f.retain(2)).isSameAs(f);
        assertThat(f.refCnt()).isEqualTo(4);
        assertThat(f.release(3)).isFalse();
        assertThat(f.touch()).isSameAs(f);
        assertThat(f.touch("hint")).isSameAs(f);

        Frame copy = f.copy();
        Frame duplicate = f.duplicate();
        Frame retained = f.retainedDuplicate();
        for (Frame d : List.of(copy, duplicate, retained)) {
            assertThat(d.isTyped()).isTrue();
            assertThat(d.type()).isEqualTo((byte) 'Q');
            assertThat(d).isEqualTo(f);
        }
        assertThat(f.refCnt()).isEqualTo(2); // retainedDuplicate retained
        f.content().setByte(5, 'x');
        assertThat(copy.content().getByte(5)).isEqualTo((byte) ';');
        assertThat(duplicate.content().getByte(5)).isEqualTo((byte) 'x');

        Frame replaced = f.replace(Hex.buf("5100000006 3c00"));
        assertThat(replaced.type()).isEqualTo((byte) 'Q');
        assertThat(replaced.isTyped()).isTrue();

        Frame untypedCopy = Hex.frame("00000008 04d2162f").copy();
        assertThat(untypedCopy.isTyped()).isFalse();

        copy.release();
        retained.release();
        f.release();
        replaced.release();
        untypedCopy.release();
        assertThat(f.refCnt()).isZero();
    }

    @Test
    void equalityNeedsSameKindTypeAndBytes() {
        assertThat(Hex.frame("5300000004")).isEqualTo(Hex.frame("5300000004"));
        assertThat(Hex.frame("5300000004").hashCode()).isEqualTo(Hex.frame("5300000004").hashCode());
        assertThat(Hex.frame("5300000004")).isNotEqualTo(Hex.frame("4800000004"));
    }

    @Test
    void toStringShowsTypeAndLengthOnly() {
        Frame f = Hex.frame("5100000010 3132332d34352d3637383900");
        assertThat(f).hasToString("Frame('Q', length=16)");
        assertThat(Hex.frame("00000008 04d2162f")).hasToString("Frame(untyped, length=8)");
        f.release();
        assertThat(f).hasToString("Frame('Q', released)");
    }

    @Test
    void messagesEncodeAndFrame() {
        ByteBuf b = Messages.encode(UnpooledByteBufAllocator.DEFAULT, new Query("select 1"));
        assertEquals(dump("510000000d 73656c6563742031 00"), dump(b));
        b.release();

        Frame typed = Messages.frame(UnpooledByteBufAllocator.DEFAULT, ReadyForQuery.IDLE);
        assertThat(typed).isEqualTo(Hex.frame("5a00000005 49"));
        typed.release();

        Frame untyped = Messages.frame(UnpooledByteBufAllocator.DEFAULT, new CancelRequest(1, 2));
        assertThat(untyped.isTyped()).isFalse();
        assertThat(FrontendMessages.decode(untyped)).isEqualTo(new CancelRequest(1, 2));
        untyped.release();
    }

    @Test
    void encodeReleasesTheBufferWhenTheMessageCannotBeEncoded() {
        TrackingAllocator alloc = new TrackingAllocator();
        assertThatThrownBy(() -> Messages.encode(alloc, new Query("select 1\0; drop table patient")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("string contains a NUL character");
        assertThat(alloc.allocated).isNotEmpty();
        assertThat(alloc.allReleased()).isTrue();
    }

    @Test
    void untypedFramesAreNotServerMessages() {
        assertThatThrownBy(() -> BackendMessages.decode(Hex.frame("00000008 04d2162f")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringsNeverShowValuesOrSecrets() {
        String secret = "123-45-6789";
        List<PgMessage> messages = List.of(
                new Query("select * from patient where ssn = '" + secret + "'"),
                new Parse("", "select '" + secret + "'", List.of()),
                new Bind("", "", List.of(), List.of(text(secret)), List.of()),
                new CopyData(text(secret)),
                new CopyFail(secret),
                new FunctionCall(1, List.of(), List.of(text(secret)), (short) 0),
                new AuthenticationResponse(text(secret)),
                new PasswordMessage(secret),
                new SaslInitialResponse("SCRAM-SHA-256", secret.getBytes(StandardCharsets.UTF_8)),
                new SaslResponse(secret.getBytes(StandardCharsets.UTF_8)),
                new AuthenticationSaslContinue(secret.getBytes(StandardCharsets.UTF_8)),
                new AuthenticationSaslFinal(secret.getBytes(StandardCharsets.UTF_8)),
                new CancelRequest(1, 123456789),
                new BackendKeyData(1, 123456789),
                DataRow.of(List.of(text(secret))),
                ErrorResponse.of("ERROR", "23505", "duplicate key " + secret),
                new NoticeResponse(Map.of('M', secret, 'D', secret)),
                new NotificationResponse(1, "ch", secret),
                new FunctionCallResponse(text(secret)),
                new UnknownFrontend((byte) 'z', text(secret)),
                new UnknownBackend((byte) 'z', text(secret)),
                new StartupMessage(Hex.ordered("user", "alice", "options", "-c secret=" + secret)));
        for (PgMessage m : messages) {
            assertThat(m.toString()).as(m.getClass().getSimpleName())
                    .doesNotContain(secret).doesNotContain("123456789").doesNotContain("3132");
        }
        assertThat(new PasswordMessage("x").toString()).isEqualTo("PasswordMessage[password=<redacted>]");
        assertThat(Arrays.asList(new Query("abc").toString(), new CopyData(text("abc")).toString()))
                .containsExactly("Query[sql=<3 chars>]", "CopyData[<3 bytes>]");
    }

    @Test
    void recordsValidateTheirComponents() {
        assertThatThrownBy(() -> new Describe('X', "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReadyForQuery('X')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthenticationMd5Password(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthenticationOther(0, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StartupMessage(2 << 16, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StartupMessage(Map.of("", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorResponse(Map.of('\0', "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NegotiateProtocolVersion(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UnknownFrontend((byte) 0, Unpooled.EMPTY_BUFFER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.encode(new ParameterStatus("a\0b", "c"))).isInstanceOf(IllegalArgumentException.class);
    }
}
