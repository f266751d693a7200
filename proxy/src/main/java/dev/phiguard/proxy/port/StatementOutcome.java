package dev.phiguard.proxy.port;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one executed (or refused) statement came to, for the audit trail. Holds no raw value: the statement text has
 * its literals replaced by {@code ?}, and record keys are keyed hashes made inside the proxy.
 *
 * <p>One outcome is reported per statement: per statement of a simple-protocol Query (several for a multi-statement
 * string), per Execute message of the extended protocol (a portal executed in several steps reports each step),
 * and one for every denied statement (with no rows).
 *
 * @param statement         the statement text with literals and comments replaced by {@code ?}
 *                          ({@code LiteralRedactor.normalising()}); for the extended protocol the Parse text of the
 *                          executed portal's statement
 * @param verdict           what the policy (and a reviewer) decided
 * @param rule              the policy rule that decided, if one did
 * @param sqlState          the SQLSTATE of the error that ended the statement (a denial's, or the server's), if any
 * @param rowsReturned      rows sent to the client
 * @param details           values masked in those rows and the hashes of their record keys
 */
public record StatementOutcome(String statement, Verdict verdict, Optional<String> rule, Optional<String> sqlState,
                               long rowsReturned, ResultDetails details) {

    /** What became of the statement. */
    public enum Verdict {
        /** Allowed; it ran. */
        ALLOWED,
        /** Denied by the policy; it did not run. */
        DENIED,
        /** Held for a reviewer, who approved; it ran. */
        HELD_APPROVED,
        /** Held for a reviewer, who refused or did not answer in time; it did not run. */
        HELD_DENIED
    }

    public StatementOutcome {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(sqlState, "sqlState");
        Objects.requireNonNull(details, "details");
        if (rowsReturned < 0) {
            throw new IllegalArgumentException("rowsReturned must not be negative");
        }
    }

    /** Values masked in the rows returned. */
    public long valuesMasked() {
        return details.valuesMasked();
    }

    /** Per table, the keyed hashes of the record keys returned. */
    public Map<String, Set<String>> recordKeys() {
        return details.recordKeys();
    }

    /** Whether the record keys are incomplete (the statement returned more distinct keys than the proxy keeps). */
    public boolean recordKeysTruncated() {
        return details.recordKeysTruncated();
    }
}
