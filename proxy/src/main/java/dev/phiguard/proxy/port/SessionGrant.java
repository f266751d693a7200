package dev.phiguard.proxy.port;

import java.util.Objects;

/**
 * The credential port's permission for one session: which lease it belongs to, for which purpose, and
 * which configured target it may reach.
 */
public record SessionGrant(String leaseId, String purpose, String targetName) {
    public SessionGrant {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(targetName, "targetName");
    }
}
