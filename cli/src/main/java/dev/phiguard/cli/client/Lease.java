package dev.phiguard.cli.client;

import java.util.List;

/**
 * A lease as the broker answers it (docs/api.md, "Leases"). Times are RFC 3339 strings and durations ISO-8601,
 * kept as the broker wrote them.
 */
public record Lease(
        String id,
        long version,
        LeaseState state,
        String endReason,
        String purpose,
        String target,
        Principal requester,
        String ciRun,
        String ttl,
        String reason,
        String requestHash,
        int approvalsRequired,
        List<String> approvalGroups,
        List<Approval> approvals,
        int maxSessions,
        int openSessions,
        String createdAt,
        String pendingDeadline,
        String approvedAt,
        String expiresAt,
        boolean credentialFetched,
        Ending ending) {

    public Lease {
        state = state == null ? LeaseState.UNKNOWN : state;
        approvalGroups = approvalGroups == null ? List.of() : List.copyOf(approvalGroups);
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
    }

    /** One approval: who, why, when. */
    public record Approval(Principal approver, String reason, String at) {}

    /** How a lease reached a terminal state: when, by whom (null: by the broker itself) and why. */
    public record Ending(String at, Principal by, String reason) {}
}
