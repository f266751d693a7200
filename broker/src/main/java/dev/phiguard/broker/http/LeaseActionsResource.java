package dev.phiguard.broker.http;

import dev.phiguard.broker.service.LeaseService;
import java.util.Optional;
import java.util.Set;

/** {@code POST /v1/leases/{id}/approve|deny|revoke|end}: the decisions on a lease. */
final class LeaseActionsResource {

    /** The body of approve: an optional remark and the request hash the reviewer saw. */
    record ApproveBody(String reason, String requestHash) {
    }

    /** The body of deny (reason required) and revoke (reason optional). */
    record ReasonBody(String reason) {
    }

    /** The body of end: nothing (an empty body or {@code {}}). */
    record EmptyBody() {
    }

    private final LeaseService service;

    LeaseActionsResource(LeaseService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("POST", "/v1/leases/{id}/approve", true, this::approve);
        router.add("POST", "/v1/leases/{id}/deny", true, this::deny);
        router.add("POST", "/v1/leases/{id}/revoke", true, this::revoke);
        router.add("POST", "/v1/leases/{id}/end", true, this::end);
    }

    private Reply approve(Call call) {
        call.allowQuery(Set.of());
        ApproveBody body = call.body(ApproveBody.class);
        return Reply.ok(Views.lease(service.approve(call.identity(), call.path(0),
                Optional.ofNullable(body.requestHash()), Views.text(body.reason()))));
    }

    private Reply deny(Call call) {
        call.allowQuery(Set.of());
        ReasonBody body = call.body(ReasonBody.class);
        return Reply.ok(Views.lease(service.deny(call.identity(), call.path(0),
                body.reason() == null ? "" : body.reason())));
    }

    private Reply revoke(Call call) {
        call.allowQuery(Set.of());
        ReasonBody body = call.body(ReasonBody.class);
        return Reply.ok(Views.lease(service.revoke(call.identity(), call.path(0), Views.text(body.reason()))));
    }

    private Reply end(Call call) {
        call.allowQuery(Set.of());
        call.body(EmptyBody.class);
        return Reply.ok(Views.lease(service.end(call.identity(), call.path(0))));
    }
}
