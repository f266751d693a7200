package dev.phiguard.broker.lease;

import java.util.Locale;
import java.util.Objects;

/** A lease request that was refused by {@link LeaseRequests}; no lease was created. */
public final class LeaseRequestRefusedException extends LeaseException {

    /** Why the request was refused. */
    public enum Reason {
        /** The identity matches none of the purpose's requester rules. */
        REQUESTER_NOT_ADMITTED,
        /** The requested time to live is below one second or not a whole number of seconds. */
        TTL_INVALID,
        /** The requested time to live is above the policy's {@code max_ttl}: refused, not silently capped. */
        TTL_ABOVE_MAX,
        /** The reason is too long or contains control characters. */
        REASON_INVALID;

        /** The machine-readable code, e.g. {@code ttl_above_max}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    LeaseRequestRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String code() {
        return reason.code();
    }
}
