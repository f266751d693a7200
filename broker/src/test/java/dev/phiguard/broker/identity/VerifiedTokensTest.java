package dev.phiguard.broker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.phiguard.broker.identity.InvalidTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The memory of accepted tokens in {@link TokenVerifier}: a token verified before skips the signature check, but
 * never outlives its key in the issuer's current key set, its time claims, or its exact string. The signature
 * checks are counted at the verifier factory nimbus uses.
 */
class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String AUDIENCE = "phiguard";
    private static final String ISSUER = "https://ci.example.com";

    private static final ECKey KEY = Keys.ec("corp-1");
    private static final ECKey OTHER_KEY = Keys.ec("corp-2");
    /** Claims the kid of {@link #KEY}: what a forger would hold. */
    private static final ECKey FORGER_KEY = Keys.ec("corp-1");
    private static final RSAKey REMOTE_1 = Keys.rsa("key-1");
    private static final RSAKey REMOTE_2 = Keys.rsa("key-2");
    /** Another key published later under key-1's kid. */
    private static final RSAKey REMOTE_1_REPLACED = Keys.rsa("key-1");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final MovableClock clock = new MovableClock(NOW);
    private final CountingVerifiers signatures = new CountingVerifiers();
    private final List<String> minted = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void nothingSecretWasLogged() throws Exception {
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
        List<String> secrets = new ArrayList<>();
        minted.forEach(token -> secrets.addAll(Keys.secretsOfToken(token)));
        for (var key : List.of(KEY, OTHER_KEY, FORGER_KEY, REMOTE_1, REMOTE_2, REMOTE_1_REPLACED)) {
            secrets.addAll(Keys.secretsOf(key));
        }
        for (String line : logs.lines()) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
    }

    @Test
    void aTokenVerifiedBeforeIsAnsweredWithoutCheckingItsSignatureAgain() throws Exception {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(KEY)));
        String token = mint(KEY, claims("svc-etl").build());

        Identity first = verifier.verify(token);
        assertThat(signatures.created()).isEqualTo(1);

        for (int i = 0; i < 10; i++) {
            assertThat(verifier.verify(token)).isEqualTo(first);
        }
        assertThat(signatures.created()).isEqualTo(1);
        assertThat(first.subject()).isEqualTo("svc-etl");
    }

    @Test
    void theExpiryIsCheckedAgainOnEveryAnswerFromMemory() throws Exception {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(KEY)));
        String token = mint(KEY, claims("svc-etl").build()); // exp = NOW + 5 min, skew 60 s
        verifier.verify(token);

        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(59));
        assertThat(verifier.verify(token).subject()).isEqualTo("svc-etl");
        assertThat(signatures.created()).isEqualTo(1);

        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(60));
        assertRefused(verifier, token, Reason.EXPIRED, "token expired");
        assertRefused(verifier, token, Reason.EXPIRED, "token expired");
    }

    @Test
    void notBeforeIsCheckedAgainOnEveryAnswerFromMemory() throws Exception {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(KEY)));
        String token = mint(KEY, claims("svc-etl").build()); // nbf = iat = NOW
        verifier.verify(token);

        clock.set(NOW.minusSeconds(61)); // the clock was stepped back
        assertRefused(verifier, token, Reason.NOT_YET_VALID, "token not yet valid");
    }

    @Test
    void differentTokenStringsNeverShareAnEntry() throws Exception {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(KEY)));
        JWTClaimsSet claims = claims("svc-etl").build();
        String genuine = mint(KEY, claims);
        assertThat(verifier.verify(genuine).subject()).isEqualTo("svc-etl");

        // the same header and claims, signed by a forger under the same kid: only the signature differs
        String forged = mint(Tokens.sign(FORGER_KEY, claims));
        assertThat(forged.substring(0, forged.lastIndexOf('.')))
                .isEqualTo(genuine.substring(0, genuine.lastIndexOf('.')));
        assertRefused(verifier, forged, Reason.BAD_SIGNATURE, "bad signature");

        // another token of the same key is verified on its own and becomes its own identity
        String other = mint(KEY, claims("svc-report").build());
        assertThat(verifier.verify(other).subject()).isEqualTo("svc-report");
        assertThat(verifier.verify(genuine).subject()).isEqualTo("svc-etl");
        assertThat(signatures.created()).isEqualTo(3);

        // the same token with whitespace around it is another string: verified again, then remembered too
        assertThat(verifier.verify(" " + genuine + "\n").subject()).isEqualTo("svc-etl");
        assertThat(signatures.created()).isEqualTo(4);
    }

    @Test
    void refusalsAreNeverRemembered() {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(KEY)));
        String forged = mint(FORGER_KEY, claims("svc-etl").build());

        assertRefused(verifier, forged, Reason.BAD_SIGNATURE, "bad signature");
        assertRefused(verifier, forged, Reason.BAD_SIGNATURE, "bad signature");

        assertThat(signatures.created()).isEqualTo(2);
    }

    @Test
    void aTokenWhoseHeaderSelectsSeveralKeysIsVerifiedEveryTime() throws Exception {
        TokenVerifier verifier = verifier(new KeySource.StaticKeys(Keys.publicSet(OTHER_KEY, KEY)));
        String withoutKid = mint(Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), KEY,
                claims("svc-etl").build()));

        assertThat(verifier.verify(withoutKid).subject()).isEqualTo("svc-etl");
        assertThat(verifier.verify(withoutKid).subject()).isEqualTo("svc-etl");

        // nimbus tries both keys each time; which one verified is not known, so nothing is remembered
        assertThat(signatures.created()).isEqualTo(4);
    }

    @Test
    void aKeyRetiredAtARefreshEndsItsRememberedTokensAtOnce() throws Exception {
        try (JwksServer server = new JwksServer()) {
            server.serve(Keys.publicSet(REMOTE_1));
            TokenVerifier verifier = verifier(new KeySource.JwksUri(server.uri(), Duration.ofMinutes(5),
                    Duration.ofSeconds(30)));
            String old = mint(REMOTE_1, remoteClaims());
            assertThat(verifier.verify(old).subject()).isEqualTo("job");
            assertThat(verifier.verify(old).subject()).isEqualTo("job");
            assertThat(signatures.created()).isEqualTo(1);

            server.serve(Keys.publicSet(REMOTE_2)); // the issuer retires key-1
            assertThat(verifier.verify(mint(REMOTE_2, remoteClaims())).subject()).isEqualTo("job"); // refresh
            assertThat(server.requests()).isEqualTo(2);

            assertRefused(verifier, old, Reason.UNKNOWN_KEY, "unknown signing key");
            assertRefused(verifier, old, Reason.UNKNOWN_KEY, "unknown signing key");
            assertThat(server.requests()).isEqualTo(2);
        }
    }

    @Test
    void aKeyReplacedUnderTheSameKidEndsTheTokensOfTheOldOne() throws Exception {
        try (JwksServer server = new JwksServer()) {
            server.serve(Keys.publicSet(REMOTE_1));
            TokenVerifier verifier = verifier(new KeySource.JwksUri(server.uri(), Duration.ofMinutes(5),
                    Duration.ofSeconds(30)));
            String old = mint(REMOTE_1, remoteClaims());
            assertThat(verifier.verify(old).subject()).isEqualTo("job");

            server.serve(Keys.publicSet(REMOTE_1_REPLACED, REMOTE_2));
            assertThat(verifier.verify(mint(REMOTE_2, remoteClaims())).subject()).isEqualTo("job"); // refresh

            assertRefused(verifier, old, Reason.BAD_SIGNATURE, "bad signature");
        }
    }

    @Test
    void theMemoryIsBoundedAndDropsTheLeastRecentlyUsed() {
        VerifiedTokens tokens = new VerifiedTokens(2);
        VerifiedTokens.Digest a = VerifiedTokens.Digest.of("a");
        VerifiedTokens.Digest b = VerifiedTokens.Digest.of("b");
        VerifiedTokens.Digest c = VerifiedTokens.Digest.of("c");
        tokens.remember(a, verified("a"));
        tokens.remember(b, verified("b"));
        assertThat(tokens.find(a)).isNotNull(); // a is now more recent than b

        tokens.remember(c, verified("c"));

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.find(b)).isNull();
        assertThat(tokens.find(a).identity().subject()).isEqualTo("a");
        assertThat(tokens.find(c).identity().subject()).isEqualTo("c");
        assertThat(VerifiedTokens.MAX_ENTRIES).isEqualTo(10_000);
    }

    @Test
    void digestsAreComparedByContent() {
        assertThat(VerifiedTokens.Digest.of("x.y.z")).isEqualTo(VerifiedTokens.Digest.of(new String("x.y.z")))
                .hasSameHashCodeAs(VerifiedTokens.Digest.of("x.y.z"))
                .isNotEqualTo(VerifiedTokens.Digest.of("x.y.z "));
        assertThat(VerifiedTokens.Digest.of("x.y.z").toString()).doesNotContain("x.y.z");
    }

    // ---- helpers

    private TokenVerifier verifier(KeySource keys) {
        TokenVerifier verifier = new TokenVerifier(List.of(IssuerConfig.of(ISSUER, AUDIENCE, keys)), clock,
                TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH, signatures);
        closing.add(verifier);
        return verifier;
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return Tokens.timed(NOW, Duration.ofMinutes(5)).issuer(ISSUER).audience(AUDIENCE).subject(subject);
    }

    private static JWTClaimsSet remoteClaims() {
        return claims("job").build();
    }

    private String mint(com.nimbusds.jose.jwk.JWK key, JWTClaimsSet claims) {
        return mint(Tokens.sign(key, claims));
    }

    private String mint(String token) {
        minted.add(token);
        return token;
    }

    private static VerifiedTokens.Verified verified(String subject) {
        return new VerifiedTokens.Verified(ISSUER, new JWSHeader.Builder(JWSAlgorithm.ES256).build(), new byte[]{1},
                new ClaimsCheck.Times(NOW.plusSeconds(300), null, null),
                new Identity(ISSUER, subject, Set.of(), CiRun.NONE, java.util.Map.of(), NOW.plusSeconds(300)));
    }

    private static void assertRefused(TokenVerifier verifier, String token, Reason reason, String message) {
        InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class, () -> verifier.verify(token));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getMessage()).isEqualTo(message);
        assertThat(refused.reason()).isEqualTo(reason);
    }

    /** The verifiers nimbus creates, one per signature check of a token against one key, counted. */
    private static final class CountingVerifiers implements JWSVerifierFactory {
        private final DefaultJWSVerifierFactory real = new DefaultJWSVerifierFactory();
        private final AtomicInteger created = new AtomicInteger();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            created.incrementAndGet();
            return real.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return real.supportedJWSAlgorithms();
        }

        @Override
        public JCAContext getJCAContext() {
            return real.getJCAContext();
        }

        int created() {
            return created.get();
        }
    }

    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
