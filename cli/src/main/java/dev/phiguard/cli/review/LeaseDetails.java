package dev.phiguard.cli.review;

import dev.phiguard.cli.client.Lease;
import dev.phiguard.cli.client.Principal;
import java.time.Instant;
import java.util.Map;

/** One lease in full, for {@code phiguard leases show} and the answers of approve, deny and revoke. */
public final class LeaseDetails {
    private LeaseDetails() {}

    public static String render(Lease l, Instant now) {
        StringBuilder sb = new StringBuilder();
        line(sb, "lease", l.id());
        line(sb, "state", l.state() + (l.endReason() != null ? " (" + l.endReason() + ")" : ""));
        line(sb, "purpose", l.purpose());
        line(sb, "target", l.target());
        line(sb, "requester", principal(l.requester()));
        line(sb, "ci run", l.ciRun());
        line(sb, "ttl", Texts.duration(l.ttl()));
        line(sb, "reason", l.reason());
        line(sb, "approvals", l.approvals().size() + " of " + l.approvalsRequired()
                + (l.approvalGroups().isEmpty() ? "" : " from " + String.join(", ", l.approvalGroups())));
        for (Lease.Approval a : l.approvals()) {
            line(sb, "", "approved by " + principal(a.approver()) + " at " + a.at()
                    + (a.reason() == null ? "" : ": " + a.reason()));
        }
        line(sb, "sessions", l.openSessions() + " open (at most " + l.maxSessions() + ")");
        line(sb, "created", l.createdAt() + " (" + Texts.age(l.createdAt(), now) + " ago)");
        line(sb, "pending until", l.pendingDeadline());
        line(sb, "approved", l.approvedAt());
        line(sb, "expires", l.expiresAt());
        line(sb, "credential", l.credentialFetched() ? "fetched" : "not fetched");
        if (l.ending() != null) {
            line(sb, "ended", l.ending().at() + (l.ending().by() == null ? "" : " by " + principal(l.ending().by()))
                    + (l.ending().reason() == null ? "" : ": " + l.ending().reason()));
        }
        return sb.toString();
    }

    /** {@code subject (groups a, b; issuer local; repository=acme/etl run_id=42)}. */
    static String principal(Principal p) {
        if (p == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(p.subject() == null ? "?" : p.subject()).append(" (");
        if (!p.groups().isEmpty()) {
            sb.append("groups ").append(String.join(", ", p.groups())).append("; ");
        }
        sb.append("issuer ").append(p.issuer());
        for (Map.Entry<String, Object> claim : p.claims().entrySet()) {
            sb.append("; ").append(claim.getKey()).append('=').append(claim.getValue());
        }
        return sb.append(')').toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(String.format("%-14s %s%n", name.isEmpty() ? "" : name + ":", value));
        }
    }
}
