package dev.phiguard.policies.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policies of a folder, keyed by purpose id. Immutable; built all at once by
 * {@link PolicyLoader#loadDirectory(java.nio.file.Path)}, so a set never holds a half-loaded folder.
 *
 * @param byPurpose the policies keyed by purpose id, sorted by id
 */
public record PolicySet(Map<String, Policy> byPurpose) {

    public PolicySet {
        for (Map.Entry<String, Policy> entry : byPurpose.entrySet()) {
            if (!entry.getKey().equals(entry.getValue().purpose())) {
                throw new IllegalArgumentException("policy " + entry.getValue().purpose() + " filed under " + entry.getKey());
            }
        }
        byPurpose = Collections.unmodifiableMap(new TreeMap<>(byPurpose));
    }

    /** An empty set. */
    public static PolicySet empty() {
        return new PolicySet(Map.of());
    }

    /** The policy of a purpose, if there is one. */
    public Optional<Policy> find(String purpose) {
        return Optional.ofNullable(byPurpose.get(purpose));
    }

    /** Every purpose id, sorted. */
    public Set<String> purposes() {
        return byPurpose.keySet();
    }

    /** Every policy, sorted by purpose id. */
    public Collection<Policy> policies() {
        return byPurpose.values();
    }

    /** How many policies there are. */
    public int size() {
        return byPurpose.size();
    }
}
