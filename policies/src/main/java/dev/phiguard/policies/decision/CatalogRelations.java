package dev.phiguard.policies.decision;

import dev.phiguard.policies.sql.TableRef;
import java.util.Set;

/**
 * The system catalog relations the engine treats specially, whatever the policy says.
 *
 * <ul>
 *   <li>{@link #HARMLESS}: describe the schema (types, relations, columns, constraints, comments, settings) and
 *       expose no stored column value, so drivers and {@code psql}'s {@code \d} can read them under every policy
 *       without listing them. Only reading is harmless; writing to them is judged like any table.</li>
 *   <li>{@link #PROTECTED}: expose stored values (statistics hold most common values and histogram bounds),
 *       secrets (password hashes, user mappings, subscription connection strings), large objects or other
 *       sessions' query texts: never readable, even when a policy lists them.</li>
 * </ul>
 */
final class CatalogRelations {

    static final Set<String> HARMLESS = Set.of(
            "pg_catalog.pg_type", "pg_catalog.pg_namespace", "pg_catalog.pg_class", "pg_catalog.pg_attribute",
            "pg_catalog.pg_index", "pg_catalog.pg_proc", "pg_catalog.pg_description", "pg_catalog.pg_database",
            "pg_catalog.pg_settings", "pg_catalog.pg_am", "pg_catalog.pg_attrdef", "pg_catalog.pg_constraint",
            "pg_catalog.pg_enum", "pg_catalog.pg_range", "pg_catalog.pg_collation", "pg_catalog.pg_inherits",
            "pg_catalog.pg_tablespace", "pg_catalog.pg_extension", "pg_catalog.pg_language", "pg_catalog.pg_operator",
            "pg_catalog.pg_opclass", "pg_catalog.pg_cast", "pg_catalog.pg_trigger", "pg_catalog.pg_depend",
            // the definitions of extended statistics (CREATE STATISTICS), read by psql's \d TABLE; their values are
            // in pg_statistic_ext_data, which is protected
            "pg_catalog.pg_statistic_ext",
            "pg_catalog.pg_tables", "pg_catalog.pg_views", "pg_catalog.pg_indexes", "pg_catalog.pg_matviews",
            "information_schema.columns", "information_schema.tables", "information_schema.schemata",
            "information_schema.views", "information_schema.table_constraints", "information_schema.key_column_usage",
            "information_schema.referential_constraints", "information_schema.constraint_column_usage");

    static final Set<String> PROTECTED = Set.of(
            "pg_catalog.pg_statistic", "pg_catalog.pg_statistic_ext_data",
            "pg_catalog.pg_stats", "pg_catalog.pg_stats_ext", "pg_catalog.pg_stats_ext_exprs",
            "pg_catalog.pg_authid", "pg_catalog.pg_shadow", "pg_catalog.pg_user_mapping", "pg_catalog.pg_user_mappings",
            "pg_catalog.pg_largeobject", "pg_catalog.pg_largeobject_metadata", "pg_catalog.pg_stat_activity",
            "pg_catalog.pg_hba_file_rules", "pg_catalog.pg_ident_file_mappings", "pg_catalog.pg_file_settings",
            "pg_catalog.pg_subscription", "information_schema.user_mapping_options");

    /** Extension views that hold other sessions' query texts, in whatever schema the extension was installed. */
    static final Set<String> PROTECTED_IN_ANY_SCHEMA = Set.of("pg_stat_statements", "pg_stat_statements_info");

    private CatalogRelations() {
    }

    /** Whether reading the relation exposes no stored value (only for qualified relations). */
    static boolean isHarmless(TableRef table) {
        return table.isQualified() && HARMLESS.contains(table.qualifiedName());
    }

    /** Whether the relation may never be read, whatever the policy says. */
    static boolean isProtected(TableRef table) {
        return PROTECTED.contains(table.qualifiedName()) || PROTECTED_IN_ANY_SCHEMA.contains(table.name());
    }

    /** Why a protected relation is never readable. */
    static String whyProtected(TableRef table) {
        String name = table.name();
        if (name.startsWith("pg_stat") && !name.equals("pg_stat_activity") && !name.startsWith("pg_stat_statements")) {
            return "planner statistics hold stored values of other tables (most common values, histogram bounds)";
        }
        if (name.equals("pg_stat_activity") || name.startsWith("pg_stat_statements")) {
            return "it shows the query texts of other sessions";
        }
        if (name.startsWith("pg_largeobject")) {
            return "large objects are data the proxy cannot plan";
        }
        return "it holds credentials or server configuration";
    }
}
