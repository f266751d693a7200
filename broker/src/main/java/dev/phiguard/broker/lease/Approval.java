package dev.phiguard.broker.lease;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One reviewer's approval of a pending lease.
 *
 * @param approver    who approved
 * @param reason      what they said, if anything
 * @param requestHash the {@linkplain RequestHash request hash} they approved; always equal to the lease's
 * @param at          when
 */
public record Approval(Principal approver, Optional<String> reason, String requestHash, Instant at) {
    public Approval {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestHash, "requestHash");
        Objects.requireNonNull(at, "at");
    }
}
