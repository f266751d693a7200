package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.Set;

/**
 * Picks the analysis for one statement from its leading keyword, as PostgreSQL's grammar does: the
 * first keyword determines the statement class (WITH and a parenthesis lead to a query or a
 * data-modifying statement). An unknown leading keyword makes the statement unanalysable.
 */
final class StatementRouter {

    private static final Set<String> QUERIES = Set.of("select", "values", "table", "with", "insert", "update", "delete", "merge");
    private static final Set<String> DEFINITIONS = Set.of("create", "alter", "drop", "truncate", "comment", "refresh");

    private final ParsedStatements parsed;
    private final SessionStatements session = new SessionStatements();
    private final WrappingStatements wrapping;

    StatementRouter(Toolkit toolkit) {
        this.parsed = new ParsedStatements(toolkit);
        this.wrapping = new WrappingStatements(this::analyze, toolkit);
    }

    /**
     * @param statement one statement
     * @return its facts
     * @throws UnanalysableStatement if it cannot be analysed
     */
    StatementFacts analyze(StatementText statement) {
        Token head = statement.tokens().get(0);
        if (head.isPunctuation("(")) {
            return parsed.analyze(statement, ParsedStatements.Family.QUERY_OR_MODIFICATION);
        }
        if (head.type() != TokenType.WORD) {
            throw new UnanalysableStatement("syntax error at or near " + head.describe(), head.start());
        }
        String keyword = head.text();
        if (QUERIES.contains(keyword)) {
            return parsed.analyze(statement, ParsedStatements.Family.QUERY_OR_MODIFICATION);
        }
        if (DEFINITIONS.contains(keyword)) {
            return parsed.analyze(statement, ParsedStatements.Family.DEFINITION);
        }
        if (SessionStatements.HEADS.contains(keyword)) {
            return session.analyze(statement);
        }
        return switch (keyword) {
            case "copy" -> wrapping.copy(statement);
            case "declare" -> wrapping.declare(statement);
            case "prepare" -> wrapping.prepare(statement);
            case "explain" -> wrapping.explain(statement);
            case "call" -> parsed.invocation(statement, StatementKind.CALL);
            case "execute" -> parsed.invocation(statement, StatementKind.EXECUTE);
            default -> throw new UnanalysableStatement("unsupported statement " + head.describe(), head.start());
        };
    }
}
