package dev.phiguard.policies.policy;

import java.util.regex.Pattern;

/** The shapes of names in policy files, and the normal form of table names. */
final class Names {

    /** A purpose id; also the file name stem. */
    static final Pattern PURPOSE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The name of a configured target. */
    static final Pattern TARGET = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** An unquoted PostgreSQL identifier as the server folds it: lower case. */
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    /** A table, optionally schema-qualified. */
    static final Pattern TABLE = Pattern.compile(IDENTIFIER.pattern() + "(\\." + IDENTIFIER.pattern() + ")?");
    /** A function, optionally schema-qualified. */
    static final Pattern FUNCTION = TABLE;
    /** A claim name in a token: letters, digits and a few separators. */
    static final Pattern CLAIM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:/-]{0,127}");

    /** A group name: up to 256 printable characters, no whitespace at either end. */
    static final Pattern GROUP = Pattern.compile("[^\\s\\p{Cntrl}](?:[^\\p{Cntrl}]{0,254}[^\\s\\p{Cntrl}])?");

    /** The schema an unqualified table name refers to. */
    static final String DEFAULT_SCHEMA = "public";

    private Names() {
    }

    /** {@code public.patients} becomes {@code patients}; other names are returned unchanged. */
    static String normaliseTable(String table) {
        return table.startsWith(DEFAULT_SCHEMA + ".") ? table.substring(DEFAULT_SCHEMA.length() + 1) : table;
    }

    /** {@code pg_catalog.lower} becomes {@code lower}; other names are returned unchanged. */
    static String normaliseFunction(String function) {
        return function.startsWith("pg_catalog.") ? function.substring("pg_catalog.".length()) : function;
    }
}
