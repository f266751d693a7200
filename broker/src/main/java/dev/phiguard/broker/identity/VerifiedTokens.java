package dev.phiguard.broker.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens a {@link TokenVerifier} accepted recently, so that a client calling the API several times with one
 * token (a CI job: request, wait, fetch, end) pays for the signature check once. Entries are keyed by the token's
 * SHA-256 (the token itself is not kept) and answered only before the identity's {@code exp}; refused tokens are
 * never cached. Bounded, least recently used.
 */
final class VerifiedTokens {

    /** The most tokens remembered. */
    static final int MAX_ENTRIES = 10_000;

    private final Clock clock;
    private final LinkedHashMap<String, Identity> byDigest = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Identity> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** The identity of a token accepted before, while it has not expired. */
    Optional<Identity> find(String token) {
        String digest = digest(token);
        synchronized (byDigest) {
            Identity identity = byDigest.get(digest);
            if (identity == null) {
                return Optional.empty();
            }
            if (!clock.instant().isBefore(identity.expiresAt())) {
                byDigest.remove(digest);
                return Optional.empty();
            }
            return Optional.of(identity);
        }
    }

    /** Remembers an accepted token until its expiry. */
    void remember(String token, Identity identity) {
        if (clock.instant().isBefore(identity.expiresAt())) {
            String digest = digest(token);
            synchronized (byDigest) {
                byDigest.put(digest, identity);
            }
        }
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** For tests: whether an entry exists (expired or not). */
    int size() {
        synchronized (byDigest) {
            return byDigest.size();
        }
    }

    Instant now() {
        return clock.instant();
    }
}
