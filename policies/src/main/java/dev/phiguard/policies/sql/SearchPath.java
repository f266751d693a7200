package dev.phiguard.policies.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The schemas in which unqualified relation names are looked up, in order, with PostgreSQL's rule
 * that {@code pg_catalog} is searched first unless the path names it explicitly (so
 * {@code pg_stats} means {@code pg_catalog.pg_stats} even when {@code public} has a {@code pg_stats}).
 *
 * <p>The path must be concrete (as {@code current_schemas(false)} reports it): {@code "$user"} is not
 * expanded, and temporary schemas are not searched.
 *
 * @param schemas the configured schemas, in order
 */
public record SearchPath(List<String> schemas) {

    /** The catalog schema PostgreSQL searches implicitly. */
    public static final String PG_CATALOG = "pg_catalog";

    /** Validates and copies. */
    public SearchPath {
        schemas = List.copyOf(schemas);
        if (schemas.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("a search path cannot contain an empty schema name");
        }
        if (schemas.stream().anyMatch(s -> s.startsWith("$"))) {
            throw new IllegalArgumentException("the search path must name concrete schemas (no \"$user\"): " + schemas);
        }
    }

    /** @return PostgreSQL's default for a user without a schema of their own: {@code public} */
    public static SearchPath defaultPath() {
        return new SearchPath(List.of("public"));
    }

    /**
     * @param schemas the schemas in order
     * @return the path
     */
    public static SearchPath of(String... schemas) {
        return new SearchPath(List.of(schemas));
    }

    /** @return the schemas actually searched for relations, {@code pg_catalog} first unless listed */
    public List<String> effectiveSchemas() {
        if (schemas.contains(PG_CATALOG)) {
            return schemas;
        }
        List<String> effective = new ArrayList<>(schemas.size() + 1);
        effective.add(PG_CATALOG);
        effective.addAll(schemas);
        return List.copyOf(effective);
    }
}
