package dev.phiguard.broker.identity;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;

/**
 * The claims checks of one issuer, on the injected clock. Nimbus runs it only after the signature verified, so a
 * forged token is reported as a bad signature, never as "expired".
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

    /** A claims check failed; carries the reason and the client-safe message. */
    static final class Rejected extends BadJWTException {
        private final InvalidTokenException.Reason reason;

        Rejected(InvalidTokenException.Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        InvalidTokenException toInvalidToken() {
            return new InvalidTokenException(reason, getMessage());
        }
    }

    private final IssuerConfig config;
    private final Clock clock;

    ClaimsCheck(IssuerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        if (!config.issuer().equals(claims.getIssuer())) {
            // the issuer picked the keys, so this cannot differ; checked anyway on the verified claims
            throw new Rejected(InvalidTokenException.Reason.UNKNOWN_ISSUER, "issuer mismatch");
        }
        Instant now = clock.instant();
        Instant expiry = instant(claims.getExpirationTime());
        if (expiry == null) {
            throw new Rejected(InvalidTokenException.Reason.INVALID_CLAIMS, "token has no expiry (exp)");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant issuedAt = instant(claims.getIssueTime());
        checkTimes(new Times(expiry, notBefore, issuedAt), now);
        List<String> audience = claims.getAudience();
        if (audience.stream().noneMatch(config.audiences()::contains)) {
            throw new Rejected(InvalidTokenException.Reason.AUDIENCE_MISMATCH, "audience mismatch");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new Rejected(InvalidTokenException.Reason.INVALID_CLAIMS, "token has no subject (sub)");
        }
        Instant start = issuedAt != null ? issuedAt : notBefore != null ? notBefore : now;
        if (Duration.between(start, expiry).compareTo(config.maxLifetime()) > 0) {
            throw new Rejected(InvalidTokenException.Reason.INVALID_CLAIMS,
                    "token lifetime exceeds the issuer's limit of " + Text.duration(config.maxLifetime()));
        }
    }

    /**
     * The time claims of a token whose signature and other claims were verified before.
     *
     * @param expiry    {@code exp}
     * @param notBefore {@code nbf}, or null
     * @param issuedAt  {@code iat}, or null
     */
    record Times(Instant expiry, Instant notBefore, Instant issuedAt) {
        Times {
            Objects.requireNonNull(expiry, "expiry");
        }

        static Times of(JWTClaimsSet claims) {
            return new Times(instant(claims.getExpirationTime()), instant(claims.getNotBeforeTime()),
                    instant(claims.getIssueTime()));
        }
    }

    /**
     * The checks of {@code exp}, {@code nbf} and {@code iat} against the clock, with the issuer's skew: the only
     * checks whose outcome changes while a token lives, so {@link TokenVerifier} repeats them when it answers a
     * token it verified before.
     */
    void checkTimes(Times times) throws Rejected {
        checkTimes(times, clock.instant());
    }

    private void checkTimes(Times times, Instant now) throws Rejected {
        Duration skew = config.clockSkew();
        if (!now.isBefore(times.expiry().plus(skew))) {
            throw new Rejected(InvalidTokenException.Reason.EXPIRED, "token expired");
        }
        if ((times.notBefore() != null && now.plus(skew).isBefore(times.notBefore()))
                || (times.issuedAt() != null && now.plus(skew).isBefore(times.issuedAt()))) {
            throw new Rejected(InvalidTokenException.Reason.NOT_YET_VALID, "token not yet valid");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
