package dev.phiguard.proxy.port;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where a statement that a policy holds for approval goes: a reviewer decides, and the returned stage
 * completes with that decision. The proxy waits without blocking its threads, and denies the statement if
 * the stage fails or times out.
 */
@FunctionalInterface
public interface StatementApprovals {

    CompletionStage<Decision> request(SessionInfo session, Statement statement, String rule, String reason);

    /** No reviewer channel: every held statement is refused at once, with the reason it needed approval. */
    static StatementApprovals refuseAll() {
        return (session, statement, rule, reason) -> CompletableFuture.completedFuture(Decision.deny("42501",
                "this statement needs a reviewer's approval (" + rule + ": " + reason
                        + "), and no reviewer channel is connected to this proxy"));
    }
}
