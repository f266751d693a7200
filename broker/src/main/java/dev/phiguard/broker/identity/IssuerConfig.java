package dev.phiguard.broker.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One trusted token issuer.
 *
 * @param issuer      the issuer exactly as in the tokens' {@code iss} claim (no normalisation: a trailing slash
 *                    matters)
 * @param audiences   a token is accepted when its {@code aud} names at least one of these
 * @param keys        where the issuer's public keys come from
 * @param algorithms  the signing algorithms accepted from this issuer (default RS256 and ES256)
 * @param clockSkew   tolerance applied to {@code exp}, {@code nbf} and {@code iat} (default 60 s, at most 5 min)
 * @param maxLifetime the longest lifetime ({@code exp} minus {@code iat}) accepted (default 24 h)
 * @param groupsClaim the claim holding the subject's groups (default {@code groups})
 */
public record IssuerConfig(String issuer, Set<String> audiences, KeySource keys, Set<SigningAlgorithm> algorithms,
                           Duration clockSkew, Duration maxLifetime, String groupsClaim) {

    public static final Set<SigningAlgorithm> DEFAULT_ALGORITHMS =
            Collections.unmodifiableSet(EnumSet.of(SigningAlgorithm.RS256, SigningAlgorithm.ES256));
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
    public static final String DEFAULT_GROUPS_CLAIM = "groups";

    /** The issuer of GitHub Actions OIDC tokens. */
    public static final String GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

    public IssuerConfig {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("an issuer needs its 'iss' value (e.g. " + GITHUB_ACTIONS_ISSUER + ")");
        }
        String name = "issuer \"" + Text.printable(issuer, 200) + "\"";
        if (audiences == null || audiences.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one expected audience (e.g. phiguard)");
        }
        for (String audience : audiences) {
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException(name + ": an audience must not be empty");
            }
        }
        audiences = Collections.unmodifiableSet(new TreeSet<>(audiences));
        Objects.requireNonNull(keys, () -> name + " needs a key source (jwks_uri or a JWKS file)");
        if (algorithms == null || algorithms.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one signing algorithm, e.g. "
                    + DEFAULT_ALGORITHMS);
        }
        algorithms = Collections.unmodifiableSet(EnumSet.copyOf(algorithms));
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException(name + ": clock skew must be between 0s and "
                    + Text.duration(MAX_CLOCK_SKEW) + ", got " + Text.duration(clockSkew));
        }
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        if (maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException(name + ": the maximum token lifetime must be positive, got "
                    + Text.duration(maxLifetime));
        }
        if (groupsClaim == null || groupsClaim.isBlank()) {
            throw new IllegalArgumentException(name + ": the groups claim name must not be empty (default "
                    + DEFAULT_GROUPS_CLAIM + ")");
        }
    }

    /** An issuer with one audience and the defaults for everything else. */
    public static IssuerConfig of(String issuer, String audience, KeySource keys) {
        return new IssuerConfig(issuer, Set.of(audience == null ? "" : audience), keys, DEFAULT_ALGORITHMS,
                DEFAULT_CLOCK_SKEW, DEFAULT_MAX_LIFETIME, DEFAULT_GROUPS_CLAIM);
    }

    /** GitHub Actions: tokens requested by a workflow with {@code id-token: write} and this audience. */
    public static IssuerConfig githubActions(String audience) {
        return of(GITHUB_ACTIONS_ISSUER, audience,
                new KeySource.JwksUri(URI.create(GITHUB_ACTIONS_ISSUER + "/.well-known/jwks")))
                .withAlgorithms(EnumSet.of(SigningAlgorithm.RS256));
    }

    /**
     * A GitLab instance's CI/CD ID tokens ({@code id_tokens:} with this {@code aud}).
     *
     * @param instance the instance URL, e.g. {@code https://gitlab.com}; it is the tokens' {@code iss}
     */
    public static IssuerConfig gitlab(URI instance, String audience) {
        String base = instance.toString().replaceAll("/+$", "");
        return of(base, audience, new KeySource.JwksUri(URI.create(base + "/oauth/discovery/keys")))
                .withAlgorithms(EnumSet.of(SigningAlgorithm.RS256));
    }

    public IssuerConfig withAudiences(Set<String> newAudiences) {
        return new IssuerConfig(issuer, newAudiences, keys, algorithms, clockSkew, maxLifetime, groupsClaim);
    }

    public IssuerConfig withAlgorithms(Set<SigningAlgorithm> newAlgorithms) {
        return new IssuerConfig(issuer, audiences, keys, newAlgorithms, clockSkew, maxLifetime, groupsClaim);
    }

    public IssuerConfig withClockSkew(Duration newClockSkew) {
        return new IssuerConfig(issuer, audiences, keys, algorithms, newClockSkew, maxLifetime, groupsClaim);
    }

    public IssuerConfig withMaxLifetime(Duration newMaxLifetime) {
        return new IssuerConfig(issuer, audiences, keys, algorithms, clockSkew, newMaxLifetime, groupsClaim);
    }

    public IssuerConfig withGroupsClaim(String newGroupsClaim) {
        return new IssuerConfig(issuer, audiences, keys, algorithms, clockSkew, maxLifetime, newGroupsClaim);
    }

    public IssuerConfig withKeys(KeySource newKeys) {
        return new IssuerConfig(issuer, audiences, newKeys, algorithms, clockSkew, maxLifetime, groupsClaim);
    }
}
