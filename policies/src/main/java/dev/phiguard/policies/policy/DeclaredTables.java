package dev.phiguard.policies.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The tables {@code access.tables} lists, so that other sections (masking, record keys, hold rules) can be checked
 * against them. A table whose column list was itself invalid is known by name but its columns are not checked, and
 * when {@code access.tables} could not be read at all nothing is checked: one mistake gives one message.
 */
final class DeclaredTables {

    private final boolean known;
    private final Map<String, Optional<TableAccess>> tables;

    private DeclaredTables(boolean known, Map<String, Optional<TableAccess>> tables) {
        this.known = known;
        this.tables = tables;
    }

    static DeclaredTables unknown() {
        return new DeclaredTables(false, Map.of());
    }

    /** @param tables normalised table name to its access, or empty when its columns were invalid */
    static DeclaredTables of(Map<String, Optional<TableAccess>> tables) {
        return new DeclaredTables(true, Map.copyOf(tables));
    }

    /**
     * Reports {@code subject} (e.g. "masking rule for 'labs.value'") if it names a table not listed.
     *
     * @return whether the table may be relied on: listed, or nothing known
     */
    boolean checkTable(Problems problems, Position position, String table, String subject) {
        if (!known || tables.containsKey(Names.normaliseTable(table))) {
            return true;
        }
        problems.at(position, subject + " references table '" + table + "', which access.tables does not list"
                + (tables.isEmpty() ? "" : " (listed: " + String.join(", ", tables.keySet().stream().sorted().toList()) + ")"));
        return false;
    }

    /** Reports {@code subject} if it names a column that the table's entry in access.tables does not allow. */
    void checkColumn(Problems problems, Position position, String table, String column, String subject) {
        String name = Names.normaliseTable(table);
        Optional<TableAccess> access = tables.getOrDefault(name, Optional.empty());
        if (access.isPresent() && !access.get().allows(column)) {
            problems.at(position, subject + " references a column not listed in access.tables." + name
                    + " (listed: " + String.join(", ", access.get().columns().stream().sorted().toList()) + ")");
        }
    }
}
