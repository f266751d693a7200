package dev.phiguard.proxy.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.sql.LiteralRedactor;
import dev.phiguard.proxy.port.RecordingSink.Direction;
import dev.phiguard.proxy.wire.CopyData;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.FunctionCall;
import dev.phiguard.proxy.wire.PgMessage;
import dev.phiguard.proxy.wire.Query;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRedactionTest {

    private static final String SECRET = "123-45-6789";
    private final MessageRedaction hash = MessageRedaction.of(LiteralPolicy.HASH,
            LiteralRedactor.hashing(SyntheticSession.LITERAL_KEY));

    @Test
    void functionCallArgumentsAndCopyRowsFromTheClientAreHashed() {
        assertHidden(new FunctionCall(1234, List.of(), List.of(SyntheticSession.utf8(SECRET)), (short) 0));
        assertHidden(new CopyData(SyntheticSession.utf8("7\t" + SECRET + "\n")));
    }

    @Test
    void aClientMessageThatDoesNotDecodeIsReplacedWhole() {
        byte[] bytes = SyntheticSession.bytes(new Query("select '" + SECRET + "'"));
        byte[] broken = Arrays.copyOf(bytes, bytes.length - 1); // no NUL terminator
        broken[4]--; // length matches the shorter message
        ByteBuf buf = Unpooled.wrappedBuffer(broken);
        assertThat(hash.rewrites(Direction.CLIENT_TO_SERVER, buf)).isTrue();
        byte[] out = hash.rewrite(buf);
        assertThat(out[0]).isEqualTo((byte) 'Q');
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).contains("h:");
    }

    @Test
    void serverMessagesAndKeepPolicyPassUntouched() {
        ByteBuf row = Unpooled.wrappedBuffer(SyntheticSession.bytes(DataRow.of(List.of(SyntheticSession.utf8(SECRET)))));
        assertThat(hash.rewrites(Direction.SERVER_TO_CLIENT, row)).isFalse();
        ByteBuf query = Unpooled.wrappedBuffer(SyntheticSession.bytes(new Query("select '" + SECRET + "'")));
        assertThat(MessageRedaction.of(LiteralPolicy.KEEP, null).rewrites(Direction.CLIENT_TO_SERVER, query)).isFalse();
        assertThat(hash.rewrites(Direction.CLIENT_TO_SERVER, query)).isTrue();
    }

    private void assertHidden(PgMessage message) {
        ByteBuf buf = Unpooled.wrappedBuffer(SyntheticSession.bytes(message));
        assertThat(hash.rewrites(Direction.CLIENT_TO_SERVER, buf)).isTrue();
        byte[] out = hash.rewrite(buf);
        assertThat(out[0]).isEqualTo(SyntheticSession.bytes(message)[0]);
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).contains("h:");
    }
}
