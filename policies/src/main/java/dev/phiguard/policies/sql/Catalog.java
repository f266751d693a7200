package dev.phiguard.policies.sql;

import java.util.Optional;

/**
 * The port through which the analyser learns the target database's relations: their columns in
 * order (to expand {@code SELECT *}, {@code t.*} and whole-row references, and to place unqualified
 * column names) and the definitions of views (to trace view columns to base columns).
 *
 * <p>The analyser asks only with schema-qualified names; it resolves unqualified names itself through
 * the configured {@link SearchPath}. Implementations must be thread-safe: the analyser is called
 * concurrently from every session. When the catalog changes (DDL), cached analyses must be dropped
 * ({@link CachingAnalyzer#invalidateAll()}).
 */
public interface Catalog {

    /**
     * @param table a schema-qualified relation name
     * @return its columns in order, if the relation exists (tables, views, materialised views, foreign
     *     tables, catalog views such as {@code pg_catalog.pg_stats})
     */
    Optional<TableShape> table(TableRef table);

    /**
     * @param view a schema-qualified relation name
     * @return the view's defining query ({@code SELECT ...} text, as {@code pg_get_viewdef} returns
     *     it) if the relation is a view or materialised view whose definition is known
     */
    Optional<String> viewDefinition(TableRef view);
}
