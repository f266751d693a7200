package dev.phiguard.policies.policy;

import java.util.Collection;
import java.util.Set;

/**
 * How many approvals a lease for the purpose needs, and from whom. The requester can never approve their own
 * lease or held statement; that is not configurable, and approvals by the requester do not count.
 *
 * @param required   approvals needed before the lease is granted; 0 grants it automatically
 * @param fromGroups an approver must be in at least one of these groups; not empty when {@code required > 0}.
 *                   These groups also approve statements held by {@link HoldRule}s.
 */
public record ApprovalRule(int required, Set<String> fromGroups) {

    /** The most approvals a policy may require. */
    public static final int MAX_REQUIRED = 10;

    public ApprovalRule {
        fromGroups = Set.copyOf(fromGroups);
        if (required < 0 || required > MAX_REQUIRED) {
            throw new IllegalArgumentException("required must be between 0 and " + MAX_REQUIRED);
        }
        if (required > 0 && fromGroups.isEmpty()) {
            throw new IllegalArgumentException("required approvals need groups to come from");
        }
    }

    /** Whether leases are granted without any approval. */
    public boolean isAutomatic() {
        return required == 0;
    }

    /** Whether someone in {@code approverGroups} may approve (the requester-is-not-approver check is separate). */
    public boolean isEligibleApprover(Collection<String> approverGroups) {
        return approverGroups.stream().anyMatch(fromGroups::contains);
    }
}
