package dev.phiguard.broker.identity;

import com.nimbusds.jose.JWSHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The tokens a {@link TokenVerifier} accepted recently, so that a client calling the API several times with one
 * token (a CI job: request, wait, fetch, end) pays for the signature check once.
 *
 * <p>An entry is keyed by the SHA-256 of the exact token string (the token itself is not kept) and holds what the
 * verification established: the issuer, the token's header, the public key whose signature check succeeded, the
 * time claims and the identity. It is not an answer on its own: {@link TokenVerifier} accepts a hit only after
 * checking again that the issuer's current key set still selects that very key for the header (so a key retired
 * at a refresh ends its tokens at once) and that the time claims still hold on the clock. Refused tokens are never
 * remembered. Bounded, least recently used.
 *
 * <p>Thread-safe.
 */
final class VerifiedTokens {

    /** The most tokens remembered. */
    static final int MAX_ENTRIES = 10_000;

    /**
     * What one successful verification established.
     *
     * @param issuer   the token's {@code iss}, naming the trusted issuer whose keys verified it
     * @param header   the token's header, to select the issuer's current keys with
     * @param key      the encoded form ({@link Key#getEncoded()}) of the public key that verified the signature
     * @param times    the token's time claims
     * @param identity the identity the token became
     */
    record Verified(String issuer, JWSHeader header, byte[] key, ClaimsCheck.Times times, Identity identity) {
        Verified {
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(header, "header");
            key = key.clone();
            Objects.requireNonNull(times, "times");
            Objects.requireNonNull(identity, "identity");
        }

        /** Whether {@code candidate} is the key that verified the token (same algorithm, same encoding). */
        boolean verifiedWith(Key candidate) {
            byte[] encoded = candidate.getEncoded();
            return encoded != null && MessageDigest.isEqual(key, encoded);
        }

        @Override
        public byte[] key() {
            return key.clone();
        }
    }

    /** The SHA-256 of a token string; compared by content. */
    static final class Digest {
        private final byte[] hash;

        private Digest(byte[] hash) {
            this.hash = hash;
        }

        static Digest of(String token) {
            try {
                return new Digest(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Digest digest && Arrays.equals(hash, digest.hash);
        }

        @Override
        public int hashCode() {
            return ByteBuffer.wrap(hash).getInt();
        }

        @Override
        public String toString() {
            return "Digest[sha-256]";
        }
    }

    private final int maxEntries;
    private final LinkedHashMap<Digest, Verified> byDigest;

    VerifiedTokens() {
        this(MAX_ENTRIES);
    }

    VerifiedTokens(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the token cache must hold at least one entry, got " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.byDigest = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Digest, Verified> eldest) {
                return size() > VerifiedTokens.this.maxEntries;
            }
        };
    }

    /** What the verification of this token established before, or null. */
    Verified find(Digest digest) {
        synchronized (byDigest) {
            return byDigest.get(digest);
        }
    }

    void remember(Digest digest, Verified verified) {
        synchronized (byDigest) {
            byDigest.put(digest, verified);
        }
    }

    void forget(Digest digest) {
        synchronized (byDigest) {
            byDigest.remove(digest);
        }
    }

    int size() {
        synchronized (byDigest) {
            return byDigest.size();
        }
    }
}
