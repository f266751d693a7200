package dev.phiguard.cli.server;

import dev.phiguard.policies.sql.StaticCatalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a target's catalog — every table and view the credential can see, with its ordered columns, and the
 * definition of each view outside the system schemas — so that the SQL analysis can resolve {@code SELECT *},
 * whole rows and views. System relations ({@code pg_catalog}, {@code information_schema}) are known by their
 * columns only, so that client tools' catalog queries can be analysed; which of them may be read is the
 * policy engine's decision.
 */
final class TargetCatalog {
    private static final String COLUMNS = """
            SELECT c.table_schema, c.table_name, c.column_name
              FROM information_schema.columns c
             WHERE c.table_schema <> 'pg_toast'
             ORDER BY c.table_schema, c.table_name, c.ordinal_position""";
    private static final String VIEWS = """
            SELECT schemaname, viewname, definition
              FROM pg_catalog.pg_views
             WHERE schemaname NOT IN ('pg_catalog', 'information_schema')""";

    private TargetCatalog() {}

    static StaticCatalog read(Connection connection) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        Map<String, String> views = new LinkedHashMap<>();
        try (Statement s = connection.createStatement()) {
            try (ResultSet rs = s.executeQuery(COLUMNS)) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>())
                            .add(rs.getString(3));
                }
            }
            try (ResultSet rs = s.executeQuery(VIEWS)) {
                while (rs.next()) {
                    views.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
                }
            }
        }
        StaticCatalog.Builder builder = StaticCatalog.builder();
        columns.forEach((name, cols) -> {
            String[] array = cols.toArray(new String[0]);
            String definition = views.get(name);
            if (definition != null) {
                builder.view(name, definition, array);
            } else {
                builder.table(name, array);
            }
        });
        return builder.build();
    }
}
