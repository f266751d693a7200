package dev.phiguard.broker.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.phiguard.broker.identity.InvalidTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DevelopmentIssuerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void nothingSecretWasLogged() {
        for (String line : logs.lines()) {
            secrets.forEach(secret -> assertThat(line).doesNotContain(secret));
        }
    }

    @Test
    void theKeyIsGeneratedOnFirstUseIntoAnOwnerOnlyFile() throws Exception {
        Path data = temp.resolve("data");

        DevelopmentIssuer issuer = open(data);

        Path file = data.resolve("dev-issuer.jwk");
        assertThat(issuer.keyFile()).isEqualTo(file.toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
        JWK stored = JWK.parse(Files.readString(file));
        assertThat(stored).isInstanceOf(ECKey.class);
        assertThat(stored.isPrivate()).isTrue();
        assertThat(((ECKey) stored).getCurve().getName()).isEqualTo("P-256");
        assertThat(stored.getKeyID()).isEqualTo(issuer.keyId())
                .isEqualTo(stored.computeThumbprint().toString());
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                .isEqualTo("INFO generated the development issuer's signing key " + issuer.keyId() + " in " + file));
    }

    @Test
    void theKeyIsLoadedAgainAfterARestart() throws Exception {
        DevelopmentIssuer before = open(temp);
        String token = before.issue("alice", Set.of("ci"), Map.of(), Duration.ofHours(1));
        byte[] stored = Files.readAllBytes(before.keyFile());

        DevelopmentIssuer after = open(temp);

        assertThat(after.keyId()).isEqualTo(before.keyId());
        assertThat(Files.readAllBytes(after.keyFile())).isEqualTo(stored);
        assertThat(after.publicJwks()).isEqualTo(before.publicJwks());
        try (TokenVerifier verifier = new TokenVerifier(List.of(after.issuerConfig()), CLOCK)) {
            assertThat(verifier.verify(token).subject()).isEqualTo("alice");
        }
    }

    @Test
    void issuedTokensVerifyIntoAnIdentity() throws Exception {
        DevelopmentIssuer issuer = open(temp);
        Map<String, String> claims = Map.of("repository", "acme/etl", "workflow", "nightly", "ref", "refs/heads/main",
                "sha", "abc123", "run_id", "77", "run_attempt", "2", "actor", "octocat");

        String token = issuer.issue("repo:acme/etl:ref:refs/heads/main", Set.of("ci", "etl"), claims,
                Duration.ofMinutes(30));

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(issuer.keyId());
        JWTClaimsSet set = jwt.getJWTClaimsSet();
        assertThat(set.getIssuer()).isEqualTo("local");
        assertThat(set.getAudience()).containsExactly("phiguard");
        assertThat(set.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(set.getNotBeforeTime().toInstant()).isEqualTo(NOW);
        assertThat(set.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(set.getJWTID()).isNotBlank();
        assertThat(set.getStringListClaim("groups")).containsExactly("ci", "etl");

        try (TokenVerifier verifier = new TokenVerifier(List.of(issuer.issuerConfig()), CLOCK)) {
            Identity identity = verifier.verify(token);
            assertThat(identity.issuer()).isEqualTo("local");
            assertThat(identity.subject()).isEqualTo("repo:acme/etl:ref:refs/heads/main");
            assertThat(identity.groups()).containsExactly("ci", "etl");
            assertThat(identity.claims()).containsAllEntriesOf(claims).containsKey("jti");
            assertThat(identity.ciRun()).isEqualTo(new CiRun.GitHubActions("acme/etl", "nightly", "refs/heads/main",
                    "abc123", "77", "2", "octocat", Optional.empty(), Optional.empty()));
            assertThat(identity.displayName()).isEqualTo("github:acme/etl@refs/heads/main run 77/2");
            assertThat(verifier.verify(issuer.issue("alice", Set.of(), Map.of(), Duration.ofMinutes(1)))
                    .displayName()).isEqualTo("alice (local)");
        }
    }

    @Test
    void issuedTokensExpire() throws Exception {
        DevelopmentIssuer issuer = open(temp);
        String token = issuer.issue("alice", Set.of(), Map.of(), Duration.ofMinutes(10));
        Clock later = Clock.fixed(NOW.plus(Duration.ofMinutes(11)), ZoneOffset.UTC);

        try (TokenVerifier verifier = new TokenVerifier(List.of(issuer.issuerConfig()), later)) {
            InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class,
                    () -> verifier.verify(token));
            assertThat(refused.reason()).isEqualTo(Reason.EXPIRED);
            assertThat(refused.getMessage()).isEqualTo("token expired");
        }
    }

    @Test
    void theAudienceIsConfigurable() throws Exception {
        DevelopmentIssuer issuer = DevelopmentIssuer.open(temp, "phiguard-staging", CLOCK);
        String token = issuer.issue("alice", Set.of(), Map.of(), Duration.ofMinutes(5));
        IssuerConfig expectingDefault = issuer.issuerConfig().withAudiences(Set.of("phiguard"));

        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly("phiguard-staging");
        try (TokenVerifier verifier = new TokenVerifier(List.of(expectingDefault), CLOCK)) {
            InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class,
                    () -> verifier.verify(token));
            assertThat(refused.getMessage()).isEqualTo("audience mismatch");
        }
    }

    @Test
    void anotherDataDirectorysTokensAreRefused() throws Exception {
        DevelopmentIssuer mine = open(temp.resolve("a"));
        DevelopmentIssuer theirs = open(temp.resolve("b"));
        String token = theirs.issue("mallory", Set.of("reviewers"), Map.of(), Duration.ofMinutes(5));

        try (TokenVerifier verifier = new TokenVerifier(List.of(mine.issuerConfig()), CLOCK)) {
            InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class,
                    () -> verifier.verify(token));
            assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_KEY);
        }
    }

    @Test
    void theTtlIsCapped() throws Exception {
        DevelopmentIssuer issuer = open(temp);

        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of(), Duration.ofHours(25)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ttl 25h exceeds the development issuer's limit of 24h");
        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of(), Duration.ofHours(24).plusSeconds(1)))
                .hasMessage("ttl 24h1s exceeds the development issuer's limit of 24h");
        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of(), Duration.ZERO))
                .hasMessage("ttl must be at least 1s, got 0s");
        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of(), Duration.ofMinutes(-5)))
                .hasMessage("ttl must be at least 1s, got -5m");

        String longest = issuer.issue("alice", Set.of(), Map.of(), DevelopmentIssuer.MAX_TTL);
        try (TokenVerifier verifier = new TokenVerifier(List.of(issuer.issuerConfig()), CLOCK)) {
            assertThat(verifier.verify(longest).expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "aud", "iat", "nbf", "exp", "jti", "groups"})
    void theIssuersOwnClaimsCannotBeOverridden(String claim) throws Exception {
        DevelopmentIssuer issuer = open(temp);

        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of(claim, "x"), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("claim \"" + claim + "\" is set by the issuer and cannot be given");
    }

    @Test
    void aSubjectAndNonEmptyNamesAreRequired() throws Exception {
        DevelopmentIssuer issuer = open(temp);

        assertThatThrownBy(() -> issuer.issue(" ", Set.of(), Map.of(), Duration.ofMinutes(5)))
                .hasMessage("a token needs a subject");
        assertThatThrownBy(() -> issuer.issue("alice", Set.of(""), Map.of(), Duration.ofMinutes(5)))
                .hasMessage("a group name must not be empty");
        assertThatThrownBy(() -> issuer.issue("alice", Set.of(), Map.of("", "x"), Duration.ofMinutes(5)))
                .hasMessage("a claim name must not be empty");
    }

    @Test
    void aKeyFileReadableByOthersIsRefused() throws Exception {
        DevelopmentIssuer issuer = open(temp);
        Files.setPosixFilePermissions(issuer.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        IOException error = catchThrowableOfType(IOException.class, () -> open(temp));

        assertThat(error).hasMessage(issuer.keyFile() + " is accessible by other users (mode rw-r--r--); "
                + "it holds a signing key: run chmod 600 " + issuer.keyFile());
        assertNoKeyMaterialIn(error.getMessage(), issuer.keyFile());
    }

    @Test
    void aDamagedKeyFileIsRefusedWithoutShowingItsContent() throws Exception {
        DevelopmentIssuer issuer = open(temp);
        Path file = issuer.keyFile();
        String original = Files.readString(file);
        Files.writeString(file, original.substring(0, original.length() / 2));

        IOException error = catchThrowableOfType(IOException.class, () -> open(temp));

        assertThat(error).hasMessage(file + " is not a valid JSON Web Key; delete it to generate a new one");
        assertThat(error.getMessage()).doesNotContain(original.substring(0, original.length() / 2));
        assertThat(error.getCause()).isNull();
    }

    @Test
    void aKeyFileWithoutAPrivateP256KeyIsRefused() throws Exception {
        DevelopmentIssuer issuer = open(temp);
        Path file = issuer.keyFile();

        Files.writeString(file, issuer.publicJwks().getKeys().get(0).toJSONString());
        assertThatThrownBy(() -> open(temp)).isInstanceOf(IOException.class)
                .hasMessage(file + " does not hold an EC P-256 private key with a key id; "
                        + "delete it to generate a new one");

        Files.writeString(file, Keys.rsa("rsa").toJSONString());
        assertThatThrownBy(() -> open(temp)).isInstanceOf(IOException.class)
                .hasMessage(file + " does not hold an EC P-256 private key with a key id; "
                        + "delete it to generate a new one");
    }

    @Test
    void onlyThePublicKeyIsExposed() throws Exception {
        DevelopmentIssuer issuer = open(temp);

        assertThat(issuer.publicJwks().containsNonPublicKeys()).isFalse();
        assertThat(issuer.issuerConfig().keys()).isEqualTo(new KeySource.StaticKeys(issuer.publicJwks()));
        assertThat(issuer.issuerConfig().issuer()).isEqualTo("local");
        assertThat(issuer.issuerConfig().algorithms()).containsExactly(SigningAlgorithm.ES256);
        assertNoKeyMaterialIn(issuer.toString(), issuer.keyFile());
        assertNoKeyMaterialIn(issuer.issuerConfig().toString(), issuer.keyFile());
        assertNoKeyMaterialIn(issuer.publicJwks().toString(), issuer.keyFile());
    }

    @Test
    void processesStartingTogetherAgreeOnOneKey() throws Exception {
        Path data = temp.resolve("shared");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> kids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                kids.add(pool.submit(() -> {
                    go.await();
                    return open(data).keyId();
                }));
            }
            go.countDown();
            String kid = open(data).keyId();
            for (Future<String> other : kids) {
                assertThat(other.get(30, TimeUnit.SECONDS)).isEqualTo(kid);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).containsExactly(data.resolve("dev-issuer.jwk").toAbsolutePath());
        }
    }

    private DevelopmentIssuer open(Path directory) throws IOException {
        DevelopmentIssuer issuer = DevelopmentIssuer.open(directory, CLOCK);
        try {
            secrets.addAll(Keys.secretsOf(JWK.parse(Files.readString(issuer.keyFile()))));
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
        return issuer;
    }

    private static void assertNoKeyMaterialIn(String text, Path keyFile) throws Exception {
        ECKey key = (ECKey) JWK.parse(Files.readString(keyFile));
        assertThat(text).doesNotContain(key.getD().toString()).doesNotContain(key.toJSONString());
    }
}
