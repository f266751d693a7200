package dev.phiguard.policies.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads {@code lease}: the limits of each lease. */
final class LeaseReader {

    static final List<String> KEYS =
            List.of("target", "max_ttl", "default_ttl", "pending_timeout", "max_sessions", "require_tls");

    private final Values values;

    LeaseReader(Values values) {
        this.values = values;
    }

    Optional<LeaseLimits> read(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS, values.problems());
        Optional<String> target = keys.required("target").flatMap(value -> values.matching(value, keys.path("target"),
                Names.TARGET, "the name of a configured target (lower-case letters, digits, '_' and '-')"));
        Optional<Duration> maxTtl = duration(keys, "max_ttl", LeaseLimits.DEFAULT_MAX_TTL);
        Optional<Duration> defaultTtl = keys.optional("default_ttl").isPresent()
                ? duration(keys, "default_ttl", LeaseLimits.DEFAULT_MAX_TTL) : maxTtl;
        Optional<Duration> pendingTimeout = duration(keys, "pending_timeout", LeaseLimits.DEFAULT_PENDING_TIMEOUT);
        Optional<Integer> maxSessions = keys.optional("max_sessions")
                .map(value -> values.smallInteger(value, keys.path("max_sessions"), 1, LeaseLimits.LIMIT_MAX_SESSIONS))
                .orElse(Optional.of(LeaseLimits.DEFAULT_MAX_SESSIONS));
        Optional<Boolean> requireTls = keys.optional("require_tls")
                .map(value -> values.bool(value, keys.path("require_tls")))
                .orElse(Optional.of(true));
        if (maxTtl.isPresent() && defaultTtl.isPresent() && defaultTtl.get().compareTo(maxTtl.get()) > 0) {
            String maxText = DurationText.format(maxTtl.get())
                    + (keys.optional("max_ttl").isPresent() ? "" : ", the default");
            values.problems().at(keys.optional("default_ttl").orElseThrow(), "'" + keys.path("default_ttl") + "' ("
                    + DurationText.format(defaultTtl.get()) + ") must not be longer than '" + keys.path("max_ttl")
                    + "' (" + maxText + ")");
        }
        if (values.problems().count() > before || target.isEmpty() || maxTtl.isEmpty() || defaultTtl.isEmpty()
                || pendingTimeout.isEmpty() || maxSessions.isEmpty() || requireTls.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LeaseLimits(target.get(), maxTtl.get(), defaultTtl.get(), pendingTimeout.get(),
                maxSessions.get(), requireTls.get()));
    }

    private Optional<Duration> duration(MappingReader keys, String key, Duration fallback) {
        return keys.optional(key)
                .map(value -> values.duration(value, keys.path(key), LeaseLimits.MIN_DURATION, LeaseLimits.MAX_DURATION))
                .orElse(Optional.of(fallback));
    }
}
