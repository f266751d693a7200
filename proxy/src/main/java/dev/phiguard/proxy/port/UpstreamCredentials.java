package dev.phiguard.proxy.port;

import java.util.concurrent.CompletionStage;

/**
 * Supplies the credential the proxy logs in to a target with. Asynchronous because real sources (Vault,
 * a per-lease role) answer over the network; the session waits without blocking its event loop.
 */
@FunctionalInterface
public interface UpstreamCredentials {

    CompletionStage<UpstreamLogin> loginFor(SessionInfo session);
}
