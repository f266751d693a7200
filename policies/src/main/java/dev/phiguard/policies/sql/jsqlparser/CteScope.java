package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.OutputColumn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The common table expressions visible at one point of a statement, innermost first. */
final class CteScope {

    private final CteScope parent;
    private final Map<String, List<OutputColumn>> definitions = new HashMap<>();

    private CteScope(CteScope parent) {
        this.parent = parent;
    }

    /** @return a scope with no common table expressions */
    static CteScope empty() {
        return new CteScope(null);
    }

    /** @return a new, empty, inner scope */
    CteScope child() {
        return new CteScope(this);
    }

    void define(String name, List<OutputColumn> columns) {
        definitions.put(name, List.copyOf(columns));
    }

    /**
     * @param name an unqualified relation name
     * @return the columns of the innermost common table expression with that name
     */
    Optional<List<OutputColumn>> find(String name) {
        for (CteScope scope = this; scope != null; scope = scope.parent) {
            List<OutputColumn> columns = scope.definitions.get(name);
            if (columns != null) {
                return Optional.of(columns);
            }
        }
        return Optional.empty();
    }
}
