package dev.phiguard.cli.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of the audit log as {@code GET /v1/audit} answers it (docs/api.md, "Audit"). The payload depends on the
 * type and is kept as JSON; it holds no secret and no raw record key.
 */
public record AuditEntry(long seq, String at, String type, String lease, String session, String subject,
                         String purpose, JsonNode payload, String hash, String prevHash) {
}
