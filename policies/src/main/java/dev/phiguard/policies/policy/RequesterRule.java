package dev.phiguard.policies.policy;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may request a lease for the purpose: identities from one token issuer, narrowed by subject, groups and
 * claims. A requester is admitted when any one rule of the policy matches.
 *
 * @param issuer  the token issuer, exactly as in the token's {@code iss} claim, or {@value #LOCAL_ISSUER} for the
 *                broker's local development issuer
 * @param subject if present, the token subject must match this glob
 * @param groups  if not empty, the identity must be in at least one of these groups
 * @param claims  every named claim must be present and match its glob (e.g. {@code repository: acme/etl})
 */
public record RequesterRule(String issuer, Optional<Glob> subject, Set<String> groups, Map<String, Glob> claims) {

    /** The name of the broker's local development token issuer. */
    public static final String LOCAL_ISSUER = "local";

    public RequesterRule {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        groups = Set.copyOf(groups);
        claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        if (subject.isEmpty() && groups.isEmpty() && claims.isEmpty()) {
            throw new IllegalArgumentException("a requester rule must name a subject, groups or claims");
        }
    }

    /**
     * Whether an identity matches this rule.
     *
     * @param tokenIssuer the verified token's issuer ({@value #LOCAL_ISSUER} for the local issuer)
     * @param tokenSubject the verified token's subject
     * @param tokenGroups the groups the identity belongs to
     * @param tokenClaims the token's claims rendered as strings; a claim missing here does not match
     */
    public boolean matches(String tokenIssuer, String tokenSubject, Collection<String> tokenGroups,
                           Map<String, String> tokenClaims) {
        if (!issuer.equals(tokenIssuer)) {
            return false;
        }
        if (subject.isPresent() && !subject.get().matches(tokenSubject)) {
            return false;
        }
        if (!groups.isEmpty() && tokenGroups.stream().noneMatch(groups::contains)) {
            return false;
        }
        return claims.entrySet().stream().allMatch(claim -> claim.getValue().matches(tokenClaims.get(claim.getKey())));
    }
}
