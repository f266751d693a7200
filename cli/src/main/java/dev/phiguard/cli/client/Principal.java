package dev.phiguard.cli.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An identity as the broker names it: issuer, subject, groups and claims (CI run claims among them). */
public record Principal(String issuer, String subject, List<String> groups, Map<String, Object> claims) {
    public Principal {
        groups = groups == null ? List.of() : List.copyOf(groups);
        claims = claims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(claims)); // null values allowed
    }
}
