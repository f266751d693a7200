/**
 * The broker's HTTP API ({@code docs/api.md}): {@link dev.phiguard.broker.http.BrokerApi} serves {@code /v1} (JSON,
 * a bearer token on every call), {@code /healthz} and {@code /metrics} on the JDK's {@code com.sun.net.httpserver}.
 *
 * <ul>
 *   <li>{@link dev.phiguard.broker.http.Router} — the route table: method and path pattern to an
 *       {@link dev.phiguard.broker.http.Endpoint}; one resource class per resource ({@code LeasesResource},
 *       {@code LeaseResource}, {@code LeaseActionsResource}, {@code CredentialResource}, {@code SessionsResource},
 *       {@code IdentityResource}, {@code HealthResource}, {@code MetricsResource}, and for auditors
 *       {@code AuditResource} and {@code RecordingsResource}).</li>
 *   <li>{@link dev.phiguard.broker.http.Auditing} — what the auditor routes need: the audit log's query and verifier,
 *       the {@link dev.phiguard.broker.http.RecordingFiles} port (implemented by the node over the proxy's recording
 *       directory, so the broker needs nothing of the proxy), and the auditor groups; others get 403
 *       {@code not_an_auditor}.</li>
 *   <li>{@link dev.phiguard.broker.http.Dispatcher} — per exchange: route, authenticate the bearer token with the
 *       {@link dev.phiguard.broker.identity.TokenVerifier}, call the endpoint, write the {@link
 *       dev.phiguard.broker.http.Reply}; a deferred reply (long-poll) is written by whichever thread completes
 *       it, so no thread waits per waiter; a streamed reply (audit export, recordings) is written chunked as it is
 *       produced, never held whole.</li>
 *   <li>{@link dev.phiguard.broker.http.ApiErrors} — every refusal becomes {@code {"error": {"code", "message"}}}
 *       with the status of its machine-readable code.</li>
 *   <li>{@link dev.phiguard.broker.http.BrokerMetrics} — Prometheus text: leases by state, transitions by event,
 *       HTTP answers by status, and gauges registered by the assembly.</li>
 * </ul>
 * No token, password or verifier is ever logged: log lines name the method, the route, the lease and the caller's
 * subject, never a query string (who-accessed carries a raw record key there). The credential answer's password is wiped from memory once written.
 */
package dev.phiguard.broker.http;
