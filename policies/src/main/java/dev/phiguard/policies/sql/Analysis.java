package dev.phiguard.policies.sql;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** The result of analysing one SQL string: facts for every statement in it, or why there are none. */
public sealed interface Analysis permits Analysis.Analysed, Analysis.Unanalysable {

    /**
     * Every statement of the string was parsed. Facts may still contain
     * {@link Lineage.Unknown} columns or {@link StatementFacts#unresolved()} entries.
     *
     * @param statements one entry per statement, in order; empty for an empty string or one made only
     *     of comments and semicolons
     */
    record Analysed(List<StatementFacts> statements) implements Analysis {
        /** Copies the list. */
        public Analysed {
            statements = List.copyOf(statements);
        }
    }

    /**
     * The string cannot be analysed (fail closed: the proxy must refuse it as a whole).
     *
     * @param reason why, fit for an error message to the client (names no literal values)
     * @param statementIndex the 0-based index of the statement that failed, when known
     * @param position the 0-based character offset in the whole string where the problem was found,
     *     when known
     */
    record Unanalysable(String reason, OptionalInt statementIndex, OptionalInt position) implements Analysis {
        /** Validates. */
        public Unanalysable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(statementIndex, "statementIndex");
            Objects.requireNonNull(position, "position");
        }
    }
}
