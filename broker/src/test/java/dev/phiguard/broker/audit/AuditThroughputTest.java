package dev.phiguard.broker.audit;

import static dev.phiguard.broker.audit.AuditEvents.CI_BOT;
import static dev.phiguard.broker.audit.AuditEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how many statement events per second the embedded H2 log takes, appended one by one, in batches, and
 * through the {@link AuditWriter}, measured side by side in one run. It asserts only that the chain is intact
 * afterwards, never a rate (the machine's load decides those); read the numbers in the test output.
 */
class AuditThroughputTest {

    private static final int SINGLE = 1_000;
    private static final int BATCHED = 5_000;
    private static final int BATCH = 200;

    @TempDir
    Path temp;

    @Test
    void printsAppendsPerSecond() throws Exception {
        JdbcConnectionPool pool = H2Databases.migrated(temp.resolve("data"));
        try {
            AuditLog log = AuditLog.open(pool);
            List<AuditEvent> events = new ArrayList<>();
            for (int i = 0; i < BATCHED; i++) {
                events.add(AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0.plusMillis(i),
                        "MRN-" + i, "MRN-" + (i + 1)));
            }
            for (int i = 0; i < 200; i++) {
                log.append(events.get(i)); // warm-up
            }

            long start = System.nanoTime();
            for (int i = 0; i < SINGLE; i++) {
                log.append(events.get(i));
            }
            double single = rate(SINGLE, start);

            start = System.nanoTime();
            for (int i = 0; i < BATCHED; i += BATCH) {
                log.appendAll(events.subList(i, i + BATCH));
            }
            double batched = rate(BATCHED, start);

            start = System.nanoTime();
            try (AuditWriter writer = AuditWriter.start(log)) {
                for (AuditEvent event : events) {
                    writer.submit(event);
                }
                assertThat(writer.flush(Duration.ofMinutes(2))).isTrue();
            }
            double queued = rate(BATCHED, start);

            System.out.printf("audit log on H2, statement events with 2 record keys each: append %.0f/s,"
                    + " appendAll(%d) %.0f/s, AuditWriter %.0f/s%n", single, BATCH, batched, queued);
            Verification result = new AuditVerifier(pool).verify();
            assertThat(result.ok()).as(result.summary()).isTrue();
            assertThat(result.eventsChecked()).isEqualTo(200 + SINGLE + 2L * BATCHED);
        } finally {
            pool.dispose();
        }
    }

    private static double rate(int events, long startNanos) {
        return events / ((System.nanoTime() - startNanos) / 1e9);
    }
}
