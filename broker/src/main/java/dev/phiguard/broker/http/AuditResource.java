package dev.phiguard.broker.http;

import dev.phiguard.broker.audit.AuditEventType;
import dev.phiguard.broker.audit.AuditFilter;
import dev.phiguard.broker.audit.AuditQuery;
import dev.phiguard.broker.audit.AuditVerifier;
import dev.phiguard.broker.audit.ChainHead;
import dev.phiguard.broker.audit.Verification;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/audit}: search the audit log, verify its chain, ask who accessed a record, export it as JSON lines.
 * Auditors only. The raw record key of who-accessed arrives in the query string and goes no further than the
 * hasher: it is never logged and never echoed in an error.
 */
final class AuditResource {

    /** The most events one search answers. */
    static final int MAX_LIMIT = 10_000;

    private final Optional<AuditQuery> query;
    private final Optional<AuditVerifier> verifier;
    private final AuditorGate gate;
    private final Clock clock;

    AuditResource(Auditing auditing, Clock clock) {
        this.query = auditing.query();
        this.verifier = auditing.verifier();
        this.gate = new AuditorGate(auditing.auditorGroups());
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/v1/audit", true, this::search);
        router.add("GET", "/v1/audit/verify", true, this::verify);
        router.add("GET", "/v1/audit/who-accessed", true, this::whoAccessed);
        router.add("GET", "/v1/audit/export", true, this::export);
    }

    private Reply search(Call call) {
        gate.check(call.identity());
        call.allowQuery(Set.of("lease", "subject", "purpose", "type", "since", "until", "limit"));
        AuditFilter filter = AuditFilter.all();
        filter = call.query("lease").map(filter::withLeaseId).orElse(filter);
        filter = call.query("subject").map(filter::withSubject).orElse(filter);
        filter = call.query("purpose").map(filter::withPurpose).orElse(filter);
        Optional<String> type = call.query("type");
        if (type.isPresent()) {
            filter = filter.withType(type(type.get()));
        }
        Optional<Instant> since = call.query("since").map(text -> time(text, "since"));
        Optional<Instant> until = call.query("until").map(text -> time(text, "until"));
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw ApiException.badRequest("since must be before until");
        }
        filter = new AuditFilter(filter.leaseId(), filter.subject(), filter.purpose(), since, until, filter.type(),
                0, call.query("limit").map(AuditResource::limit).orElse(AuditFilter.DEFAULT_LIMIT));
        return Reply.ok(Map.of("events",
                AuditorGate.require(query, "audit log").search(filter).stream().map(AuditViews::event).toList()));
    }

    private Reply verify(Call call) {
        gate.check(call.identity());
        call.allowQuery(Set.of("anchor"));
        Optional<ChainHead> anchor = call.query("anchor").map(AuditResource::anchor);
        AuditVerifier chain = AuditorGate.require(verifier, "audit log");
        Verification verification = anchor.map(chain::verify).orElseGet(chain::verify);
        return Reply.ok(AuditViews.verification(verification));
    }

    private Reply whoAccessed(Call call) {
        gate.check(call.identity());
        call.allowQuery(Set.of("table", "key"));
        String table = call.query("table").filter(t -> !t.isBlank())
                .orElseThrow(() -> ApiException.badRequest("missing query parameter \"table\""));
        String key = call.query("key").filter(k -> !k.isEmpty())
                .orElseThrow(() -> ApiException.badRequest("missing query parameter \"key\""));
        return Reply.ok(AuditViews.accesses(AuditorGate.require(query, "audit log").whoAccessed(table, key)));
    }

    private Reply export(Call call) {
        gate.check(call.identity());
        call.allowQuery(Set.of());
        AuditQuery log = AuditorGate.require(query, "audit log");
        return new Reply.Stream(200, "application/x-ndjson; charset=utf-8", out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            log.export(writer);
            writer.flush();
        });
    }

    private static AuditEventType type(String text) {
        try {
            return AuditEventType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("type \"" + Call.printable(text) + "\" is not one of "
                    + Arrays.toString(AuditEventType.values()));
        }
    }

    /** An ISO-8601 instant ({@code 2030-01-01T10:00:00Z}) or a duration back from now ({@code 24h}). */
    private Instant time(String text, String what) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            try {
                return clock.instant().minus(DurationParameter.parse(text, what));
            } catch (ApiException notDuration) {
                throw ApiException.badRequest(what + " \"" + Call.printable(text) + "\" is neither an ISO-8601"
                        + " instant (2030-01-01T10:00:00Z) nor a duration back from now (24h, 7d, PT30M)");
            }
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a number from 1 to " + MAX_LIMIT);
    }

    private static ChainHead anchor(String text) {
        try {
            return ChainHead.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("anchor must be a head as 'phiguard audit verify' prints it: SEQ:HASH");
        }
    }
}
