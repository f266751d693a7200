package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.expression.WindowDefinition;

/**
 * The names visible in one query block: its FROM items (in order), the relations they contain, the
 * named windows, the output columns (for ORDER BY and GROUP BY), and, through {@code parent}, the
 * enclosing blocks' names for correlated sub-queries.
 */
final class Scope {

    private final Scope parent;
    private final CteScope ctes;
    private final List<FromNode> items = new ArrayList<>();
    private final List<Relation> relations = new ArrayList<>();
    private final Map<String, WindowDefinition> windows = new HashMap<>();
    private List<OutputColumn> outputs = List.of();

    Scope(Scope parent, CteScope ctes) {
        this.parent = parent;
        this.ctes = ctes;
    }

    Scope parent() {
        return parent;
    }

    CteScope ctes() {
        return ctes;
    }

    List<FromNode> items() {
        return items;
    }

    void addItem(FromNode node) {
        items.add(node);
    }

    FromNode removeLastItem() {
        return items.remove(items.size() - 1);
    }

    void addRelation(Relation relation) {
        relations.add(relation);
    }

    void defineWindow(String name, WindowDefinition definition) {
        windows.put(name, definition);
    }

    /** @return the named window of this block or an enclosing one */
    Optional<WindowDefinition> window(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            WindowDefinition definition = scope.windows.get(name);
            if (definition != null) {
                return Optional.of(definition);
            }
        }
        return Optional.empty();
    }

    List<OutputColumn> outputs() {
        return outputs;
    }

    void setOutputs(List<OutputColumn> outputs) {
        this.outputs = List.copyOf(outputs);
    }

    /**
     * @param qualifier {@code [alias]} or {@code [schema, table]}
     * @return the relation it names, in this block or the nearest enclosing one
     */
    Optional<Relation> relation(List<String> qualifier) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            for (Relation relation : scope.relations) {
                if (relation.isNamedBy(qualifier)) {
                    return Optional.of(relation);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves a column reference the way PostgreSQL does: a qualified name in the relation the
     * qualifier names; an unqualified name among the columns of this block's FROM items, then of the
     * enclosing blocks', then as a whole-row reference to a relation of that name.
     *
     * @param qualifier the normalised qualifier parts (empty, {@code [alias]} or {@code [schema, table]})
     * @param name the normalised column name
     * @return the column's lineage, {@link Lineage.Unknown} with the reason if it cannot be resolved
     */
    Lineage resolve(List<String> qualifier, String name) {
        if (qualifier.isEmpty()) {
            return resolveUnqualified(name);
        }
        String written = String.join(".", qualifier) + "." + name;
        Optional<Relation> relation = relation(qualifier);
        if (relation.isPresent()) {
            Lookup lookup = relation.get().column(name);
            if (lookup instanceof Lookup.Found found) {
                return found.lineage();
            }
            if (lookup instanceof Lookup.Uncertain uncertain) {
                return new Lineage.Unknown("cannot resolve " + written + ": " + uncertain.reason());
            }
            if (lookup instanceof Lookup.Ambiguous) {
                return new Lineage.Unknown("column reference " + written + " is ambiguous");
            }
            return new Lineage.Unknown("column " + written + " does not exist (PostgreSQL would read it as a call of a function "
                    + name + " on the row)");
        }
        if (qualifier.size() == 1) {
            Optional<Lineage> composite = column(qualifier.get(0));
            if (composite.isPresent()) {
                // field selection from a composite-typed column: part of that column's value
                LineageBuilder field = new LineageBuilder();
                field.add(composite.get());
                field.fromDatabase();
                return field.build(null);
            }
        }
        return new Lineage.Unknown("missing FROM-clause entry for \"" + String.join(".", qualifier) + "\"");
    }

    private Lineage resolveUnqualified(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            Lookup lookup = scope.lookupColumn(name);
            if (lookup instanceof Lookup.Found found) {
                return found.lineage();
            }
            if (lookup instanceof Lookup.Ambiguous) {
                return new Lineage.Unknown("column reference \"" + name + "\" is ambiguous");
            }
            if (lookup instanceof Lookup.Uncertain uncertain) {
                return new Lineage.Unknown("cannot tell where column \"" + name + "\" comes from: " + uncertain.reason());
            }
        }
        Optional<Relation> relation = relation(List.of(name));
        if (relation.isPresent()) {
            return relation.get().wholeRow();
        }
        return new Lineage.Unknown("column \"" + name + "\" does not exist");
    }

    private Optional<Lineage> column(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            Lookup lookup = scope.lookupColumn(name);
            if (lookup instanceof Lookup.Found found) {
                return Optional.of(found.lineage());
            }
            if (!(lookup instanceof Lookup.Absent)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private Lookup lookupColumn(String name) {
        Lineage found = null;
        String uncertain = null;
        for (FromNode item : items) {
            Lookup lookup = item.lookup(name);
            if (lookup instanceof Lookup.Ambiguous) {
                return lookup;
            }
            if (lookup instanceof Lookup.Found f) {
                if (found != null) {
                    return new Lookup.Ambiguous();
                }
                found = f.lineage();
            } else if (lookup instanceof Lookup.Uncertain u) {
                uncertain = u.reason();
            }
        }
        if (uncertain != null) {
            return new Lookup.Uncertain(uncertain);
        }
        return found == null ? new Lookup.Absent() : new Lookup.Found(found);
    }
}
