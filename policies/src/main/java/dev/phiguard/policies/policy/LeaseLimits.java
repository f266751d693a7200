package dev.phiguard.policies.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of one lease for the purpose.
 *
 * @param target         the name of the configured database target the lease reaches
 * @param maxTtl         the longest time a lease may live once approved
 * @param defaultTtl     the time to live when the requester names none; never above {@code maxTtl}
 * @param pendingTimeout how long a request waits for approval before it expires
 * @param maxSessions    how many proxy sessions may be open at once under one lease
 * @param requireTls     whether clients must connect to the proxy with TLS
 */
public record LeaseLimits(String target, Duration maxTtl, Duration defaultTtl, Duration pendingTimeout,
                          int maxSessions, boolean requireTls) {

    /** {@code max_ttl} when the policy names none. */
    public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(1);
    /** {@code pending_timeout} when the policy names none. */
    public static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofHours(1);
    /** {@code max_sessions} when the policy names none. */
    public static final int DEFAULT_MAX_SESSIONS = 4;
    /** The largest {@code max_sessions}. */
    public static final int LIMIT_MAX_SESSIONS = 100;
    /** The shortest duration a policy may give. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(1);
    /** The longest duration a policy may give. */
    public static final Duration MAX_DURATION = Duration.ofDays(7);

    public LeaseLimits {
        Objects.requireNonNull(target, "target");
        for (Duration duration : new Duration[] {maxTtl, defaultTtl, pendingTimeout}) {
            Objects.requireNonNull(duration, "durations");
            if (duration.compareTo(MIN_DURATION) < 0 || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("durations must lie between 1m and 7d, got " + duration);
            }
        }
        if (defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("defaultTtl must not exceed maxTtl");
        }
        if (maxSessions < 1 || maxSessions > LIMIT_MAX_SESSIONS) {
            throw new IllegalArgumentException("maxSessions must be between 1 and " + LIMIT_MAX_SESSIONS);
        }
    }

    /** Whether a requested time to live is within the limit. */
    public boolean allowsTtl(Duration requested) {
        return !requested.isNegative() && !requested.isZero() && requested.compareTo(maxTtl) <= 0;
    }
}
