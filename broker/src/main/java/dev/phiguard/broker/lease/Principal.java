package dev.phiguard.broker.lease;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who acts on a lease: the requester, an approver, or whoever revokes it. This is the lease domain's own small view
 * of a verified identity (the identity module turns a verified token into one of these); it holds no token and no
 * secret, so it may be logged and shown.
 *
 * <p>Two principals are the same person when issuer and subject are equal ({@link #sameIdentityAs}); groups and
 * claims describe them but do not identify them.
 *
 * @param issuer  the token issuer ({@code iss}), or {@code local} for the broker's development issuer
 * @param subject the token subject ({@code sub})
 * @param groups  the groups the identity belongs to (sorted, unmodifiable)
 * @param claims  the CI run's claims as strings, e.g. {@code repository}, {@code run_id} (sorted, unmodifiable)
 */
public record Principal(String issuer, String subject, Set<String> groups, Map<String, String> claims) {

    public Principal {
        issuer = nonBlank(issuer, "issuer");
        subject = nonBlank(subject, "subject");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(claims, "claims");
        groups = Collections.unmodifiableSet(new TreeSet<>(groups));
        claims = Collections.unmodifiableMap(new TreeMap<>(claims));
    }

    /** A principal with groups and no claims. */
    public static Principal of(String issuer, String subject, Collection<String> groups) {
        return new Principal(issuer, subject, Set.copyOf(groups), Map.of());
    }

    /** Whether {@code other} is the same identity: same issuer and same subject. */
    public boolean sameIdentityAs(Principal other) {
        return issuer.equals(other.issuer) && subject.equals(other.subject);
    }

    /** {@code subject (issuer)}, for messages. */
    public String displayName() {
        return subject + " (" + issuer + ")";
    }

    private static String nonBlank(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("a principal's " + what + " must not be blank");
        }
        return value;
    }
}
