package dev.phiguard.cli.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer of {@code GET /v1/whoami}: the caller as the broker sees it. */
public record Identity(String issuer, String subject, List<String> groups, Map<String, Object> claims, String ciRun) {
    public Identity {
        groups = groups == null ? List.of() : List.copyOf(groups);
        claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims)); // null values allowed
    }
}
