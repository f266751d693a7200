package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static dev.phiguard.proxy.wire.Hex.dump;
import static dev.phiguard.proxy.wire.Hex.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** DataRow: column views without copies, and the rewriting path masking will use. */
class DataRowTest {

    /** Captured: PostgreSQL's row {@code (2, 'Alan Turing', NULL, '1912-06-23')}. */
    static final String ROW = "440000002c 0004 00000001 32 0000000b 416c616e20547572696e67 ffffffff 0000000a "
            + "313931322d30362d3233";

    @Test
    void columnsAreSlicesOfTheFrame() {
        Frame frame = Hex.frame(ROW);
        try {
            DataRow row = (DataRow) BackendMessages.decode(frame);
            assertThat(row.columnCount()).isEqualTo(4);
            assertThat(row.column(1).toString(StandardCharsets.UTF_8)).isEqualTo("Alan Turing");
            assertThat(row.columnLength(1)).isEqualTo(11);
            assertThat(row.isNull(2)).isTrue();
            assertThat(row.column(2)).isNull();
            assertThat(row.columnLength(2)).isEqualTo(-1);
            assertThat(row.isNull(3)).isFalse();

            // no copy: a change in the frame's bytes shows through the column view
            ByteBuf content = frame.content();
            content.setByte(content.readerIndex() + 16, 'E');
            assertThat(row.column(1).toString(StandardCharsets.UTF_8)).isEqualTo("Elan Turing");
            // and no retain: the row does not keep the frame alive
            assertThat(frame.refCnt()).isEqualTo(1);
        } finally {
            frame.release();
        }
    }

    @Test
    void columnIndexIsChecked() {
        DataRow row = DataRow.of(List.of(text("a")));
        assertThatThrownBy(() -> row.column(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> row.isNull(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void unchangedRowEncodesToTheSameBytes() {
        Frame frame = Hex.frame(ROW);
        try {
            assertEquals(dump(ROW), dump(Hex.encode(BackendMessages.decode(frame))));
        } finally {
            frame.release();
        }
    }

    @Test
    void writerMixesOriginalColumnsAndReplacements() {
        Frame frame = Hex.frame(ROW);
        ByteBuf out = Unpooled.buffer();
        try {
            DataRow row = (DataRow) BackendMessages.decode(frame);
            new DataRow.Writer().begin(out, 4)
                    .copy(row, 0)
                    .writeText("A*** T*****")
                    .copy(row, 2)              // NULL stays NULL
                    .write(text("1912-**-**"))
                    .end();
        } finally {
            frame.release();
        }
        ByteBuf expected = Unpooled.buffer();
        DataRow.encode(expected, Arrays.asList(text("2"), text("A*** T*****"), null, text("1912-**-**")));
        assertEquals(dump("440000002c 0004 00000001 32 0000000b 412a2a2a20542a2a2a2a2a ffffffff 0000000a "
                + "313931322d2a2a2d2a2a"), dump(out));
        assertEquals(dump(expected), dump(out));
    }

    @Test
    void writerIsReusableAndWritesUtf8() {
        DataRow.Writer writer = new DataRow.Writer();
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2).writeText("Zoë").writeNull().end();
        writer.begin(out, 3).write(new byte[] {1, 2}).write((byte[]) null).write((ByteBuf) null).end();
        assertEquals(dump("4400000012 0002 00000004 5a6fc3ab ffffffff"
                + "4400000014 0003 00000002 0102 ffffffff ffffffff"), dump(out));
    }

    @Test
    void writerChecksTheColumnCount() {
        DataRow.Writer writer = new DataRow.Writer();
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2).writeNull();
        assertThatThrownBy(writer::end).isInstanceOf(IllegalStateException.class)
                .hasMessage("row has 1 of its 2 columns");
        assertThatThrownBy(() -> writer.begin(out, 1)).isInstanceOf(IllegalStateException.class);
        writer.writeNull();
        assertThatThrownBy(writer::writeNull).isInstanceOf(IllegalStateException.class)
                .hasMessage("row already has its 2 columns");
        writer.end();
        assertThatThrownBy(writer::writeNull).isInstanceOf(IllegalStateException.class)
                .hasMessage("no row begun");
    }

    @Test
    void abortDropsThePartialRow() {
        DataRow.Writer writer = new DataRow.Writer();
        ByteBuf out = Unpooled.buffer().writeBytes(Hex.bytes("5a0000000549"));
        writer.begin(out, 3).writeText("half");
        writer.abort();
        assertEquals(dump("5a0000000549"), dump(out));
        writer.begin(out, 0).end(); // usable again
        assertEquals(dump("5a0000000549 4400000006 0000"), dump(out));
    }

    @Test
    void equalityIsByValues() {
        DataRow a = DataRow.of(Arrays.asList(text("x"), null, text("")));
        DataRow b = DataRow.of(Arrays.asList(text("x"), null, text("")));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(DataRow.of(Arrays.asList(text("x"), text(""), text(""))));
        assertThat(a).isNotEqualTo(DataRow.of(Arrays.asList(text("y"), null, text(""))));
        assertThat(a).isNotEqualTo(DataRow.of(Arrays.asList(text("x"), null)));
    }

    @Test
    void toStringShowsNoValues() {
        DataRow row = DataRow.of(List.of(text("123-45-6789")));
        assertThat(row.toString()).isEqualTo("DataRow[columns=1]");
    }
}
