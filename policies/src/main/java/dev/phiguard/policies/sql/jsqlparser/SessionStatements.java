package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import dev.phiguard.policies.sql.lex.StatementText;
import dev.phiguard.policies.sql.lex.Token;
import dev.phiguard.policies.sql.lex.TokenType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Statements recognised from their leading keywords alone, which carry no query: transaction
 * control, session parameters, notification channels, cursor movement, prepared-statement
 * deallocation, maintenance and privilege commands, and DO blocks (never analysed, noted as such).
 */
final class SessionStatements {

    /** Leading keywords handled here. */
    static final Set<String> HEADS = Set.of(
            "begin", "start", "commit", "end", "abort", "rollback", "savepoint", "release", "set", "show", "reset",
            "listen", "unlisten", "notify", "discard", "fetch", "move", "close", "deallocate", "do", "vacuum", "analyze",
            "analyse", "lock", "grant", "revoke", "checkpoint", "load", "reindex", "cluster", "security", "import");

    private static final Set<String> FETCH_WORDS = Set.of(
            "next", "prior", "first", "last", "absolute", "relative", "all", "forward", "backward", "from", "in");

    StatementFacts analyze(StatementText text) {
        TokenCursor cursor = new TokenCursor(text);
        String head = cursor.next().text();
        return switch (head) {
            case "begin", "start" -> facts(StatementKind.BEGIN, null);
            case "commit", "end" -> cursor.atWord("prepared") ? facts(StatementKind.OTHER, null) : facts(StatementKind.COMMIT, null);
            case "abort" -> facts(StatementKind.ROLLBACK, null);
            case "rollback" -> rollback(cursor);
            case "savepoint" -> facts(StatementKind.SAVEPOINT, cursor.identifier());
            case "release" -> {
                cursor.acceptWord("savepoint");
                yield facts(StatementKind.SAVEPOINT, cursor.identifier());
            }
            case "set" -> facts(StatementKind.SET, setTarget(cursor));
            case "show" -> show(cursor);
            case "reset" -> facts(StatementKind.RESET, resetTarget(cursor));
            case "listen" -> facts(StatementKind.LISTEN, cursor.identifier());
            case "notify" -> facts(StatementKind.NOTIFY, cursor.identifier());
            case "unlisten" -> facts(StatementKind.UNLISTEN, star(cursor) ? "*" : cursor.identifier());
            case "discard" -> facts(StatementKind.DISCARD, cursor.identifier());
            case "fetch" -> facts(StatementKind.FETCH, cursorName(cursor));
            case "move" -> facts(StatementKind.MOVE, cursorName(cursor));
            case "close" -> facts(StatementKind.CLOSE_CURSOR, cursor.identifier());
            case "deallocate" -> {
                cursor.acceptWord("prepare");
                yield facts(StatementKind.DEALLOCATE, cursor.identifier());
            }
            case "do" -> {
                FactsCollector facts = new FactsCollector();
                facts.note("the code of a DO block is not analysed");
                yield facts.toFacts(StatementKind.DO);
            }
            case "vacuum", "analyze", "analyse" -> facts(StatementKind.VACUUM_ANALYZE, null);
            case "lock" -> facts(StatementKind.LOCK, null);
            case "grant", "revoke" -> facts(StatementKind.GRANT_REVOKE, null);
            case "checkpoint", "load", "reindex", "cluster" -> facts(StatementKind.OTHER, null);
            case "security", "import" -> facts(StatementKind.DDL, null);
            default -> throw new IllegalArgumentException("not a session statement: " + head);
        };
    }

    private static StatementFacts facts(StatementKind kind, String objectName) {
        return new FactsCollector().toFacts(kind, List.of(), OptionalLong.empty(), Optional.ofNullable(objectName),
                Optional.empty());
    }

    private static StatementFacts rollback(TokenCursor cursor) {
        if (cursor.atWord("prepared")) {
            return facts(StatementKind.OTHER, null);
        }
        cursor.acceptWord("work", "transaction");
        if (cursor.acceptWord("to")) {
            cursor.acceptWord("savepoint");
            return facts(StatementKind.ROLLBACK, cursor.identifier());
        }
        return facts(StatementKind.ROLLBACK, null);
    }

    /** The run-time parameter (or special target) a SET statement changes. */
    private static String setTarget(TokenCursor cursor) {
        if (cursor.atWord("session") && cursor.peek(1) != null
                && (cursor.peek(1).isWord("authorization") || cursor.peek(1).isWord("characteristics"))) {
            cursor.next();
            return cursor.acceptWord("authorization") ? "session_authorization" : "transaction";
        }
        cursor.acceptWord("session", "local");
        if (cursor.acceptWord("role")) {
            return "role";
        }
        if (cursor.acceptWord("transaction")) {
            return "transaction";
        }
        if (cursor.acceptWord("constraints")) {
            return "constraints";
        }
        if (cursor.atWord("time") && cursor.peek(1) != null && cursor.peek(1).isWord("zone")) {
            return "timezone";
        }
        if (cursor.acceptWord("names")) {
            return "client_encoding";
        }
        if (cursor.atWord("schema") && cursor.peek(1) != null && cursor.peek(1).type() == TokenType.STRING) {
            return "search_path";
        }
        if (cursor.atWord("xml") && cursor.peek(1) != null && cursor.peek(1).isWord("option")) {
            return "xmloption";
        }
        return cursor.dottedName();
    }

    private static String resetTarget(TokenCursor cursor) {
        if (cursor.atWord("time") && cursor.peek(1) != null && cursor.peek(1).isWord("zone")) {
            return "timezone";
        }
        if (cursor.atWord("session") && cursor.peek(1) != null && cursor.peek(1).isWord("authorization")) {
            return "session_authorization";
        }
        return cursor.dottedName();
    }

    private static StatementFacts show(TokenCursor cursor) {
        String parameter;
        if (cursor.atWord("time") && cursor.peek(1) != null && cursor.peek(1).isWord("zone")) {
            parameter = "timezone";
        } else if (cursor.atWord("transaction") && cursor.peek(1) != null && cursor.peek(1).isWord("isolation")) {
            parameter = "transaction_isolation";
        } else if (cursor.atWord("session") && cursor.peek(1) != null && cursor.peek(1).isWord("authorization")) {
            parameter = "session_authorization";
        } else {
            parameter = cursor.dottedName();
        }
        List<OutputColumn> outputs = parameter.equals("all")
                ? List.of(new OutputColumn("name", Lineage.constant()), new OutputColumn("setting", Lineage.constant()),
                        new OutputColumn("description", Lineage.constant()))
                : List.of(new OutputColumn(parameter, Lineage.constant()));
        return new FactsCollector().toFacts(StatementKind.SHOW, outputs, OptionalLong.empty(), Optional.of(parameter),
                Optional.empty());
    }

    private static boolean star(TokenCursor cursor) {
        Token token = cursor.peek();
        return token != null && token.type() == TokenType.OPERATOR && token.text().equals("*");
    }

    /** FETCH and MOVE: {@code [direction] [FROM | IN] cursor}; the cursor is the last token. */
    private static String cursorName(TokenCursor cursor) {
        List<Token> tokens = cursor.statement().tokens();
        Token last = tokens.get(tokens.size() - 1);
        boolean reserved = last.isWord("from") || last.isWord("in") || last.isWord("all");
        if (tokens.size() < 2 || !last.isIdentifier() || reserved) {
            throw new UnanalysableStatement(reserved ? "syntax error at end of input" : "syntax error at or near " + last.describe(),
                    reserved ? last.end() : last.start());
        }
        for (int i = cursor.index(); i < tokens.size() - 1; i++) {
            Token token = tokens.get(i);
            boolean direction = (token.type() == TokenType.WORD && FETCH_WORDS.contains(token.text()))
                    || token.type() == TokenType.NUMBER
                    || (token.type() == TokenType.OPERATOR && (token.text().equals("-") || token.text().equals("+")));
            if (!direction) {
                throw new UnanalysableStatement("syntax error at or near " + token.describe(), token.start());
            }
        }
        return last.text();
    }
}
