package dev.phiguard.cli.client;

/** One proxy session of a lease ({@code GET /v1/leases/{id}/sessions}); {@code closedAt} is null while open. */
public record SessionInfo(String id, String leaseId, String openedAt, String closedAt, String client, String node) {}
