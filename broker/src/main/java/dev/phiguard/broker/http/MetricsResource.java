package dev.phiguard.broker.http;

import dev.phiguard.broker.service.LeaseService;

/** {@code GET /metrics}: Prometheus text format. No token needed (bind the API to a trusted network). */
final class MetricsResource {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final BrokerMetrics metrics;
    private final LeaseService service;

    MetricsResource(BrokerMetrics metrics, LeaseService service) {
        this.metrics = metrics;
        this.service = service;
    }

    void register(Router router) {
        router.add("GET", "/metrics", false, this::scrape);
    }

    private Reply scrape(Call call) {
        String text = metrics.render(service::countByState) + "# HELP phiguard_lease_waiters Long-poll callers"
                + " waiting on this node.\n# TYPE phiguard_lease_waiters gauge\nphiguard_lease_waiters "
                + service.waiting() + "\n";
        return new Reply.Text(200, CONTENT_TYPE, text);
    }
}
