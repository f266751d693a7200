package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.lex.PgLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** PostgreSQL's rules for identifiers as JSqlParser hands them over (quotes kept, case kept). */
final class Identifiers {

    /**
     * Keywords that PostgreSQL reads as niladic functions, never as column names, when unquoted.
     */
    static final Set<String> SQL_VALUE_FUNCTIONS = Set.of(
            "current_user", "current_role", "session_user", "user", "current_catalog", "current_schema",
            "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "system_user");

    private Identifiers() {
    }

    /**
     * @param raw an identifier as JSqlParser returns it ({@code Foo}, {@code "Foo"})
     * @return the name PostgreSQL uses: unquoted folded to lower case, quoted unescaped
     */
    static String normalise(String raw) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return PgLexer.truncateIdentifier(raw.substring(1, raw.length() - 1).replace("\"\"", "\""));
        }
        return PgLexer.foldIdentifier(raw);
    }

    /**
     * @param raw an identifier as JSqlParser returns it
     * @return whether it was written in double quotes
     */
    static boolean isQuoted(String raw) {
        return raw.startsWith("\"");
    }

    /**
     * @param parts name parts as JSqlParser returns them (possibly with null or empty placeholders)
     * @return the normalised non-empty parts
     */
    static List<String> normaliseAll(List<String> parts) {
        List<String> names = new ArrayList<>(parts.size());
        for (String part : parts) {
            if (part != null && !part.isEmpty()) {
                names.add(normalise(part));
            }
        }
        return names;
    }
}
