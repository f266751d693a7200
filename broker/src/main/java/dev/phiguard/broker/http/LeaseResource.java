package dev.phiguard.broker.http;

import dev.phiguard.broker.service.LeaseService;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** {@code GET /v1/leases/{id}}: show a lease, or wait for it to change (long-poll). */
final class LeaseResource {

    /** The wait of a long-poll that names no timeout. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final LeaseService service;

    LeaseResource(LeaseService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("GET", "/v1/leases/{id}", true, this::show);
    }

    private Reply show(Call call) {
        call.allowQuery(Set.of("waitForChangeFrom", "timeout"));
        String id = call.path(0);
        Optional<String> from = call.query("waitForChangeFrom");
        if (from.isEmpty()) {
            if (call.query("timeout").isPresent()) {
                throw ApiException.badRequest("timeout is only meaningful with waitForChangeFrom");
            }
            return Reply.ok(Views.lease(service.get(id)));
        }
        long version = version(from.get());
        Duration timeout = call.query("timeout").map(text -> DurationParameter.parse(text, "timeout"))
                .orElse(DEFAULT_WAIT);
        if (timeout.compareTo(LeaseService.MAX_WAIT) > 0) {
            throw ApiException.badRequest("timeout must be at most " + LeaseService.MAX_WAIT.toSeconds() + "s");
        }
        return new Reply.Deferred(service.awaitChange(id, version, timeout)
                .thenApply(lease -> Reply.ok(Views.lease(lease))));
    }

    private static long version(String text) {
        try {
            long version = Long.parseLong(text);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("waitForChangeFrom must be a lease version (a number of at least 0)");
    }
}
