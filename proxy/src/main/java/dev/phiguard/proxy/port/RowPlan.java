package dev.phiguard.proxy.port;

import dev.phiguard.proxy.wire.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** How the rows of one result set are rewritten on their way to the client. */
@FunctionalInterface
public interface RowPlan {

    /**
     * Rewrites one row.
     *
     * @param row   the row as the server sent it; a view that is valid only during this call
     * @param alloc where to allocate the replacement
     * @return the complete replacement DataRow message (type byte, length, body), or {@code null} to send the
     *     row unchanged
     * @throws RuntimeException to refuse the row: the proxy then ends the statement with an error (fail closed)
     */
    ByteBuf rewrite(DataRow row, ByteBufAllocator alloc);

    /**
     * What the plan saw of the rows it rewrote so far: values masked and record key hashes, for the statement's
     * {@link StatementOutcome}. Read once, when the result ends.
     */
    default ResultDetails details() {
        return ResultDetails.NONE;
    }

    /**
     * The plan that leaves rows untouched. The proxy recognises it by identity and does not even decode the
     * rows.
     */
    RowPlan PASS_THROUGH = (row, alloc) -> null;
}
