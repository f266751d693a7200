package dev.phiguard.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The analysis follows the target's catalog: a new table or column is seen after a refresh. */
class RefreshingCatalogIT {

    @Test
    void aChangedCatalogReplacesTheOldOneAndDropsTheAnalysisCache() throws Exception {
        try (EmbeddedTarget database = EmbeddedTarget.builder().patients(10).start()) {
            RefreshingCatalog.Connector connector = () -> DriverManager.getConnection(database.appJdbcUrl(),
                    database.appUser(), database.appPassword());
            try (RefreshingCatalog catalog = RefreshingCatalog.start(connector, Duration.ofHours(1))) {
                CachingAnalyzer analyzer = CachingAnalyzer.withDefaults(
                        SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()));
                catalog.invalidates(analyzer);
                assertThat(catalog.table(TableRef.of("public", "patients"))).isPresent();
                assertThat(catalog.table(TableRef.of("scratch", "visits"))).isEmpty();
                analyzer.analyze("SELECT * FROM patients");
                assertThat(analyzer.size()).isEqualTo(1);

                assertThat(catalog.refresh()).isFalse(); // nothing changed: the cache stays
                assertThat(analyzer.size()).isEqualTo(1);

                execute(connector, "CREATE TABLE scratch.visits (visit_id int, patient_id bigint)");
                assertThat(catalog.refresh()).isTrue();
                assertThat(catalog.table(TableRef.of("scratch", "visits")).orElseThrow().columns())
                        .containsExactly("visit_id", "patient_id");
                assertThat(analyzer.size()).isZero();
            }
        }
    }

    @Test
    void aFailedRefreshKeepsTheLastCatalog() throws Exception {
        try (EmbeddedTarget database = EmbeddedTarget.builder().patients(5).start()) {
            boolean[] fail = {false};
            RefreshingCatalog.Connector connector = () -> {
                if (fail[0]) {
                    throw new SQLException("target unreachable");
                }
                return DriverManager.getConnection(database.appJdbcUrl(), database.appUser(), database.appPassword());
            };
            try (RefreshingCatalog catalog = RefreshingCatalog.start(connector, Duration.ofHours(1))) {
                fail[0] = true;
                assertThat(catalog.refresh()).isFalse();
                assertThat(catalog.table(TableRef.of("public", "patients"))).isPresent();
            }
        }
    }

    private static void execute(RefreshingCatalog.Connector connector, String sql) throws SQLException {
        try (Connection c = connector.connect()) {
            c.createStatement().execute(sql);
        }
    }
}
