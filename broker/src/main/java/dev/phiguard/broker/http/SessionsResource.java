package dev.phiguard.broker.http;

import dev.phiguard.broker.service.LeaseService;
import java.util.Set;

/** {@code GET /v1/leases/{id}/sessions}: the proxy sessions opened under a lease, on any node. */
final class SessionsResource {

    private final LeaseService service;

    SessionsResource(LeaseService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("GET", "/v1/leases/{id}/sessions", true, this::list);
    }

    private Reply list(Call call) {
        call.allowQuery(Set.of());
        return Reply.ok(Views.sessions(service.sessions(call.path(0))));
    }
}
