package dev.phiguard.proxy.port;

import java.net.SocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * Who a proxied session is: its own id, the lease it authenticated with, where the client connects from.
 *
 * @param sessionId     the proxy's id of this session, unique per process
 * @param grant         what the credential port granted
 * @param clientAddress the client's address
 * @param tls           whether the client connection is encrypted
 * @param applicationName the client's application_name, or empty
 * @param openedAt      when the client connected
 */
public record SessionInfo(
        String sessionId,
        SessionGrant grant,
        SocketAddress clientAddress,
        boolean tls,
        String applicationName,
        Instant openedAt) {

    public SessionInfo {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(clientAddress, "clientAddress");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    public String leaseId() {
        return grant.leaseId();
    }
}
