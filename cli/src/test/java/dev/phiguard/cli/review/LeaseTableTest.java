package dev.phiguard.cli.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.FakeBroker;
import dev.phiguard.cli.client.Lease;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseTableTest {
    private static Lease lease(String id, String state) throws Exception {
        return BrokerClient.mapper().treeToValue(FakeBroker.lease(id, "study-42", state), Lease.class);
    }

    @Test
    void showsRequesterCiRunPurposeTtlReasonAndAge() throws Exception {
        String table = LeaseTable.render(List.of(lease("lease-a", "PENDING"), lease("lease-bb", "APPROVED")),
                Instant.parse("2026-11-29T10:12:30Z"));
        assertThat(table.lines()).containsExactly(
                "ID        STATE     REQUESTER  CI RUN                                       PURPOSE   TTL  REASON"
                        + "           AGE",
                "lease-a   PENDING   ci-bot     acme/etl run 42 attempt 1 (refs/heads/main)  study-42  30m  nightly"
                        + " extract  12m",
                "lease-bb  APPROVED  ci-bot     acme/etl run 42 attempt 1 (refs/heads/main)  study-42  30m  nightly"
                        + " extract  12m");
    }

    @Test
    void agesAndMissingValues() {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        assertThat(Texts.age("2026-11-29T09:59:15Z", now)).isEqualTo("45s");
        assertThat(Texts.age("2026-11-29T07:55:00Z", now)).isEqualTo("2h5m");
        assertThat(Texts.age("2026-11-25T10:00:00Z", now)).isEqualTo("4d");
        assertThat(Texts.age(null, now)).isEqualTo("-");
        assertThat(Texts.age("yesterday", now)).isEqualTo("-");
        assertThat(Texts.cut(null, 5)).isEqualTo("-");
        assertThat(Texts.cut("a very long reason", 8)).isEqualTo("a very …");
        assertThat(Texts.duration("PT1H30M")).isEqualTo("1h30m");
    }
}
