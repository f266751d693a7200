package dev.phiguard.policies.sql;

import java.util.ArrayList;
import java.util.List;

/** The catalog every analysis test runs against: a small clinic schema, catalog views, and views. */
final class Fixtures {

    static final String[] PATIENT_COLUMNS = {"id", "mrn", "ssn", "first_name", "last_name", "dob", "email", "phone", "notes"};
    static final String[] VISIT_COLUMNS = {"id", "patient_id", "visit_date", "diagnosis", "notes"};

    static final StaticCatalog CATALOG = StaticCatalog.builder()
            .table("public.patients", PATIENT_COLUMNS)
            .table("public.visits", VISIT_COLUMNS)
            .table("public.staff", "id", "name", "role")
            .table("audit.events", "id", "at", "actor", "detail")
            .table("pg_catalog.pg_stats", "schemaname", "tablename", "attname", "null_frac", "most_common_vals", "histogram_bounds")
            .table("pg_catalog.pg_class", "oid", "relname", "relnamespace")
            // a decoy: pg_catalog is searched first, so "pg_stats" never means this one
            .table("public.pg_stats", "decoy")
            .view("public.patient_names", "select id, first_name, last_name from patients", "id", "first_name", "last_name")
            .view("public.ssn_last4", "select id, right(ssn, 4) as last4 from patients", "id", "last4")
            .view("public.nested_view", "select id, last4 from ssn_last4 where id > 0", "id", "last4")
            .view("public.visit_counts", "select p.id, p.last_name, count(v.id) as visits from patients p "
                    + "left join visits v on v.patient_id = p.id group by p.id, p.last_name", "id", "last_name", "visits")
            .view("public.star_view", "select * from patients", PATIENT_COLUMNS)
            .view("public.broken_view", "select nonsense from", "nonsense")
            .view("public.self_view", "select x from self_view", "x")
            .view("public.mismatch_view", "select id from patients", "id", "extra")
            .build();

    static final SqlAnalyzer ANALYZER = SqlAnalyzer.postgres(CATALOG, AnalyzerSettings.defaults());

    private Fixtures() {
    }

    /** @return the facts of a string that must be analysable and hold exactly one statement */
    static StatementFacts single(String sql) {
        Analysis analysis = ANALYZER.analyze(sql);
        if (!(analysis instanceof Analysis.Analysed analysed)) {
            throw new AssertionError("expected facts for <" + sql + "> but got " + analysis);
        }
        if (analysed.statements().size() != 1) {
            throw new AssertionError("expected one statement in <" + sql + "> but got " + analysed.statements().size());
        }
        return analysed.statements().get(0);
    }

    /** @return every column of a table as Direct outputs, in catalog order */
    static List<OutputColumn> star(String table, String... columns) {
        List<OutputColumn> outputs = new ArrayList<>();
        for (String column : columns) {
            outputs.add(new OutputColumn(column, Expect.direct(table + "." + column)));
        }
        return outputs;
    }
}
