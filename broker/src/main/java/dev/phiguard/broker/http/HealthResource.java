package dev.phiguard.broker.http;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /healthz}: 200 once the readiness supplier says the node is ready, 503 before. No token needed. */
final class HealthResource {

    private final BooleanSupplier ready;

    HealthResource(BooleanSupplier ready) {
        this.ready = ready;
    }

    void register(Router router) {
        router.add("GET", "/healthz", false, this::health);
    }

    private Reply health(Call call) {
        boolean isReady;
        try {
            isReady = ready.getAsBoolean();
        } catch (RuntimeException e) {
            isReady = false;
        }
        return isReady ? new Reply.Json(200, Map.of("status", "ok"))
                : new Reply.Json(503, Map.of("status", "starting"));
    }
}
