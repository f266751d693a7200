package dev.phiguard.policies.sql;

import java.util.Comparator;
import java.util.Objects;

/**
 * A relation (table, view, materialised view, foreign table) named the way PostgreSQL stores it:
 * unquoted identifiers folded to lower case, quoted identifiers exactly as written.
 *
 * <p>The analyser resolves unqualified names through the search path, so a {@code TableRef} in the
 * facts carries its schema whenever the catalog knows the relation. {@code schema} is {@code null}
 * only for an unqualified name the catalog does not know (the facts then also say so in
 * {@link StatementFacts#unresolved()}).
 *
 * @param schema the schema, or {@code null} if unqualified and unresolved
 * @param name the relation name
 */
public record TableRef(String schema, String name) implements Comparable<TableRef> {

    private static final Comparator<TableRef> ORDER = Comparator
            .comparing(TableRef::schema, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(TableRef::name);

    /** Validates the names. */
    public TableRef {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a relation name cannot be empty");
        }
        if (schema != null && schema.isEmpty()) {
            throw new IllegalArgumentException("a schema name cannot be empty (use null for an unqualified name)");
        }
    }

    /**
     * @param schema the schema
     * @param name the relation name
     * @return a schema-qualified reference
     */
    public static TableRef of(String schema, String name) {
        return new TableRef(Objects.requireNonNull(schema, "schema"), name);
    }

    /**
     * Parses {@code schema.name} or {@code name}, split at the first dot; names are taken literally
     * (no quoting, no case folding). Meant for configuration and tests.
     *
     * @param qualifiedName {@code schema.name} or {@code name}
     * @return the reference
     */
    public static TableRef parse(String qualifiedName) {
        int dot = qualifiedName.indexOf('.');
        return dot < 0
                ? new TableRef(null, qualifiedName)
                : new TableRef(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1));
    }

    /** @return whether the schema is known */
    public boolean isQualified() {
        return schema != null;
    }

    /** @return {@code schema.name}, or {@code name} when unqualified */
    public String qualifiedName() {
        return schema == null ? name : schema + "." + name;
    }

    @Override
    public int compareTo(TableRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
