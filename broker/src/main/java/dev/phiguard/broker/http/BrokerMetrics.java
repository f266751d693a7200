package dev.phiguard.broker.http;

import dev.phiguard.broker.lease.LeaseState;
import dev.phiguard.broker.service.LeaseEventListener;
import dev.phiguard.broker.service.LeaseTransition;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The broker's metrics in the Prometheus text format (version 0.0.4). It counts lease transitions by event (as a
 * {@link LeaseEventListener}: add it to the service's listeners) and HTTP answers by status (the API counts them);
 * lease counts by state are read from the store when scraped; further gauges (e.g. the proxy's live sessions) are
 * registered by the assembly with {@link #registerGauge}.
 */
public final class BrokerMetrics implements LeaseEventListener {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final Map<String, LongAdder> transitions = new ConcurrentSkipListMap<>();
    private final Map<Integer, LongAdder> responses = new ConcurrentSkipListMap<>();
    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    private record Gauge(String help, DoubleSupplier value) {
    }

    @Override
    public void transitioned(LeaseTransition transition) {
        transitions.computeIfAbsent(transition.event().name(), name -> new LongAdder()).increment();
    }

    /** Counts one HTTP answer. */
    void countResponse(int status) {
        responses.computeIfAbsent(status, code -> new LongAdder()).increment();
    }

    /**
     * Adds a gauge read at every scrape, e.g. {@code phiguard_proxy_sessions}.
     *
     * @throws IllegalArgumentException for a name Prometheus does not accept, or one already registered
     */
    public void registerGauge(String name, String help, DoubleSupplier value) {
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(value, "value");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        if (gauges.putIfAbsent(name, new Gauge(help.replaceAll("[\\r\\n\\\\]", " "), value)) != null) {
            throw new IllegalArgumentException("gauge " + name + " is already registered");
        }
    }

    /** The text exposition, with the lease counts given by {@code leasesByState}. */
    String render(Supplier<Map<LeaseState, Long>> leasesByState) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP phiguard_leases Leases in the store by state.\n# TYPE phiguard_leases gauge\n");
        leasesByState.get().forEach((state, count) ->
                out.append("phiguard_leases{state=\"").append(state.name()).append("\"} ").append(count).append('\n'));
        out.append("# HELP phiguard_lease_transitions_total Lease transitions committed by this node, by event.\n")
                .append("# TYPE phiguard_lease_transitions_total counter\n");
        transitions.forEach((event, count) -> out.append("phiguard_lease_transitions_total{event=\"").append(event)
                .append("\"} ").append(count.sum()).append('\n'));
        out.append("# HELP phiguard_http_requests_total HTTP answers of the broker API, by status.\n")
                .append("# TYPE phiguard_http_requests_total counter\n");
        responses.forEach((status, count) -> out.append("phiguard_http_requests_total{code=\"").append(status)
                .append("\"} ").append(count.sum()).append('\n'));
        new TreeMap<>(gauges).forEach((name, gauge) -> out.append("# HELP ").append(name).append(' ')
                .append(gauge.help()).append("\n# TYPE ").append(name).append(" gauge\n").append(name).append(' ')
                .append(number(gauge.value().getAsDouble())).append('\n'));
        return out.toString();
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && !Double.isInfinite(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.isInfinite(value) ? (value > 0 ? "+Inf" : "-Inf") : String.format(Locale.ROOT, "%s", value);
    }
}
