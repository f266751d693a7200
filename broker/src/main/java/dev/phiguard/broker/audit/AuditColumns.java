package dev.phiguard.broker.audit;

import dev.phiguard.broker.lease.Principal;
import java.util.Optional;

/**
 * What an event concerns, kept beside it in indexed columns so the log can be searched without reading payloads:
 * the lease, the proxy session, the identity's subject and the purpose. The verifier checks that these columns
 * agree with the payload, which the chain covers.
 */
public record AuditColumns(Optional<String> leaseId, Optional<String> sessionId, Optional<String> subject,
                           Optional<String> purpose) {

    static AuditColumns of(String leaseId, String sessionId, Principal identity, String purpose) {
        return new AuditColumns(Optional.ofNullable(leaseId), Optional.ofNullable(sessionId),
                Optional.ofNullable(identity).map(Principal::subject), Optional.ofNullable(purpose));
    }
}
