package dev.phiguard.proxy.port;

/** A request from the client that the statement gate decides on before it reaches the database. */
public sealed interface Statement {

    /** The SQL text of this request, or a short description where there is none (function calls). */
    String text();

    /** A simple-protocol Query message: one string that may hold several statements. */
    record SimpleQuery(String sql) implements Statement {
        @Override
        public String text() {
            return sql;
        }
    }

    /** An extended-protocol Parse message that prepares {@code sql} as {@code statementName}. */
    record Prepare(String statementName, String sql) implements Statement {
        @Override
        public String text() {
            return sql;
        }
    }

    /** A FunctionCall message: calls a function by OID, bypassing SQL. */
    record FunctionCall(int functionOid) implements Statement {
        @Override
        public String text() {
            return "<function call oid=" + functionOid + ">";
        }
    }
}
