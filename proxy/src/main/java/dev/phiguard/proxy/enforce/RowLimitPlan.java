package dev.phiguard.proxy.enforce;

import dev.phiguard.proxy.port.ResultDetails;
import dev.phiguard.proxy.port.ResultRefusedException;
import dev.phiguard.proxy.port.RowPlan;
import dev.phiguard.proxy.wire.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Counts the rows of one result and refuses the result once it passes the policy's row limit; otherwise
 * defers to the masking plan. A refused result ends the session: rows already sent stay sent, but no more.
 */
final class RowLimitPlan implements RowPlan {
    private final RowPlan inner;
    private final long limit;
    private final String purpose;
    private long rows;

    RowLimitPlan(RowPlan inner, long limit, String purpose) {
        this.inner = inner;
        this.limit = limit;
        this.purpose = purpose;
    }

    @Override
    public ByteBuf rewrite(DataRow row, ByteBufAllocator alloc) {
        if (++rows > limit) {
            throw new ResultRefusedException("54000", "the result exceeds the row limit of " + limit
                    + " rows of purpose \"" + purpose + "\"; narrow the query (WHERE, LIMIT). The session was closed");
        }
        return inner == PASS_THROUGH ? null : inner.rewrite(row, alloc);
    }

    @Override
    public ResultDetails details() {
        return inner.details();
    }
}
