package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.ALICE;
import static dev.phiguard.broker.lease.Leases.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.broker.lease.IllegalTransitionException.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CredentialMinterTest {

    private static final Instant APPROVED_AT = T0.plusSeconds(60);
    private static final Instant NOW = APPROVED_AT.plusSeconds(5);
    private static final Pattern VERIFIER = Pattern.compile(
            "SCRAM-SHA-256\\$(\\d+):([A-Za-z0-9+/=]+)\\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final CredentialMinter minter = new CredentialMinter(new SecureRandom());

    private static Lease approved() {
        return Leases.approve(Leases.pending(Leases.policy()), ALICE, APPROVED_AT);
    }

    @Test
    void aFetchMintsACredentialNamedAfterTheLeaseAndRecordsIt() {
        Lease lease = approved();
        try (IssuedCredential issued = minter.issue(lease, NOW)) {
            assertThat(issued.lease().credentialIssued()).isTrue();
            assertThat(issued.lease().state()).isEqualTo(LeaseState.APPROVED);
            assertThat(issued.lease().version()).isEqualTo(lease.version() + 1);
            assertThat(issued.credential().userName()).isEqualTo(lease.id());
            char[] password = issued.credential().password();
            assertThat(password).hasSize(32);
            assertThat(new String(password).chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0 && c < 0x80);
            assertThat(issued.credential().scramVerifier()).matches(VERIFIER);
        }
    }

    @Test
    void aSecondFetchIsRefused() {
        Lease fetched = minter.issue(approved(), NOW).lease();
        assertThatThrownBy(() -> minter.issue(fetched, NOW.plusSeconds(1)))
                .isInstanceOf(CredentialAlreadyFetchedException.class)
                .hasMessageContaining("CredentialIssued refused: its credential was already fetched and is shown "
                        + "only once")
                .extracting(e -> ((IllegalTransitionException) e).code()).isEqualTo("credential_already_fetched");
        Lease active = LeaseTransitions.apply(fetched, new LeaseEvent.SessionOpened(), NOW.plusSeconds(2));
        assertThatThrownBy(() -> minter.issue(active, NOW.plusSeconds(3)))
                .isInstanceOf(CredentialAlreadyFetchedException.class);
    }

    @Test
    void aRefusedFetchMintsNothing() {
        AtomicInteger draws = new AtomicInteger();
        SecureRandom counting = new SecureRandom() {
            @Override
            public synchronized void nextBytes(byte[] bytes) {
                draws.incrementAndGet();
                super.nextBytes(bytes);
            }
        };
        CredentialMinter countingMinter = new CredentialMinter(counting);
        Lease pending = Leases.pending(Leases.policy());
        assertThatThrownBy(() -> countingMinter.issue(pending, NOW))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.WRONG_STATE));
        Lease lease = approved();
        assertThatThrownBy(() -> countingMinter.issue(lease, lease.expiresAt().orElseThrow()))
                .isInstanceOfSatisfying(IllegalTransitionException.class,
                        e -> assertThat(e.refusal()).isEqualTo(Refusal.DEADLINE_PASSED));
        assertThat(draws).hasValue(0);
        countingMinter.issue(lease, NOW).close();
        assertThat(draws.get()).as("the counting random is the one used").isPositive();
    }

    @Test
    void passwordsCarryAtLeast128BitsSpreadOverTheWholeAlphabet() {
        assertThat(CredentialMinter.PASSWORD_BITS).isEqualTo(192).isGreaterThanOrEqualTo(128);
        assertThat(ALPHABET.chars().distinct().count()).isEqualTo(64);
        assertThat(new String(CredentialMinter.ALPHABET)).isEqualTo(ALPHABET);

        int samples = 4000;
        long[] counts = new long[128];
        List<Set<Character>> perPosition = new ArrayList<>();
        for (int p = 0; p < CredentialMinter.PASSWORD_LENGTH; p++) {
            perPosition.add(new HashSet<>());
        }
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < samples; i++) {
            char[] password = minter.newPassword();
            assertThat(password).hasSize(CredentialMinter.PASSWORD_LENGTH);
            distinct.add(new String(password));
            for (int p = 0; p < password.length; p++) {
                assertThat(ALPHABET.indexOf(password[p])).isNotNegative();
                counts[password[p]]++;
                perPosition.get(p).add(password[p]);
            }
        }
        assertThat(distinct).hasSize(samples);
        // chi-square over the 64 symbols: 63 degrees of freedom, mean 63, sd ~11; 160 is far out in the tail
        double expected = samples * (double) CredentialMinter.PASSWORD_LENGTH / 64;
        double chiSquare = ALPHABET.chars().mapToDouble(c -> Math.pow(counts[c] - expected, 2) / expected).sum();
        assertThat(chiSquare).as("chi-square of symbol counts").isLessThan(160);
        assertThat(perPosition).allSatisfy(symbols -> assertThat(symbols).as("symbols seen at one position")
                .hasSize(64));
    }

    @Test
    void theVerifierMatchesAnIndependentDerivationOfThePassword() throws Exception {
        try (IssuedCredential issued = minter.issue(approved(), NOW)) {
            Matcher m = VERIFIER.matcher(issued.credential().scramVerifier());
            assertThat(m.matches()).isTrue();
            byte[] salt = Base64.getDecoder().decode(m.group(2));
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(CredentialMinter.ITERATIONS).isEqualTo(16);
            assertThat(salt).hasSize(16);

            byte[] saltedPassword = pbkdf2(new String(issued.credential().password()).getBytes(StandardCharsets.UTF_8),
                    salt, 16);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            assertThat(Base64.getDecoder().decode(m.group(3))).as("StoredKey").isEqualTo(sha256(clientKey));
            assertThat(Base64.getDecoder().decode(m.group(4))).as("ServerKey")
                    .isEqualTo(hmac(saltedPassword, "Server Key"));
        }
    }

    @Test
    void aScramExchangeWithThePasswordSucceedsAgainstTheVerifierAndFailsWithAnother() throws Exception {
        try (IssuedCredential issued = minter.issue(approved(), NOW)) {
            String verifier = issued.credential().scramVerifier();
            char[] password = issued.credential().password();
            assertThat(exchange(verifier, new String(password))).isTrue();
            char[] wrong = password.clone();
            wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
            assertThat(exchange(verifier, new String(wrong))).isFalse();
        }
    }

    @Test
    void rfc7677TestVector() throws Exception {
        byte[] salt = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
        String verifier = CredentialMinter.scramVerifier("pencil".toCharArray(), salt, 4096);
        Matcher m = VERIFIER.matcher(verifier);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(2)).isEqualTo("W22ZaJ0SNY7soEsUEjb6gQ==");
        byte[] storedKey = Base64.getDecoder().decode(m.group(3));
        byte[] serverKey = Base64.getDecoder().decode(m.group(4));
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] clientKey = xor(proof, hmac(storedKey, authMessage));
        assertThat(sha256(clientKey)).as("the RFC's client proof verifies").isEqualTo(storedKey);
        assertThat(Base64.getEncoder().encodeToString(hmac(serverKey, authMessage)))
                .as("the RFC's server signature").isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void everyCredentialHasItsOwnSalt() {
        Set<String> salts = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Matcher m = VERIFIER.matcher(minter.mint("lease-abcdefghijklmnop").scramVerifier());
            assertThat(m.matches()).isTrue();
            salts.add(m.group(2));
        }
        assertThat(salts).hasSize(5);
    }

    @Test
    void toStringRevealsNeitherPasswordNorVerifier() {
        IssuedCredential issued = minter.issue(approved(), NOW);
        MintedCredential credential = issued.credential();
        String password = new String(credential.password());
        Matcher m = VERIFIER.matcher(credential.scramVerifier());
        assertThat(m.matches()).isTrue();
        for (String text : new String[] {credential.toString(), issued.toString(), issued.lease().toString()}) {
            assertThat(text).doesNotContain(password, password.substring(0, 8), credential.scramVerifier(),
                    m.group(2), m.group(3), m.group(4), "SCRAM");
        }
        assertThat(credential.toString()).isEqualTo("MintedCredential[userName=" + issued.lease().id()
                + ", password=<redacted>, scramVerifier=<redacted>]");
        assertThat(credential.hashCode()).isNotEqualTo(Arrays.hashCode(credential.password()));
    }

    @Test
    void closeWipesThePassword() {
        IssuedCredential issued = minter.issue(approved(), NOW);
        char[] password = issued.credential().password();
        issued.close();
        assertThat(new String(password)).isEqualTo("\0".repeat(32));
    }

    @Test
    void onlyPrintableAsciiPasswordsAreAccepted() {
        assertThatThrownBy(() -> CredentialMinter.scramVerifier("pässword".toCharArray(), new byte[16], 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII")
                .hasMessageNotContaining("pässword");
    }

    // ---- an independent SCRAM-SHA-256 implementation (RFC 5802) ----

    /** Client and server messages of one exchange; the server only knows the verifier. */
    private static boolean exchange(String verifier, String password) throws Exception {
        Matcher m = VERIFIER.matcher(verifier);
        assertThat(m.matches()).isTrue();
        int iterations = Integer.parseInt(m.group(1));
        String salt = m.group(2);
        byte[] storedKey = Base64.getDecoder().decode(m.group(3));
        byte[] serverKey = Base64.getDecoder().decode(m.group(4));
        byte[] nonceBytes = new byte[18];
        new SecureRandom().nextBytes(nonceBytes);
        String clientNonce = Base64.getEncoder().encodeToString(nonceBytes);
        String nonce = clientNonce + "server";
        String authMessage = "n=,r=" + clientNonce + ",r=" + nonce + ",s=" + salt + ",i=" + iterations
                + ",c=biws,r=" + nonce;

        // client: from the password only
        byte[] salted = pbkdf2(password.getBytes(StandardCharsets.UTF_8), Base64.getDecoder().decode(salt),
                iterations);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] proof = xor(clientKey, hmac(sha256(clientKey), authMessage));
        byte[] expectedServerSignature = hmac(hmac(salted, "Server Key"), authMessage);

        // server: from the verifier only
        byte[] recoveredClientKey = xor(proof, hmac(storedKey, authMessage));
        boolean clientOk = MessageDigest.isEqual(sha256(recoveredClientKey), storedKey);
        boolean serverOk = MessageDigest.isEqual(hmac(serverKey, authMessage), expectedServerSignature);
        return clientOk && serverOk;
    }

    /** PBKDF2-HMAC-SHA-256 written out (RFC 8018), one 32-byte block, not via SecretKeyFactory. */
    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(password, "HmacSHA256"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] result = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
