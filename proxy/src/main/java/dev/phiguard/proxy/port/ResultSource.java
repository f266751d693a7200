package dev.phiguard.proxy.port;

import java.util.List;
import java.util.Objects;

/**
 * Which statement produced a result set, and in which format each column arrives.
 *
 * @param sql            the SQL text the client sent (a Query message's whole string, or a Parse's statement)
 * @param statementIndex for a Query holding several statements, which one (0-based); 0 otherwise
 * @param resultFormats  the result-column format codes the client asked for in Bind (empty: all text; one:
 *                       applies to all columns; otherwise one per column), as in the protocol
 */
public record ResultSource(String sql, int statementIndex, List<Short> resultFormats) {
    public static final short TEXT = 0;
    public static final short BINARY = 1;

    public ResultSource {
        Objects.requireNonNull(sql, "sql");
        resultFormats = List.copyOf(resultFormats);
    }

    /** The format of column {@code index}: text unless the client asked for binary. */
    public short format(int index) {
        if (resultFormats.isEmpty()) {
            return TEXT;
        }
        if (resultFormats.size() == 1) {
            return resultFormats.get(0);
        }
        return index < resultFormats.size() ? resultFormats.get(index) : TEXT;
    }

    /** A result of a simple-protocol Query: always text. */
    public static ResultSource ofQuery(String sql, int statementIndex) {
        return new ResultSource(sql, statementIndex, List.of());
    }
}
