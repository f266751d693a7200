package dev.phiguard.broker.http;

import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.service.LeaseService;
import dev.phiguard.broker.store.LeaseFilter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/leases}: request a lease, list leases. */
final class LeasesResource {

    /** The body of {@code POST /v1/leases}. */
    record RequestBody(String purpose, String ttl, String reason) {
    }

    private final LeaseService service;

    LeasesResource(LeaseService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("POST", "/v1/leases", true, this::request);
        router.add("GET", "/v1/leases", true, this::list);
    }

    private Reply request(Call call) {
        call.allowQuery(Set.of());
        RequestBody body = call.body(RequestBody.class);
        if (body.purpose() == null || body.purpose().isBlank()) {
            throw ApiException.badRequest("missing field \"purpose\"");
        }
        Optional<Duration> ttl = Optional.ofNullable(body.ttl()).map(text -> DurationParameter.parse(text, "ttl"));
        Lease lease = service.request(call.identity(), body.purpose(), ttl, body.reason());
        return new Reply.Json(201, Views.lease(lease));
    }

    private Reply list(Call call) {
        call.allowQuery(Set.of("state", "purpose", "requester", "limit"));
        LeaseFilter filter = LeaseFilter.all();
        Optional<String> state = call.query("state");
        if (state.isPresent()) {
            filter = filter.withState(state(state.get()));
        }
        filter = call.query("purpose").map(filter::withPurpose).orElse(filter);
        filter = call.query("requester").map(filter::withRequesterSubject).orElse(filter);
        Optional<String> limit = call.query("limit");
        if (limit.isPresent()) {
            filter = filter.withLimit(limit(limit.get()));
        }
        return Reply.ok(Views.leases(service.list(filter)));
    }

    private static LeaseState state(String text) {
        try {
            return LeaseState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("state \"" + Call.printable(text) + "\" is not one of "
                    + java.util.Arrays.toString(LeaseState.values()));
        }
    }

    private static int limit(String text) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= LeaseFilter.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a number from 1 to " + LeaseFilter.MAX_LIMIT);
    }
}
