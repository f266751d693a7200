package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Search path semantics, and reasons that say why something could not be resolved. */
class ResolutionTest {

    private static StatementFacts analyse(SearchPath path, String sql) {
        SqlAnalyzer analyzer = SqlAnalyzer.postgres(Fixtures.CATALOG, AnalyzerSettings.defaults().withSearchPath(path));
        Analysis analysis = analyzer.analyze(sql);
        assertThat(analysis).isInstanceOf(Analysis.Analysed.class);
        return ((Analysis.Analysed) analysis).statements().get(0);
    }

    @Test
    void pgCatalogIsSearchedFirstUnlessListed() {
        assertThat(analyse(SearchPath.defaultPath(), "select * from pg_stats").tablesRead())
                .containsExactly(TableRef.of("pg_catalog", "pg_stats"));
        assertThat(analyse(SearchPath.of("public", "pg_catalog"), "select * from pg_stats").tablesRead())
                .containsExactly(TableRef.of("public", "pg_stats"));
    }

    @Test
    void unqualifiedNamesFollowTheConfiguredPath() {
        StatementFacts facts = analyse(SearchPath.of("audit", "public"), "select actor, ssn from events, patients");

        assertThat(facts.tablesRead()).containsExactly(TableRef.of("audit", "events"), TableRef.of("public", "patients"));
        assertThat(facts.outputs()).extracting(OutputColumn::lineage)
                .containsExactly(Expect.direct("audit.events.actor"), Expect.direct("patients.ssn"));
        assertThat(analyse(SearchPath.defaultPath(), "select * from events").tablesRead())
                .containsExactly(new TableRef(null, "events"));
        assertThat(SearchPath.defaultPath().effectiveSchemas()).containsExactly("pg_catalog", "public");
    }

    @Test
    void reasonsNameTheProblem() {
        assertThat(reason("select id from patients p join visits v on true")).contains("ambiguous").contains("\"id\"");
        assertThat(reason("select * from nowhere")).contains("nowhere").contains("not in the catalog");
        assertThat(reason("select ssn from patients, nowhere")).contains("\"ssn\"").contains("nowhere");
        assertThat(reason("select p.zz from patients p")).contains("p.zz").contains("function");
        assertThat(reason("select x.ssn from patients p")).contains("missing FROM-clause entry");
        assertThat(reason("select * from self_view")).contains("defined in terms of itself");
        assertThat(reason("select * from broken_view")).contains("cannot be parsed");
        assertThat(reason("select 1 union select 1, 2")).contains("set operation");
    }

    @Test
    void viewExpansionStopsAtTheDepthLimit() {
        AnalyzerSettings shallow = new AnalyzerSettings(SearchPath.defaultPath(), 1000, 64, 1);
        Analysis analysis = SqlAnalyzer.postgres(Fixtures.CATALOG, shallow).analyze("select last4 from nested_view");

        StatementFacts facts = ((Analysis.Analysed) analysis).statements().get(0);
        assertThat(facts.outputs().get(0).lineage()).isInstanceOf(Lineage.Unknown.class);
        assertThat(facts.unresolved()).anyMatch(u -> u.contains("nested deeper than 1"));
    }

    @Test
    void aFullyResolvedStatementSaysSo() {
        assertThat(Fixtures.single("select ssn from patients").isFullyResolved()).isTrue();
        assertThat(Fixtures.single("select zz from patients").isFullyResolved()).isFalse();
        assertThat(Fixtures.single("select 1 from patients where zz = 1").isFullyResolved()).isFalse();
        StatementFacts filtered = Fixtures.single("select 1 from patients p, visits v where p.id = v.patient_id");
        assertThat(filtered.readsOnlyWithWhere(TableRef.of("public", "patients"))).isTrue();
        assertThat(Fixtures.single("select 1 from patients").readsOnlyWithWhere(TableRef.of("public", "patients"))).isFalse();
    }

    private static String reason(String sql) {
        StatementFacts facts = Fixtures.single(sql);
        List<String> reasons = new java.util.ArrayList<>(facts.unresolved());
        facts.outputs().stream().map(OutputColumn::lineage).filter(l -> l instanceof Lineage.Unknown)
                .map(l -> ((Lineage.Unknown) l).reason()).forEach(reasons::add);
        assertThat(reasons).as("reasons for " + sql).isNotEmpty();
        return String.join(" / ", reasons);
    }
}
