package dev.phiguard.policies.policy;

import java.util.Set;

/**
 * The built-in lists behind {@code access.functions}: the harmless functions every policy allows unless it says
 * {@code default_functions: false}, and the functions no policy may allow.
 *
 * <p>Names are compared after dropping a leading {@code pg_catalog.}.
 */
public final class FunctionAllowList {

    /**
     * Harmless built-ins allowed by default: aggregates over numbers, conditionals, arithmetic, string and date
     * helpers. Deliberately absent: functions that serialise or gather whole values ({@code string_agg},
     * {@code array_agg}, {@code row_to_json}, {@code to_jsonb}, {@code json_agg}, ...), which a policy may add
     * explicitly, and everything in {@link #NEVER_ALLOWED}.
     */
    public static final Set<String> DEFAULTS = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "bool_and", "bool_or", "every",
            "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
            // conditionals
            "coalesce", "nullif", "greatest", "least",
            // arithmetic
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "mod", "div", "power", "sqrt", "exp", "ln",
            "log", "width_bucket",
            // strings
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "trim",
            "btrim", "ltrim", "rtrim", "substr", "substring", "left", "right", "lpad", "rpad", "concat", "concat_ws",
            "replace", "position", "strpos", "split_part", "starts_with", "reverse", "translate",
            // dates and times
            "now", "current_date", "current_timestamp", "localtimestamp", "date_trunc", "date_part", "extract",
            "age", "to_char", "to_date", "to_timestamp", "make_date", "make_interval", "make_timestamp",
            "justify_days", "justify_hours", "isfinite");

    /**
     * Functions no policy may allow, because what they do cannot be analysed or confined to the lease: they run
     * SQL given as text ({@code query_to_xml}, {@code ts_stat}, ...), read server files or large objects, reach
     * other databases ({@code dblink}), change settings, or signal or stall server processes.
     */
    public static final Set<String> NEVER_ALLOWED = Set.of(
            // run SQL text the proxy never sees
            "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml",
            "cursor_to_xmlschema", "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema",
            "schema_to_xml", "schema_to_xmlschema", "schema_to_xml_and_xmlschema", "database_to_xml",
            "database_to_xmlschema", "database_to_xml_and_xmlschema", "ts_stat", "ts_rewrite",
            // other databases
            "dblink", "dblink_exec", "dblink_open", "dblink_fetch", "dblink_send_query", "dblink_get_result",
            "dblink_connect", "dblink_connect_u",
            // server files and large objects
            "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_stat_file", "pg_ls_logdir", "pg_ls_waldir",
            "pg_ls_tmpdir", "pg_ls_archive_statusdir", "lo_import", "lo_export", "lo_get", "lo_put", "lo_open",
            "lo_from_bytea", "loread", "lowrite", "pg_file_write",
            // settings and other server processes
            "set_config", "pg_reload_conf", "pg_terminate_backend", "pg_cancel_backend", "pg_rotate_logfile",
            "pg_sleep", "pg_sleep_for", "pg_sleep_until", "pg_advisory_lock", "pg_advisory_xact_lock");

    private FunctionAllowList() {
    }

    /** Whether a function name (with or without {@code pg_catalog.}) is one no policy may allow. */
    public static boolean isNeverAllowed(String function) {
        return NEVER_ALLOWED.contains(Names.normaliseFunction(function));
    }
}
