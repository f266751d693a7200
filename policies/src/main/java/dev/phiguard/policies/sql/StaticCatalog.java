package dev.phiguard.policies.sql;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable in-memory {@link Catalog}, for tests, demos and fixed schemas. Built once with
 * {@link #builder()}; safe to share between threads.
 */
public final class StaticCatalog implements Catalog {

    private final Map<TableRef, TableShape> shapes;
    private final Map<TableRef, String> views;

    private StaticCatalog(Map<TableRef, TableShape> shapes, Map<TableRef, String> views) {
        this.shapes = Map.copyOf(shapes);
        this.views = Map.copyOf(views);
    }

    /** @return a builder for an empty catalog */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<TableShape> table(TableRef table) {
        return Optional.ofNullable(shapes.get(table));
    }

    @Override
    public Optional<String> viewDefinition(TableRef view) {
        return Optional.ofNullable(views.get(view));
    }

    /** Two catalogs are equal when they hold the same relations, columns and view definitions. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StaticCatalog other && shapes.equals(other.shapes) && views.equals(other.views);
    }

    @Override
    public int hashCode() {
        return shapes.hashCode() * 31 + views.hashCode();
    }

    /** Collects relations; not thread-safe. */
    public static final class Builder {
        private final Map<TableRef, TableShape> shapes = new HashMap<>();
        private final Map<TableRef, String> views = new HashMap<>();

        private Builder() {
        }

        /**
         * Adds a table.
         *
         * @param qualifiedName {@code schema.name}
         * @param columns the columns in order
         * @return this builder
         */
        public Builder table(String qualifiedName, String... columns) {
            TableRef ref = qualified(qualifiedName);
            put(ref, new TableShape(ref, List.of(columns)));
            return this;
        }

        /**
         * Adds a view with its defining query.
         *
         * @param qualifiedName {@code schema.name}
         * @param definition the defining {@code SELECT}
         * @param columns the view's columns in order
         * @return this builder
         */
        public Builder view(String qualifiedName, String definition, String... columns) {
            TableRef ref = qualified(qualifiedName);
            put(ref, new TableShape(ref, List.of(columns)));
            views.put(ref, definition);
            return this;
        }

        /** @return the catalog */
        public StaticCatalog build() {
            return new StaticCatalog(shapes, views);
        }

        private void put(TableRef ref, TableShape shape) {
            if (shapes.putIfAbsent(ref, shape) != null) {
                throw new IllegalArgumentException("relation defined twice: " + ref);
            }
        }

        private static TableRef qualified(String qualifiedName) {
            TableRef ref = TableRef.parse(qualifiedName);
            if (!ref.isQualified()) {
                throw new IllegalArgumentException("expected schema.name: " + qualifiedName);
            }
            return ref;
        }
    }
}
