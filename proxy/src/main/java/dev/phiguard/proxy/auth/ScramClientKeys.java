package dev.phiguard.proxy.auth;

import com.ongres.scram.common.ScramFunctions;
import com.ongres.scram.common.StringPreparation;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SCRAM-SHA-256 {@code ClientKey} and {@code ServerKey} that the proxy derived from an upstream password, kept
 * per (password, salt, iteration count) so that logging in again to a server that answers with the same salt and
 * count skips PBKDF2, the costly part of a SCRAM login (RFC 5802: the keys depend on nothing else).
 *
 * <p>One instance belongs to one upstream credential ({@link dev.phiguard.proxy.port.UpstreamLogin} holds it) and
 * lives as long as that object; there is no process-wide cache. The password is part of the key all the same, as
 * {@code HMAC-SHA-256(k, password)} under a random key {@code k} of this instance, so a cache handed a different
 * password derives afresh instead of answering with another password's keys. A server whose salt or count changed
 * (a new password was set, or another server answers) is a different key too: the keys are derived again and the
 * login proceeds exactly as without the cache; the server still checks the proof and the proxy still checks the
 * server's signature. At most {@value #MAX_ENTRIES} entries, least recently used first out.
 *
 * <p>The keys are as sensitive as the password (they suffice to log in to that server): they stay in this object,
 * are never logged, and {@link #toString} shows only the number of entries. Thread-safe: the sessions of one
 * credential log in from several event loops.
 */
public final class ScramClientKeys {

    /** The most (password, salt, iteration count) combinations remembered. */
    public static final int MAX_ENTRIES = 16;

    private static final String HMAC = "HmacSHA256";

    /** The derived keys; copies go out, the cached arrays stay here. */
    record Keys(byte[] clientKey, byte[] serverKey) {
        Keys {
            clientKey = clientKey.clone();
            serverKey = serverKey.clone();
        }

        @Override
        public byte[] clientKey() {
            return clientKey.clone();
        }

        @Override
        public byte[] serverKey() {
            return serverKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Keys that && Arrays.equals(clientKey, that.clientKey)
                    && Arrays.equals(serverKey, that.serverKey);
        }

        @Override
        public int hashCode() {
            return 0; // no bit of a key leaks through a hash
        }

        @Override
        public String toString() {
            return "Keys[redacted]";
        }
    }

    private record Entry(byte[] password, byte[] salt, int iterations) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that && iterations == that.iterations
                    && Arrays.equals(password, that.password) && Arrays.equals(salt, that.salt);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(password) + Arrays.hashCode(salt)) + iterations;
        }
    }

    private final byte[] fingerprintKey = new byte[32];
    private final AtomicLong derivations = new AtomicLong();
    private final LinkedHashMap<Entry, Keys> keys = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Entry, Keys> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public ScramClientKeys() {
        new SecureRandom().nextBytes(fingerprintKey);
    }

    /**
     * The keys of {@code password} for a server's salt and iteration count: from memory, or derived now (PBKDF2
     * with {@code iterations} rounds after SASLprep as PostgreSQL applies it) and remembered.
     *
     * @param password   the password; not kept (only its keyed hash is), the caller keeps and clears its array
     * @param salt       the salt of the server-first-message, decoded
     * @param iterations the iteration count of the server-first-message, at least 1
     */
    Keys keysFor(char[] password, byte[] salt, int iterations) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1) {
            throw new IllegalArgumentException("SCRAM iteration count must be at least 1");
        }
        Entry entry = new Entry(fingerprint(password), salt.clone(), iterations);
        synchronized (keys) {
            Keys known = keys.get(entry);
            if (known != null) {
                return known;
            }
        }
        Keys derived = derive(password, salt, iterations); // outside the lock: PBKDF2 takes a while
        derivations.incrementAndGet();
        synchronized (keys) {
            keys.put(entry, derived);
        }
        return derived;
    }

    /** How many times PBKDF2 ran for this credential (for tests and diagnostics). */
    public long derivations() {
        return derivations.get();
    }

    int size() {
        synchronized (keys) {
            return keys.size();
        }
    }

    private static Keys derive(char[] password, byte[] salt, int iterations) {
        byte[] saltedPassword = ScramFunctions.saltedPassword(ScramVerifier.MECHANISM,
                StringPreparation.POSTGRESQL_PREPARATION, password, salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(ScramVerifier.MECHANISM, saltedPassword);
        byte[] serverKey = ScramFunctions.serverKey(ScramVerifier.MECHANISM, saltedPassword);
        try {
            return new Keys(clientKey, serverKey);
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
            Arrays.fill(clientKey, (byte) 0);
            Arrays.fill(serverKey, (byte) 0);
        }
    }

    private byte[] fingerprint(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(fingerprintKey, HMAC));
            mac.update(encoded);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
        } finally {
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "ScramClientKeys[" + size() + " entries]";
    }
}
