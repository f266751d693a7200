package dev.phiguard.proxy.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The SCRAM keys of a credential: derived once per (password, salt, iteration count), and only for that. */
class ScramClientKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SALT = "sixteen byte salt".substring(0, 16).getBytes(UTF_8);

    private final ScramClientKeys keys = new ScramClientKeys();

    @Test
    void theKeysAreThoseOfTheVerifierPostgresqlWouldStore() throws Exception {
        ScramClientKeys.Keys derived = keys.keysFor("pencil".toCharArray(), SALT, 4096);

        ScramVerifier verifier = ScramVerifier.derive("pencil".toCharArray(), SALT, 4096);
        assertThat(MessageDigest.getInstance("SHA-256").digest(derived.clientKey())).isEqualTo(verifier.storedKey());
        assertThat(derived.serverKey()).isEqualTo(verifier.serverKey());
    }

    @Test
    void theSamePasswordSaltAndCountAreDerivedOnce() {
        ScramClientKeys.Keys first = keys.keysFor("pencil".toCharArray(), SALT, 16);
        ScramClientKeys.Keys second = keys.keysFor("pencil".toCharArray(), SALT.clone(), 16);

        assertThat(second).isEqualTo(first);
        assertThat(keys.derivations()).isEqualTo(1);
    }

    @Test
    void anotherSaltCountOrPasswordIsAnotherEntry() {
        ScramClientKeys.Keys original = keys.keysFor("pencil".toCharArray(), SALT, 16);
        byte[] otherSalt = SALT.clone();
        otherSalt[15] ^= 1;

        ScramClientKeys.Keys newSalt = keys.keysFor("pencil".toCharArray(), otherSalt, 16);
        ScramClientKeys.Keys newCount = keys.keysFor("pencil".toCharArray(), SALT, 17);
        ScramClientKeys.Keys newPassword = keys.keysFor("pencil2".toCharArray(), SALT, 16);

        assertThat(keys.derivations()).isEqualTo(4);
        assertThat(java.util.List.of(newSalt, newCount, newPassword)).doesNotContain(original).doesNotHaveDuplicates();
        assertThat(newPassword).isEqualTo(new ScramClientKeys().keysFor("pencil2".toCharArray(), SALT, 16));
        assertThat(keys.keysFor("pencil".toCharArray(), SALT, 16)).isEqualTo(original);
        assertThat(keys.derivations()).isEqualTo(4);
    }

    @Test
    void atMostMaxEntriesAreKeptAndTheLeastRecentlyUsedGoesFirst() {
        byte[][] salts = new byte[ScramClientKeys.MAX_ENTRIES + 1][];
        for (int i = 0; i < salts.length; i++) {
            salts[i] = new byte[16];
            RANDOM.nextBytes(salts[i]);
        }
        for (int i = 0; i < ScramClientKeys.MAX_ENTRIES; i++) {
            keys.keysFor("pw".toCharArray(), salts[i], 1);
        }
        keys.keysFor("pw".toCharArray(), salts[0], 1); // salts[0] is now the most recently used

        keys.keysFor("pw".toCharArray(), salts[ScramClientKeys.MAX_ENTRIES], 1);

        assertThat(keys.size()).isEqualTo(ScramClientKeys.MAX_ENTRIES);
        long derived = keys.derivations();
        keys.keysFor("pw".toCharArray(), salts[0], 1);
        assertThat(keys.derivations()).as("salts[0] was kept").isEqualTo(derived);
        keys.keysFor("pw".toCharArray(), salts[1], 1);
        assertThat(keys.derivations()).as("salts[1] was dropped").isEqualTo(derived + 1);
    }

    @Test
    void theCallersPasswordIsLeftAloneAndNothingPrintedShowsAKey() {
        char[] password = "pencil".toCharArray();
        ScramClientKeys.Keys derived = keys.keysFor(password, SALT, 16);

        assertThat(password).containsExactly("pencil".toCharArray());
        assertThat(keys.toString()).isEqualTo("ScramClientKeys[1 entries]");
        assertThat(derived.toString()).isEqualTo("Keys[redacted]");
    }

    @Test
    void anIterationCountBelowOneIsRefused() {
        assertThatThrownBy(() -> keys.keysFor("pw".toCharArray(), SALT, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
