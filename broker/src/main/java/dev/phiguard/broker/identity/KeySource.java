package dev.phiguard.broker.identity;

import com.nimbusds.jose.jwk.JWKSet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Where the public keys that verify an issuer's tokens come from. */
public sealed interface KeySource permits KeySource.JwksUri, KeySource.JwksFile, KeySource.StaticKeys {

    /**
     * The issuer's JWKS endpoint ({@code jwks_uri}), fetched over HTTPS and cached. A token whose key id is not in
     * the cached set triggers a refresh (the issuer may have rotated its keys), but refreshes are rate limited: at
     * most two fetches per {@code minRefreshInterval}, so a flood of tokens with made-up key ids cannot hammer the
     * issuer. Plain {@code http} is accepted only for a loopback host (tests, a local issuer).
     *
     * @param uri                the JWKS URL
     * @param cacheTtl           how long a fetched key set is used before it is fetched again
     * @param minRefreshInterval the rate-limit window; must be shorter than {@code cacheTtl}
     */
    record JwksUri(URI uri, Duration cacheTtl, Duration minRefreshInterval) implements KeySource {

        public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);
        public static final Duration DEFAULT_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

        private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

        public JwksUri {
            Objects.requireNonNull(uri, "jwks_uri");
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
            if (uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException("jwks_uri must not carry credentials (user:password@); "
                        + "a JWKS endpoint is public");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || host.isEmpty()) {
                throw new IllegalArgumentException("jwks_uri \"" + Text.printable(uri.toString(), 200)
                        + "\" must be an absolute https:// URL");
            }
            if (!scheme.equals("https") && !(scheme.equals("http") && LOOPBACK.contains(host))) {
                throw new IllegalArgumentException("jwks_uri \"" + Text.printable(uri.toString(), 200)
                        + "\" must use https:// (http:// is accepted for localhost only)");
            }
            if (minRefreshInterval.isNegative() || minRefreshInterval.isZero()) {
                throw new IllegalArgumentException("the JWKS minimum refresh interval must be positive, got "
                        + Text.duration(minRefreshInterval));
            }
            if (cacheTtl.compareTo(minRefreshInterval) <= 0) {
                throw new IllegalArgumentException("the JWKS cache time-to-live (" + Text.duration(cacheTtl)
                        + ") must be longer than the minimum refresh interval ("
                        + Text.duration(minRefreshInterval) + ")");
            }
        }

        /** The endpoint with the default cache time-to-live (5 min) and refresh rate limit (30 s). */
        public JwksUri(URI uri) {
            this(uri, DEFAULT_CACHE_TTL, DEFAULT_MIN_REFRESH_INTERVAL);
        }
    }

    /**
     * A JWKS document on disk holding the issuer's public keys. It is read when the verifier is built; it must
     * not contain private keys.
     */
    record JwksFile(Path path) implements KeySource {
        public JwksFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Public keys held in memory, e.g. those of the {@link DevelopmentIssuer}. Private key material is refused.
     */
    record StaticKeys(JWKSet keys) implements KeySource {
        public StaticKeys {
            Objects.requireNonNull(keys, "keys");
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("a static key set must hold at least one public key");
            }
            if (keys.containsNonPublicKeys()) {
                throw new IllegalArgumentException("a static key set must hold public keys only; "
                        + "private or secret keys were given");
            }
        }
    }
}
