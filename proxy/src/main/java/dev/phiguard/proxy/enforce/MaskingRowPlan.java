package dev.phiguard.proxy.enforce;

import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Rewrites the rows of one result column by column. A row whose values all stay the same is forwarded as the
 * original bytes; otherwise a new DataRow is written with unchanged columns copied and the others replaced.
 * Used on one session's event loop only.
 */
final class MaskingRowPlan implements RowPlan {
    private final ColumnOp[] ops;
    private final byte[][] replacements;
    private final ColumnOp.Scratch scratch = new ColumnOp.Scratch();
    private final DataRow.Writer writer = new DataRow.Writer();

    MaskingRowPlan(List<ColumnOp> ops) {
        this.ops = ops.toArray(new ColumnOp[0]);
        this.replacements = new byte[this.ops.length][];
    }

    int columnCount() {
        return ops.length;
    }

    @Override
    public ByteBuf rewrite(DataRow row, ByteBufAllocator alloc) {
        if (row.columnCount() != ops.length) {
            throw new IllegalStateException("a row has " + row.columnCount() + " columns, its description "
                    + ops.length);
        }
        boolean changed = false;
        for (int i = 0; i < ops.length; i++) {
            ColumnOp op = ops[i];
            byte[] replacement = ColumnOp.UNCHANGED;
            if (op.changes() && !row.isNull(i)) {
                replacement = op.apply(row.column(i), scratch);
            }
            replacements[i] = replacement;
            changed |= replacement != ColumnOp.UNCHANGED;
        }
        if (!changed) {
            return null;
        }
        ByteBuf out = alloc.buffer(row.columnCount() * 4 + 64);
        try {
            writer.begin(out, ops.length);
            for (int i = 0; i < ops.length; i++) {
                byte[] replacement = replacements[i];
                if (replacement == ColumnOp.UNCHANGED) {
                    writer.copy(row, i);
                } else {
                    writer.write(replacement);
                }
                replacements[i] = null;
            }
            writer.end();
            return out;
        } catch (RuntimeException e) {
            writer.abort();
            out.release();
            throw e;
        }
    }
}
