package dev.phiguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import dev.phiguard.proxy.wire.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** COPY text rows: unescaped into the values a row plan sees, escaped again on the way out. */
class CopyTextRowsTest {

    /** A plan that rewrites every value with {@code change} (null stays null) and records what it saw. */
    private static final class Recording implements RowPlan {
        final List<List<String>> seen = new ArrayList<>();
        final UnaryOperator<String> change;

        Recording(UnaryOperator<String> change) {
            this.change = change;
        }

        @Override
        public ByteBuf rewrite(DataRow row, ByteBufAllocator alloc) {
            List<String> values = new ArrayList<>();
            List<ByteBuf> replaced = new ArrayList<>();
            for (int i = 0; i < row.columnCount(); i++) {
                ByteBuf value = row.column(i);
                String text = value == null ? null : value.toString(StandardCharsets.UTF_8);
                values.add(text);
                String out = text == null ? null : change.apply(text);
                replaced.add(out == null ? null : Unpooled.copiedBuffer(out, StandardCharsets.UTF_8));
            }
            seen.add(values);
            if (values.equals(replaced.stream().map(b -> b == null ? null : b.toString(StandardCharsets.UTF_8)).toList())) {
                return null;
            }
            ByteBuf message = alloc.buffer();
            DataRow.encode(message, replaced);
            return message;
        }
    }

    private static String rewrite(String row, int columns, Recording plan) {
        ByteBuf in = Unpooled.copiedBuffer(row, StandardCharsets.UTF_8);
        ByteBuf out = null;
        try {
            out = CopyTextRows.rewrite(in, columns, plan, ByteBufAllocator.DEFAULT);
            if (out == null) {
                return null;
            }
            assertThat(out.getByte(0)).isEqualTo(MessageType.COPY_DATA);
            assertThat(out.getInt(1)).isEqualTo(out.readableBytes() - 1);
            return out.toString(5, out.readableBytes() - 5, StandardCharsets.UTF_8);
        } finally {
            in.release();
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void theRowPlanSeesUnescapedValuesAndNulls() {
        Recording plan = new Recording(v -> v);
        assertThat(rewrite("1\ta\\tb\\nc\\\\d\t\\N\t\\101\\x42\t\n", 5, plan)).isNull(); // unchanged: forwarded as it is
        assertThat(plan.seen).containsExactly(Arrays.asList("1", "a\tb\nc\\d", null, "AB", ""));
    }

    @Test
    void everySpecialByteIsEscaped() {
        Recording plan = new Recording(v -> v.equals("x") ? "a\\b\bc\fd\ne\rf\tg\u000bh" : v);
        assertThat(rewrite("x\t\\N\tplain\n", 3, plan))
                .isEqualTo("a\\\\b\\bc\\fd\\ne\\rf\\tg\\vh\t\\N\tplain\n");
    }

    @Test
    void aRowThatDoesNotMatchTheColumnCountIsRefused() {
        Recording plan = new Recording(v -> v);
        assertThatThrownBy(() -> rewrite("1\t2\n", 3, plan)).hasMessageContaining("has 2 fields, expected 3");
        assertThatThrownBy(() -> rewrite("1\t2", 2, plan)).hasMessageContaining("newline");
        assertThat(rewrite("\n", 1, plan)).isNull();
        assertThat(plan.seen).containsExactly(List.of(""));
    }
}
