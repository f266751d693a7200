package dev.phiguard.proxy.enforce;

import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Rewrites the rows of one result column by column. A row whose values all stay the same is forwarded as the
 * original bytes; otherwise a new DataRow is written with unchanged columns copied and the others replaced.
 * On the way it counts the values it replaces and hands the raw values of record-key columns to a
 * {@link RecordKeyCollector} before they are masked. Used on one session's event loop only.
 */
final class MaskingRowPlan implements RowPlan {
    private final ColumnOp[] ops;
    private final byte[][] replacements;
    private final ColumnOp.Scratch scratch = new ColumnOp.Scratch();
    private final DataRow.Writer writer = new DataRow.Writer();
    /** Per column, the table of the record key it holds, or null. */
    private final String[] keyTables;
    private final RecordKeyCollector keys;
    private long valuesMasked;

    MaskingRowPlan(List<ColumnOp> ops) {
        this(ops, new String[ops.size()], null);
    }

    /**
     * @param keyTables per column, the policy's name of the table whose record key the column holds, or null
     * @param keys      where record key values go; null when no column holds one
     */
    MaskingRowPlan(List<ColumnOp> ops, String[] keyTables, RecordKeyCollector keys) {
        this.ops = ops.toArray(new ColumnOp[0]);
        this.replacements = new byte[this.ops.length][];
        if (keyTables.length != this.ops.length) {
            throw new IllegalArgumentException("one key table entry per column is needed");
        }
        this.keyTables = keyTables.clone();
        this.keys = keys;
    }

    @Override
    public ResultDetails details() {
        return keys == null ? new ResultDetails(valuesMasked, java.util.Map.of(), 0)
                : new ResultDetails(valuesMasked, keys.keys(), keys.omitted());
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
        int changed = 0;
        for (int i = 0; i < ops.length; i++) {
            ColumnOp op = ops[i];
            byte[] replacement = ColumnOp.UNCHANGED;
            if (!row.isNull(i) && (keyTables[i] != null || op.changes())) {
                ByteBuf value = row.column(i);
                if (keyTables[i] != null) {
                    keys.add(keyTables[i], value);
                }
                if (op.changes()) {
                    replacement = op.apply(value, scratch);
                }
            }
            replacements[i] = replacement;
            if (replacement != ColumnOp.UNCHANGED) {
                changed++;
            }
        }
        if (changed == 0) {
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
            valuesMasked += changed;
            return out;
        } catch (RuntimeException e) {
            writer.abort();
            out.release();
            throw e;
        }
    }
}
