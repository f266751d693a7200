package dev.phiguard.broker.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.phiguard.broker.identity.InvalidTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Keys fetched from a real JWKS endpoint: caching, rotation, and the rate limit that protects the issuer. */
class RemoteJwksTest {

    private static final String ISSUER = "https://ci.example.com";
    private static final String AUDIENCE = "phiguard";

    private static final RSAKey KEY_1 = Keys.rsa("key-1");
    private static final RSAKey KEY_2 = Keys.rsa("key-2");
    private static final RSAKey KEY_3 = Keys.rsa("key-3");
    /** Signs the rogue tokens, each under a made-up kid. */
    private static final RSAKey ROGUE = Keys.rsa("rogue");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final JwksServer server = newServer();
    private final List<String> minted = new ArrayList<>();
    private final List<TokenVerifier> verifiers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        verifiers.forEach(TokenVerifier::close);
        server.close();
        List<String> secrets = new ArrayList<>();
        minted.forEach(token -> secrets.addAll(Keys.secretsOfToken(token)));
        List.of(KEY_1, KEY_2, KEY_3, ROGUE).forEach(key -> secrets.addAll(Keys.secretsOf(key)));
        for (String line : logs.lines()) {
            secrets.forEach(secret -> assertThat(line).doesNotContain(secret));
        }
    }

    @Test
    void keysAreFetchedOnceAndCached() throws Exception {
        server.serve(Keys.publicSet(KEY_1));
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);

        for (int i = 0; i < 20; i++) {
            assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");
        }

        assertThat(server.requests()).isEqualTo(1);
    }

    @Test
    void aRotatedKeyIsFetchedOnItsUnknownKid() throws Exception {
        server.serve(Keys.publicSet(KEY_1));
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);
        String oldToken = token(KEY_1);
        assertThat(verifier.verify(oldToken).subject()).isEqualTo("job");
        assertThat(server.requests()).isEqualTo(1);

        server.serve(Keys.publicSet(KEY_2)); // the issuer rotates: key-1 is retired

        assertThat(verifier.verify(token(KEY_2)).subject()).isEqualTo("job");
        assertThat(server.requests()).isEqualTo(2);
        // key-1 is gone from the fresh set; asking again is within the rate limit's window, so no fetch
        assertRefused(verifier, oldToken, Reason.UNKNOWN_KEY, "unknown signing key");
        assertThat(server.requests()).isEqualTo(2);
    }

    @Test
    void aBurstOfUnknownKidsCausesAtMostTwoFetches() throws Exception {
        server.serve(Keys.publicSet(KEY_1));
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);
        assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");
        List<String> rogue = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rogue.add(token(ROGUE, "rogue-" + i));
        }

        List<InvalidTokenException> refusals = verifyConcurrently(verifier, rogue);

        assertThat(refusals).hasSize(100).allSatisfy(refused -> {
            assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(refused.getMessage()).isEqualTo("unknown signing key");
        });
        assertThat(server.requests()).isBetween(1, 2);
        // the genuine key still works, from the cache
        assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");
        assertThat(server.requests()).isBetween(1, 2);
    }

    @Test
    void afterTheRateLimitWindowARotatedKeyIsAccepted() throws Exception {
        Duration window = Duration.ofMillis(200);
        server.serve(Keys.publicSet(KEY_1));
        TokenVerifier verifier = verifier(window);
        long start = System.nanoTime();
        assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");
        for (int i = 0; i < 20; i++) {
            assertRefused(verifier, token(ROGUE, "rogue-" + i), Reason.UNKNOWN_KEY, "unknown signing key");
        }
        server.serve(Keys.publicSet(KEY_1, KEY_3));
        String rotated = token(KEY_3);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                .until(() -> verifier.verify(rotated).subject().equals("job"));

        long windows = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) / window.toMillis() + 1;
        assertThat(server.requests()).isBetween(3, (int) (2 * windows));
    }

    @Test
    void anUnreachableIssuerIsReportedAsUnavailableWithoutDetails() throws Exception {
        server.fail(503, "{\"error\": \"maintenance\"}");
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);
        String token = token(KEY_1);

        assertRefused(verifier, token, Reason.KEYS_UNAVAILABLE,
                "cannot fetch the signing keys of issuer \"https://ci.example.com\"; try again later");
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .startsWith("WARN cannot fetch the signing keys of issuer https://ci.example.com"));
    }

    @Test
    void aJwksDocumentThatIsNotJsonIsReportedAsUnavailable() throws Exception {
        server.fail(200, "<html>not a key set</html>");
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);

        assertRefused(verifier, token(KEY_1), Reason.KEYS_UNAVAILABLE,
                "cannot fetch the signing keys of issuer \"https://ci.example.com\"; try again later");
    }

    @Test
    void cachedKeysKeepWorkingWhileTheEndpointIsDown() throws Exception {
        server.serve(Keys.publicSet(KEY_1));
        TokenVerifier verifier = verifier(KeySource.JwksUri.DEFAULT_MIN_REFRESH_INTERVAL);
        assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");

        server.fail(500, "down");

        assertThat(verifier.verify(token(KEY_1)).subject()).isEqualTo("job");
        assertThat(server.requests()).isEqualTo(1);
    }

    // ---- helpers

    private static JwksServer newServer() {
        try {
            return new JwksServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private TokenVerifier verifier(Duration minRefreshInterval) {
        KeySource keys = new KeySource.JwksUri(server.uri(), Duration.ofMinutes(5), minRefreshInterval);
        TokenVerifier verifier = new TokenVerifier(List.of(IssuerConfig.of(ISSUER, AUDIENCE, keys)), Clock.systemUTC());
        verifiers.add(verifier);
        return verifier;
    }

    private String token(RSAKey key) {
        return token(key, key.getKeyID());
    }

    private String token(RSAKey key, String kid) {
        String token = Tokens.sign(key, kid, JWSAlgorithm.RS256, Tokens.timed(Instant.now(), Duration.ofMinutes(5))
                .issuer(ISSUER).audience(AUDIENCE).subject("job").build());
        minted.add(token);
        return token;
    }

    private static List<InvalidTokenException> verifyConcurrently(TokenVerifier verifier, List<String> tokens)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<InvalidTokenException>> results = new ArrayList<>();
            for (String token : tokens) {
                results.add(pool.submit(() -> {
                    go.await();
                    return catchThrowableOfType(InvalidTokenException.class, () -> verifier.verify(token));
                }));
            }
            go.countDown();
            List<InvalidTokenException> refusals = new ArrayList<>();
            for (Future<InvalidTokenException> result : results) {
                refusals.add(result.get(30, TimeUnit.SECONDS));
            }
            return refusals;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertRefused(TokenVerifier verifier, String token, Reason reason, String message) {
        InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class, () -> verifier.verify(token));
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getMessage()).isEqualTo(message);
        assertThat(refused.reason()).isEqualTo(reason);
    }
}
