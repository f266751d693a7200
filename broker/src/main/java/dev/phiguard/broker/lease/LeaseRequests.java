package dev.phiguard.broker.lease;

import dev.phiguard.policies.policy.LeaseLimits;
import dev.phiguard.policies.policy.Policy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a request into a new lease, or refuses it with a {@link LeaseRequestRefusedException} that says why.
 *
 * <ul>
 *   <li>The requester must match one of the policy's requester rules ({@link Policy#admits}).</li>
 *   <li>The TTL is the policy's {@code default_ttl} when none is named. A named TTL above {@code max_ttl} is
 *       <b>refused</b>, not silently capped: the requester's script asked for more time than it will get, and
 *       finding that out an hour into a job is worse than finding it out at once. Below one second, or not whole
 *       seconds, is refused.</li>
 *   <li>The reason may be empty (CI jobs often have none to give: their run claims say who and what); it is
 *       stripped, at most 1000 characters, one line, without control characters.</li>
 *   <li>{@code pendingDeadline = createdAt + pending_timeout}.</li>
 *   <li>When the policy requires no approval, the lease is {@link LeaseState#APPROVED} at once, with
 *       {@code expiresAt = createdAt + ttl}; otherwise it is {@link LeaseState#PENDING}.</li>
 * </ul>
 * A new lease has version 1. Timestamps are truncated to microseconds, the precision of the store's columns, so a
 * lease reads back equal to what was written.
 */
public final class LeaseRequests {

    /** The shortest TTL a request may name. */
    public static final Duration MIN_TTL = Duration.ofSeconds(1);

    private final Clock clock;
    private final SecureRandom random;

    /**
     * @param clock  the time source of {@code createdAt}
     * @param random the source of lease ids
     */
    public LeaseRequests(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** {@link #request(Policy, Principal, Optional, String)} with a fresh {@link SecureRandom} for the id. */
    public static Lease request(Policy policy, Principal requester, Optional<Duration> ttl, String reason,
                                Clock clock) {
        return new LeaseRequests(clock, new SecureRandom()).request(policy, requester, ttl, reason);
    }

    /**
     * A new lease for the policy's purpose.
     *
     * @param ttl    the requested time to live, or empty for the policy's {@code default_ttl}
     * @param reason the requester's reason; null or blank for none
     * @throws LeaseRequestRefusedException when the requester is not admitted, the TTL is out of bounds or the
     *                                      reason is not acceptable
     */
    public Lease request(Policy policy, Principal requester, Optional<Duration> ttl, String reason) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(ttl, "ttl");
        if (!policy.admits(requester.issuer(), requester.subject(), requester.groups(), requester.claims())) {
            throw new LeaseRequestRefusedException(LeaseRequestRefusedException.Reason.REQUESTER_NOT_ADMITTED,
                    requester.displayName() + " may not request leases for purpose " + policy.purpose()
                            + ": no requester rule of the policy matches this identity");
        }
        LeaseLimits limits = policy.lease();
        Duration granted = ttl.orElse(limits.defaultTtl());
        if (granted.compareTo(MIN_TTL) < 0 || granted.getNano() != 0) {
            throw new LeaseRequestRefusedException(LeaseRequestRefusedException.Reason.TTL_INVALID,
                    "a lease's TTL must be a whole number of seconds, at least " + MIN_TTL.toSeconds() + "s; got "
                            + describe(granted));
        }
        if (granted.compareTo(limits.maxTtl()) > 0) {
            throw new LeaseRequestRefusedException(LeaseRequestRefusedException.Reason.TTL_ABOVE_MAX,
                    "TTL " + describe(granted) + " is above the maximum of " + describe(limits.maxTtl())
                            + " for purpose " + policy.purpose() + "; ask for at most " + describe(limits.maxTtl())
                            + " (or leave the TTL out for the default of " + describe(limits.defaultTtl()) + ")");
        }
        String why = Texts.stripped(reason).orElse("");
        Optional<String> problem = Texts.problem(why);
        if (problem.isPresent()) {
            throw new LeaseRequestRefusedException(LeaseRequestRefusedException.Reason.REASON_INVALID, problem.get());
        }

        String id = LeaseIds.next(random);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String purpose = policy.purpose();
        String hash = RequestHash.of(id, purpose, limits.target(), granted, requester, why);
        boolean automatic = policy.approval().isAutomatic();
        return new Lease(id, 1, automatic ? LeaseState.APPROVED : LeaseState.PENDING, Optional.empty(),
                purpose, limits.target(), requester, granted, why, hash, policy.approval(), limits.maxSessions(),
                now, now.plus(limits.pendingTimeout()), List.of(),
                automatic ? Optional.of(now) : Optional.empty(),
                automatic ? Optional.of(now.plus(granted)) : Optional.empty(),
                false, 0, Optional.empty());
    }

    /** A duration as people write it in policies and on the command line: {@code 2h}, {@code 30m}, {@code 90s}. */
    static String describe(Duration duration) {
        if (duration.isNegative() || duration.isZero() || duration.getNano() != 0) {
            return duration.toString();
        }
        long seconds = duration.getSeconds();
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
