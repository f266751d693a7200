package dev.phiguard.broker.http;

import dev.phiguard.broker.identity.CiRun;
import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.lease.Approval;
import dev.phiguard.broker.lease.Ending;
import dev.phiguard.broker.lease.Lease;
import dev.phiguard.broker.lease.Principal;
import dev.phiguard.broker.store.LeaseSession;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of the API's answers (docs/api.md), as ordered maps. None of them holds a secret. */
final class Views {

    private Views() {
    }

    static Map<String, Object> lease(Lease lease) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", lease.id());
        view.put("version", lease.version());
        view.put("state", lease.state().name());
        view.put("endReason", lease.endReason().map(Enum::name).orElse(null));
        view.put("purpose", lease.purpose());
        view.put("target", lease.target());
        view.put("requester", principal(lease.requester()));
        view.put("ciRun", ciRun(CiRun.fromClaims(lease.requester().claims())));
        view.put("ttl", lease.ttl().toString());
        view.put("reason", lease.reason());
        view.put("requestHash", lease.requestHash());
        view.put("approvalsRequired", lease.approvalRule().required());
        view.put("approvalGroups", lease.approvalRule().fromGroups().stream().sorted().toList());
        view.put("approvals", lease.approvals().stream().map(Views::approval).toList());
        view.put("maxSessions", lease.maxSessions());
        view.put("openSessions", lease.openSessions());
        view.put("createdAt", time(lease.createdAt()));
        view.put("pendingDeadline", time(lease.pendingDeadline()));
        view.put("approvedAt", lease.approvedAt().map(Views::time).orElse(null));
        view.put("expiresAt", lease.expiresAt().map(Views::time).orElse(null));
        view.put("credentialFetched", lease.credentialIssued());
        view.put("ending", lease.ending().map(Views::ending).orElse(null));
        return view;
    }

    static Map<String, Object> leases(List<Lease> leases) {
        return Map.of("leases", leases.stream().map(Views::lease).toList());
    }

    static Map<String, Object> principal(Principal principal) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("issuer", principal.issuer());
        view.put("subject", principal.subject());
        view.put("groups", List.copyOf(principal.groups()));
        view.put("claims", principal.claims());
        return view;
    }

    static Map<String, Object> identity(Identity identity) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("issuer", identity.issuer());
        view.put("subject", identity.subject());
        view.put("groups", List.copyOf(identity.groups()));
        view.put("claims", identity.claims());
        view.put("ciRun", ciRun(identity.ciRun()));
        view.put("expiresAt", time(identity.expiresAt()));
        return view;
    }

    static Map<String, Object> sessions(List<LeaseSession> sessions) {
        return Map.of("sessions", sessions.stream().map(Views::session).toList());
    }

    private static Map<String, Object> session(LeaseSession session) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("leaseId", session.leaseId());
        view.put("openedAt", time(session.openedAt()));
        view.put("closedAt", session.closedAt().map(Views::time).orElse(null));
        view.put("client", session.client());
        view.put("node", session.node());
        return view;
    }

    private static Map<String, Object> approval(Approval approval) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("approver", principal(approval.approver()));
        view.put("reason", approval.reason().orElse(null));
        view.put("at", time(approval.at()));
        return view;
    }

    private static Map<String, Object> ending(Ending ending) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("at", time(ending.at()));
        view.put("by", ending.by().map(Views::principal).orElse(null));
        view.put("reason", ending.reason().orElse(null));
        return view;
    }

    private static String ciRun(CiRun run) {
        if (run instanceof CiRun.GitHubActions github) {
            return github.displayName();
        }
        if (run instanceof CiRun.GitLab gitlab) {
            return gitlab.displayName();
        }
        return null;
    }

    static String time(Instant instant) {
        return instant.toString();
    }

    static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
