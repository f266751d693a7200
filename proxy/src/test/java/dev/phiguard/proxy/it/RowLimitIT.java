package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.decision.PolicyEngine;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import dev.phiguard.proxy.enforce.PolicyEnforcement;
import dev.phiguard.proxy.port.StatementApprovals;
import dev.phiguard.sampledata.EmbeddedTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The policy's row limit: a result that passes it is cut and the session ends with 54000. */
@ExtendWith(SharedDatabase.class)
class RowLimitIT {
    private static ProxyHarness harness;

    @BeforeAll
    static void start(EmbeddedTarget database) throws Exception {
        Path file = Path.of("..", "policies", "examples", "study-42.yaml");
        String text = Files.readString(file).replace("row_limit: 50000", "row_limit: 100");
        assertThat(text).contains("row_limit: 100");
        Policy policy = new PolicyLoader().parse(Path.of("study-42.yaml"), text);
        StaticCatalog catalog = StaticCatalog.builder()
                .table("public.encounters", "encounter_id", "patient_id", "admitted_at", "discharged_at",
                        "diagnosis_code", "notes")
                .build();
        PolicyEnforcement enforcement = new PolicyEnforcement(
                List.of(new PolicyEngine(policy, SqlAnalyzer.postgres(catalog, AnalyzerSettings.defaults()))),
                MaskingKeys.of(new byte[32]), StatementApprovals.refuseAll(), Duration.ofSeconds(1));
        harness = ProxyHarness.start(database,
                ports -> ports.withGate(enforcement).withRows(enforcement).withListener(enforcement), c -> c);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static int count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                n++;
            }
            return n;
        }
    }

    @Test
    void aResultWithinTheLimitIsServed() throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThat(count(c, "SELECT encounter_id FROM encounters ORDER BY encounter_id LIMIT 100")).isEqualTo(100);
        }
    }

    @Test
    void aResultPastTheLimitEndsTheSession() throws Exception {
        try (Connection c = harness.viaProxy()) {
            assertThatThrownBy(() -> count(c, "SELECT encounter_id FROM encounters ORDER BY encounter_id LIMIT 101"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row limit of 100")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("54000");
            assertThat(c.isValid(2)).isFalse();
        }
    }
}
