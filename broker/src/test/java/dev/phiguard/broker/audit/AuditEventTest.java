package dev.phiguard.broker.audit;

import static dev.phiguard.broker.audit.AuditEvents.CI_BOT;
import static dev.phiguard.broker.audit.AuditEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The event model's checks and its payload form. */
class AuditEventTest {

    private final AuditPayloads payloads = new AuditPayloads();

    @Test
    void everyEventTypeSurvivesItsPayload() {
        for (AuditEvent event : AuditLogContract.story()) {
            TreeMap<String, Set<String>> keys = event instanceof AuditEvent.StatementExecuted statement
                    ? new TreeMap<>(statement.recordKeys()) : new TreeMap<>();
            String payload = payloads.write(event);
            assertThat(payloads.read(event.type().name(), event.at(), payload, keys)).isEqualTo(event);
            assertThat(payload).doesNotContain("recordKeys").doesNotContain(event.at().toString());
        }
    }

    @Test
    void aCoalescedStatementSurvivesItsPayloadAndASingleOneKeepsItsOldPayload() {
        AuditEvent.StatementExecuted single = AuditEvents.statement(CI_BOT, AuditLogContract.L1, "s-1", T0, "MRN1");
        assertThat(payloads.write(single)).doesNotContain("executions").doesNotContain("first_time");
        AuditEvent.StatementExecuted coalesced = new AuditEvent.StatementExecuted(T0.plusSeconds(1), CI_BOT,
                "study-42", AuditLogContract.L1, "s-1", single.statement(), StatementDecision.ALLOWED, single.rule(),
                7, 14, single.recordKeys(), false, 7, T0);
        String payload = payloads.write(coalesced);
        assertThat(payload).contains("\"executions\":7");
        assertThat(payloads.read("STATEMENT", coalesced.at(), payload, new TreeMap<>(coalesced.recordKeys())))
                .isEqualTo(coalesced);
        assertThatThrownBy(() -> new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42", AuditLogContract.L1, "s-1",
                "SELECT 1", StatementDecision.ALLOWED, Optional.empty(), 1, 0, new TreeMap<>(), false, 0, T0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executions");
        assertThatThrownBy(() -> new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42", AuditLogContract.L1, "s-1",
                "SELECT 1", StatementDecision.ALLOWED, Optional.empty(), 1, 0, new TreeMap<>(), false, 2,
                T0.plusSeconds(1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("firstAt");
    }

    @Test
    void aRawRecordKeyIsRefusedWithoutBeingEchoed() {
        assertThatThrownBy(() -> new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42", AuditLogContract.L1, "s-1",
                "SELECT 1", StatementDecision.ALLOWED, Optional.empty(), 1, 0,
                Map.of("patients", Set.of("MRN-0012345"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a RecordKeyHasher hash")
                .message().doesNotContain("MRN-0012345");
    }

    @Test
    void onlySixtyFourLowerCaseHexCharactersAreAKeyHash() {
        String hash = AuditEvents.HASHER.hash("patients", "MRN-1");
        assertThat(AuditEvent.StatementExecuted.isKeyHash(hash)).isTrue();
        assertThat(AuditEvent.StatementExecuted.isKeyHash("0123456789abcdef".repeat(4))).isTrue();
        for (String bad : List.of(hash.toUpperCase(), hash.substring(1), hash + "0", "g" + hash.substring(1),
                "\u0663" + hash.substring(1), hash.substring(0, 63) + "/", hash.substring(0, 63) + ":",
                hash.substring(0, 63) + "`", "")) {
            assertThat(AuditEvent.StatementExecuted.isKeyHash(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42", AuditLogContract.L1,
                    "s-1", "SELECT 1", StatementDecision.ALLOWED, Optional.empty(), 1, 0,
                    Map.of("patients", Set.of(hash, bad))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a RecordKeyHasher hash");
        }
    }

    @Test
    void aHugeStatementIsCutAndMarked() {
        String text = "SELECT " + "x, ".repeat(50_000) + "y FROM t";
        AuditEvent.StatementExecuted statement = new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42",
                AuditLogContract.L1, "s-1", text, StatementDecision.ALLOWED, Optional.empty(), 0, 0, Map.of());
        assertThat(statement.statement()).hasSize(AuditEvent.StatementExecuted.MAX_STATEMENT_CHARS);
        assertThat(statement.statementTruncated()).isTrue();
        String payload = payloads.write(statement);
        assertThat(payloads.read("STATEMENT", T0, payload, new TreeMap<>())).isEqualTo(statement);
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        Instant fine = Instant.parse("2030-01-01T10:00:00.123456789Z");
        assertThat(AuditEvents.opened(AuditLogContract.L1, "s", fine).at())
                .isEqualTo(Instant.parse("2030-01-01T10:00:00.123456Z"));
    }

    @Test
    void badFieldsAreRefused() {
        assertThatThrownBy(() -> AuditEvents.opened(" ", "s", T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseId");
        assertThatThrownBy(() -> new AuditEvent.StatementExecuted(T0, CI_BOT, "study-42", AuditLogContract.L1, "s-1",
                "SELECT 1", StatementDecision.ALLOWED, Optional.empty(), -1, 0, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void aPayloadOfTheWrongShapeIsRefused() {
        assertThatThrownBy(() -> payloads.read("STATEMENT", T0, "{\"lease_id\":1}", new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> payloads.read("NOPE", T0, "{}", new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> payloads.read("LEASE", T0, "[", new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void chainHeadsAreWrittenAndReadAsSeqColonHash() {
        ChainHead head = new ChainHead(42, "a".repeat(64));
        assertThat(ChainHead.parse(head.toString())).isEqualTo(head);
        assertThatThrownBy(() -> ChainHead.parse("42")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainHead.parse("x:" + "a".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainHead(1, "A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
