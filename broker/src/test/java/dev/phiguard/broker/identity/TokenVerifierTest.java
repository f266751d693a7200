package dev.phiguard.broker.identity;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.phiguard.broker.identity.InvalidTokenException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String AUDIENCE = "phiguard";
    private static final String CORP_ISSUER = "https://idp.example.com";

    private static final RSAKey GITHUB_KEY = Keys.rsa("gh-1");
    private static final RSAKey GITLAB_KEY = Keys.rsa("gl-1");
    private static final ECKey CORP_KEY = Keys.ec("corp-1");
    /** Another key that claims GitHub's key id: what a forger would hold. */
    private static final RSAKey FORGER_KEY = Keys.rsa("gh-1");

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    /** Every token minted in a test: none of them may appear in a message or a log line. */
    private final List<String> minted = new ArrayList<>();

    private final TokenVerifier verifier = verifier(Clock.fixed(NOW, ZoneOffset.UTC));

    private static TokenVerifier verifier(Clock clock) {
        return new TokenVerifier(List.of(
                IssuerConfig.of(IssuerConfig.GITHUB_ACTIONS_ISSUER, AUDIENCE,
                                new KeySource.StaticKeys(Keys.publicSet(GITHUB_KEY)))
                        .withAlgorithms(EnumSet.of(SigningAlgorithm.RS256)),
                IssuerConfig.of(Tokens.GITLAB_ISSUER, AUDIENCE, new KeySource.StaticKeys(Keys.publicSet(GITLAB_KEY))),
                IssuerConfig.of(CORP_ISSUER, AUDIENCE, new KeySource.StaticKeys(Keys.publicSet(CORP_KEY)))
                        .withGroupsClaim("roles")),
                clock);
    }

    @AfterEach
    void nothingSecretWasLogged() {
        List<String> secrets = new ArrayList<>();
        minted.forEach(token -> secrets.addAll(Keys.secretsOfToken(token)));
        for (var key : List.of(GITHUB_KEY, GITLAB_KEY, CORP_KEY, FORGER_KEY)) {
            secrets.addAll(Keys.secretsOf(key));
        }
        for (String line : logs.lines()) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
        verifier.close();
    }

    // ---- accepted

    @Test
    void githubActionsTokenBecomesAnIdentityWithTheRunClaims() throws Exception {
        Identity identity = verifier.verify(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build()));

        assertThat(identity.issuer()).isEqualTo(IssuerConfig.GITHUB_ACTIONS_ISSUER);
        assertThat(identity.subject()).isEqualTo("repo:acme/etl:environment:prod");
        assertThat(identity.groups()).isEmpty();
        assertThat(identity.ciRun()).isEqualTo(new CiRun.GitHubActions("acme/etl", "nightly extract",
                "refs/heads/main", "8f2d1c3b9a7e6f5d4c3b2a1908f7e6d5c4b3a291", "1234", "1", "octocat",
                Optional.of("prod"), Optional.of("acme/etl/.github/workflows/nightly.yml@refs/heads/main")));
        assertThat(identity.displayName()).isEqualTo("github:acme/etl@refs/heads/main run 1234/1");
        assertThat(identity.claims())
                .containsEntry("repository", "acme/etl")
                .containsEntry("repository_owner", "acme")
                .containsEntry("event_name", "schedule")
                .containsEntry("iss", IssuerConfig.GITHUB_ACTIONS_ISSUER)
                .containsEntry("sub", "repo:acme/etl:environment:prod")
                .containsKey("jti")
                .doesNotContainKeys("exp", "iat", "nbf", "aud");
        assertThat(identity.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void gitlabTokenBecomesAnIdentityWithThePipelineClaims() throws Exception {
        Identity identity = verifier.verify(mint(GITLAB_KEY, Tokens.gitlab(NOW, AUDIENCE).build()));

        assertThat(identity.issuer()).isEqualTo(Tokens.GITLAB_ISSUER);
        assertThat(identity.subject()).isEqualTo("project_path:acme/etl:ref_type:branch:ref:main");
        assertThat(identity.ciRun()).isEqualTo(
                new CiRun.GitLab("acme/etl", "567", "890", "main", Optional.of("alice")));
        assertThat(identity.displayName()).isEqualTo("gitlab:acme/etl@main pipeline 567 job 890");
        assertThat(identity.claims()).containsEntry("namespace_path", "acme").containsEntry("ref_protected", "true");
    }

    @Test
    void es256TokenWithGroupsInTheIssuersGroupsClaim() throws Exception {
        JWTClaimsSet claims = Tokens.timed(NOW, Duration.ofMinutes(10)).issuer(CORP_ISSUER).audience(AUDIENCE)
                .subject("svc-etl").claim("roles", List.of("ci", "etl")).claim("groups", List.of("ignored"))
                .claim("tier", 3).claim("on_call", true).claim("nested", Map.of("a", "b")).build();

        Identity identity = verifier.verify(mint(CORP_KEY, claims));

        assertThat(identity.groups()).containsExactly("ci", "etl");
        assertThat(identity.ciRun()).isEqualTo(CiRun.NONE);
        assertThat(identity.displayName()).isEqualTo("svc-etl (" + CORP_ISSUER + ")");
        assertThat(identity.claims()).containsEntry("tier", "3").containsEntry("on_call", "true")
                .doesNotContainKeys("nested", "roles");
    }

    @Test
    void aSingleStringGroupIsOneGroup() throws Exception {
        JWTClaimsSet claims = Tokens.timed(NOW, Duration.ofMinutes(10)).issuer(CORP_ISSUER).audience(AUDIENCE)
                .subject("svc-etl").claim("roles", "ci").build();

        assertThat(verifier.verify(mint(CORP_KEY, claims)).groups()).containsExactly("ci");
    }

    @Test
    void oneMatchingAudienceAmongSeveralIsEnough() throws Exception {
        JWTClaimsSet claims = Tokens.github(NOW, AUDIENCE).audience(List.of("https://github.com/acme", AUDIENCE))
                .build();

        assertThat(verifier.verify(mint(GITHUB_KEY, claims)).subject()).isEqualTo("repo:acme/etl:environment:prod");
    }

    @Test
    void tokenWithoutTypHeaderIsAccepted() throws Exception {
        String token = mint(Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gh-1").build(), GITHUB_KEY,
                Tokens.github(NOW, AUDIENCE).build()));

        assertThat(verifier.verify(token).issuer()).isEqualTo(IssuerConfig.GITHUB_ACTIONS_ISSUER);
    }

    @Test
    void surroundingWhitespaceIsIgnored() throws Exception {
        String token = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build());

        assertThat(verifier.verify(" " + token + "\n").subject()).isEqualTo("repo:acme/etl:environment:prod");
    }

    // ---- time: expiry, not-before, issued-at, clock skew (60 s)

    @ParameterizedTest(name = "iat {0}s nbf {1}s exp {2}s from now -> {3}")
    @CsvSource(nullValues = "-", value = {
            "-600, -600, -61, token expired",
            "-600, -600, -60, token expired",
            "-600, -600, -59, accepted",
            "-600,    -, -59, accepted",
            "   0,    0, 300, accepted",
            "   0,   61, 300, token not yet valid",
            "   0,   60, 300, accepted",
            "   0,   59, 300, accepted",
            "  61,    -, 300, token not yet valid",
            "  60,    -, 300, accepted",
            "   -,    -, 300, accepted",
            "   -,   61, 300, token not yet valid",
    })
    void timesAreCheckedWithTheClockSkew(Integer iat, Integer nbf, int exp, String outcome) throws Exception {
        JWTClaimsSet.Builder claims = Tokens.github(NOW, AUDIENCE).issueTime(null).notBeforeTime(null)
                .expirationTime(at(exp));
        if (iat != null) {
            claims.issueTime(at(iat));
        }
        if (nbf != null) {
            claims.notBeforeTime(at(nbf));
        }
        String token = mint(GITHUB_KEY, claims.build());

        if (outcome.equals("accepted")) {
            assertThat(verifier.verify(token).expiresAt()).isEqualTo(NOW.plusSeconds(exp));
        } else {
            assertRefused(token, outcome.equals("token expired") ? Reason.EXPIRED : Reason.NOT_YET_VALID, outcome);
        }
    }

    @Test
    void theInjectedClockDecides() throws Exception {
        String token = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build());
        try (TokenVerifier later = verifier(Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC));
             TokenVerifier earlier = verifier(Clock.fixed(NOW.minus(Duration.ofHours(1)), ZoneOffset.UTC))) {
            assertRefused(later, token, Reason.EXPIRED, "token expired");
            assertRefused(earlier, token, Reason.NOT_YET_VALID, "token not yet valid");
        }
        assertThat(verifier.verify(token)).isNotNull();
    }

    @Test
    void tokenWithoutExpiryIsRefused() {
        String token = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).expirationTime(null).build());

        assertRefused(token, Reason.INVALID_CLAIMS, "token has no expiry (exp)");
    }

    @Test
    void tokenLivingLongerThanTheIssuersLimitIsRefused() {
        String fromIat = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).expirationTime(at(25 * 3600)).build());
        String withoutIat = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).issueTime(null).notBeforeTime(null)
                .expirationTime(at(25 * 3600)).build());

        assertRefused(fromIat, Reason.INVALID_CLAIMS, "token lifetime exceeds the issuer's limit of 24h");
        assertRefused(withoutIat, Reason.INVALID_CLAIMS, "token lifetime exceeds the issuer's limit of 24h");
    }

    @Test
    void tokenWithoutSubjectIsRefused() {
        assertRefused(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).subject(null).build()),
                Reason.INVALID_CLAIMS, "token has no subject (sub)");
    }

    // ---- issuer and audience

    @Test
    void unknownIssuerIsNamed() {
        String token = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).issuer("https://evil.example.com").build());

        assertRefused(token, Reason.UNKNOWN_ISSUER, "unknown issuer \"https://evil.example.com\"");
    }

    @Test
    void issuerIsMatchedExactly() {
        String trailingSlash = mint(GITHUB_KEY,
                Tokens.github(NOW, AUDIENCE).issuer(IssuerConfig.GITHUB_ACTIONS_ISSUER + "/").build());

        assertRefused(trailingSlash, Reason.UNKNOWN_ISSUER,
                "unknown issuer \"" + IssuerConfig.GITHUB_ACTIONS_ISSUER + "/\"");
    }

    @Test
    void unknownIssuerWithLineBreaksCannotForgeLines() {
        String token = mint(GITHUB_KEY,
                Tokens.github(NOW, AUDIENCE).issuer("https://evil\nINFO token accepted\u202e").build());

        assertRefused(token, Reason.UNKNOWN_ISSUER, "unknown issuer \"https://evil?INFO token accepted?\"");
        assertThat(logs.lines()).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void tokenWithoutIssuerIsRefused() {
        assertRefused(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).issuer(null).build()),
                Reason.UNKNOWN_ISSUER, "token has no issuer (iss)");
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefused(mint(GITHUB_KEY, Tokens.github(NOW, "https://github.com/acme").build()),
                Reason.AUDIENCE_MISMATCH, "audience mismatch");
        assertRefused(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).audience((String) null).build()),
                Reason.AUDIENCE_MISMATCH, "audience mismatch");
    }

    // ---- signatures and keys

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidHasABadSignature() {
        String forged = mint(FORGER_KEY, Tokens.github(NOW, AUDIENCE).build());

        assertRefused(forged, Reason.BAD_SIGNATURE, "bad signature");
    }

    @Test
    void alteredPayloadHasABadSignature() {
        String genuine = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build());
        String[] parts = genuine.split("\\.");
        String otherPayload = Base64URL.encode(Tokens.github(NOW, AUDIENCE).claim("repository", "acme/payroll")
                .build().toString()).toString();
        String altered = mint(parts[0] + "." + otherPayload + "." + parts[2]);

        assertRefused(altered, Reason.BAD_SIGNATURE, "bad signature");
    }

    @Test
    void badSignatureIsReportedBeforeExpiry() {
        String forgedAndExpired = mint(FORGER_KEY, Tokens.github(NOW.minus(Duration.ofDays(1)), AUDIENCE).build());

        assertRefused(forgedAndExpired, Reason.BAD_SIGNATURE, "bad signature");
    }

    @Test
    void tokenWithAKidTheIssuerDoesNotHaveIsRefused() {
        assertRefused(mint(Keys.rsa("gh-unknown"), Tokens.github(NOW, AUDIENCE).build()),
                Reason.UNKNOWN_KEY, "unknown signing key");
    }

    @Test
    void anotherTrustedIssuersKeyDoesNotSignForThisIssuer() {
        String gitlabKeyForGithub = mint(GITLAB_KEY, Tokens.github(NOW, AUDIENCE).build());
        String gitlabKeyPosingAsGithubKid = mint(Tokens.sign(GITLAB_KEY, "gh-1", JWSAlgorithm.RS256,
                Tokens.github(NOW, AUDIENCE).build()));

        assertRefused(gitlabKeyForGithub, Reason.UNKNOWN_KEY, "unknown signing key");
        assertRefused(gitlabKeyPosingAsGithubKid, Reason.BAD_SIGNATURE, "bad signature");
    }

    @Test
    void unsecuredTokenIsRefused() {
        String none = mint(new PlainJWT(Tokens.github(NOW, AUDIENCE).build()).serialize());

        assertRefused(none, Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"None", "NONE", "nOnE"})
    void noneInAnyCaseIsRefused(String alg) {
        String header = Base64URL.encode("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").toString();
        String payload = Base64URL.encode(Tokens.github(NOW, AUDIENCE).build().toString()).toString();
        String token = mint(header + "." + payload + ".c2lnbmF0dXJl");

        assertRefused(token, Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm " + alg);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS384", "HS512"})
    void hmacSignedWithThePublicKeyIsRefused(String alg) throws JOSEException {
        // algorithm confusion: the "secret" is the issuer's public key, which anyone can fetch
        byte[] publicKeyAsSecret = GITHUB_KEY.toRSAPublicKey().getEncoded();
        byte[] publicJwkAsSecret = GITHUB_KEY.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        for (byte[] secret : List.of(publicKeyAsSecret, publicJwkAsSecret)) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(alg)).keyID("gh-1")
                    .type(JOSEObjectType.JWT).build(), Tokens.github(NOW, AUDIENCE).build());
            jwt.sign(new MACSigner(secret));

            assertRefused(mint(jwt.serialize()), Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm " + alg);
        }
    }

    @Test
    void algorithmTheIssuerIsNotTrustedWithIsRefused() {
        // GitHub is configured for RS256 only; the EC key is trusted, but for another issuer
        String es256 = mint(Tokens.sign(CORP_KEY, "gh-1", JWSAlgorithm.ES256, Tokens.github(NOW, AUDIENCE).build()));
        String ps256 = mint(Tokens.sign(GITHUB_KEY, "gh-1", JWSAlgorithm.PS256, Tokens.github(NOW, AUDIENCE).build()));

        assertRefused(es256, Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm ES256");
        assertRefused(ps256, Reason.UNSUPPORTED_ALGORITHM, "unsupported algorithm PS256");
    }

    @Test
    void encryptedTokenIsRefused() throws JOSEException {
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
                Tokens.github(NOW, AUDIENCE).build());
        jwt.encrypt(new RSAEncrypter(GITHUB_KEY.toRSAPublicKey()));

        assertRefused(mint(jwt.serialize()), Reason.UNSUPPORTED_ALGORITHM,
                "unsupported token type: encrypted tokens (JWE) are not accepted");
    }

    @Test
    void otherTokenTypesAreRefused() {
        String accessToken = mint(Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gh-1")
                .type(new JOSEObjectType("at+jwt")).build(), GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build()));

        assertRefused(accessToken, Reason.MALFORMED, "unsupported token type \"at+jwt\" (expected JWT)");
    }

    @Test
    void criticalHeaderParametersAreRefused() {
        String token = mint(Tokens.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gh-1")
                .type(JOSEObjectType.JWT).criticalParams(Set.of("acme-policy")).customParam("acme-policy", "x")
                .build(), GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build()));

        assertRefused(token, Reason.MALFORMED, "unsupported critical header parameters");
    }

    // ---- malformed and oversize input

    @ParameterizedTest
    @ValueSource(strings = {
            "abc",
            "a.b",
            "a.b.c",
            "...",
            "!!!.???.###",
            "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",          // payload is not JSON
            "eyJ0eXAiOiJKV1QifQ.e30.c2ln",                    // header without alg
            "bm90IGpzb24.e30.c2ln",                           // header is not JSON
            "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOiJzb29uIn0.c2ln",  // exp is not a number
            "eyJhbGciOiJSUzI1NiJ9.WzEsMl0.c2ln",              // payload is an array
            "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",           // the prefix belongs to the HTTP header
            "ünïcödé.ünïcödé.ünïcödé",
            "a.b.c.d.e.f.g",
    })
    void malformedTokensAreRefused(String garbage) {
        assertRefused(garbage, Reason.MALFORMED, "malformed token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void emptyTokenIsMissing(String empty) {
        assertRefused(empty, Reason.MALFORMED, "missing token");
    }

    @Test
    void nullTokenIsMissing() {
        assertRefused(null, Reason.MALFORMED, "missing token");
    }

    @Test
    void oversizeTokensAreRefusedBeforeParsing() {
        String padding = "x".repeat(TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH);
        String bigButSigned = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).claim("padding", padding).build());

        assertRefused(bigButSigned, Reason.TOO_LARGE, "token too large (more than 16384 characters)");
        assertRefused("{".repeat(TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH + 1), Reason.TOO_LARGE,
                "token too large (more than 16384 characters)");
        assertRefused("a.b." + "c".repeat(10_000_000), Reason.TOO_LARGE,
                "token too large (more than 16384 characters)");
    }

    @Test
    void tokenJustUnderTheLimitIsParsed() throws Exception {
        String token = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).claim("padding", "x".repeat(11_000)).build());
        assertThat(token.length()).isLessThanOrEqualTo(TokenVerifier.DEFAULT_MAX_TOKEN_LENGTH);

        assertThat(verifier.verify(token).claims().get("padding")).hasSize(11_000);
    }

    @Test
    void groupsClaimOfTheWrongShapeIsRefused() {
        String numbers = mint(CORP_KEY, Tokens.timed(NOW, Duration.ofMinutes(5)).issuer(CORP_ISSUER)
                .audience(AUDIENCE).subject("svc").claim("roles", List.of(1, 2)).build());
        String object = mint(CORP_KEY, Tokens.timed(NOW, Duration.ofMinutes(5)).issuer(CORP_ISSUER)
                .audience(AUDIENCE).subject("svc").claim("roles", Map.of("admin", true)).build());

        assertRefused(numbers, Reason.INVALID_CLAIMS, "claim \"roles\" must be a list of strings");
        assertRefused(object, Reason.INVALID_CLAIMS, "claim \"roles\" must be a list of strings");
    }

    // ---- several issuers, configuration, the exception itself, logging

    @Test
    void severalIssuersAtOnce() throws Exception {
        assertThat(verifier.issuers()).containsExactly(IssuerConfig.GITHUB_ACTIONS_ISSUER, Tokens.GITLAB_ISSUER,
                CORP_ISSUER);
        assertThat(verifier.verify(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build())).issuer())
                .isEqualTo(IssuerConfig.GITHUB_ACTIONS_ISSUER);
        assertThat(verifier.verify(mint(GITLAB_KEY, Tokens.gitlab(NOW, AUDIENCE).build())).issuer())
                .isEqualTo(Tokens.GITLAB_ISSUER);
    }

    @Test
    void anIssuerConfiguredTwiceIsAConfigurationError() {
        IssuerConfig github = IssuerConfig.of(IssuerConfig.GITHUB_ACTIONS_ISSUER, AUDIENCE,
                new KeySource.StaticKeys(Keys.publicSet(GITHUB_KEY)));

        assertThatThrownBy(() -> new TokenVerifier(List.of(github, github.withAudiences(Set.of("other"))),
                Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("issuer \"https://token.actions.githubusercontent.com\" is configured twice; "
                        + "each 'iss' may appear once");
    }

    @Test
    void keysFromAJwksFile(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("github.jwks.json");
        Files.writeString(file, Keys.publicSet(GITHUB_KEY).toString());
        IssuerConfig config = IssuerConfig.of(IssuerConfig.GITHUB_ACTIONS_ISSUER, AUDIENCE,
                new KeySource.JwksFile(file));

        try (TokenVerifier fromFile = new TokenVerifier(List.of(config), Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertThat(fromFile.verify(mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build())).subject())
                    .isEqualTo("repo:acme/etl:environment:prod");
            assertRefused(fromFile, mint(FORGER_KEY, Tokens.github(NOW, AUDIENCE).build()),
                    Reason.BAD_SIGNATURE, "bad signature");
        }
    }

    @Test
    void jwksFileWithPrivateKeysIsRefusedWithoutShowingThem(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("leaked.jwks.json");
        Files.writeString(file, new com.nimbusds.jose.jwk.JWKSet(GITHUB_KEY).toString(false));
        IssuerConfig config = IssuerConfig.of(IssuerConfig.GITHUB_ACTIONS_ISSUER, AUDIENCE,
                new KeySource.JwksFile(file));

        IllegalArgumentException error = catchThrowableOfType(IllegalArgumentException.class,
                () -> new TokenVerifier(List.of(config), Clock.systemUTC()));

        assertThat(error).hasMessage("issuer \"https://token.actions.githubusercontent.com\": JWKS file " + file
                + " contains private or secret keys; keep only the public keys in it");
        Keys.secretsOf(GITHUB_KEY).forEach(secret -> assertThat(error.getMessage()).doesNotContain(secret));
    }

    @Test
    void unreadableOrInvalidJwksFilesAreNamed(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.json");
        Path invalid = directory.resolve("invalid.json");
        Files.writeString(invalid, "{\"keys\": \"not a list\"}");

        assertThatThrownBy(() -> new TokenVerifier(List.of(IssuerConfig.of("https://a.example", AUDIENCE,
                new KeySource.JwksFile(missing))), Clock.systemUTC()))
                .hasMessage("issuer \"https://a.example\": JWKS file " + missing + " cannot be read "
                        + "(NoSuchFileException)");
        assertThatThrownBy(() -> new TokenVerifier(List.of(IssuerConfig.of("https://a.example", AUDIENCE,
                new KeySource.JwksFile(invalid))), Clock.systemUTC()))
                .hasMessage("issuer \"https://a.example\": JWKS file " + invalid
                        + " is not a JSON Web Key Set ({\"keys\": [...]})");
    }

    @Test
    void theExceptionCarriesNoCauseAndNoStackTrace() {
        InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class,
                () -> verifier.verify(mint(FORGER_KEY, Tokens.github(NOW, AUDIENCE).build())));

        assertThat(refused.getCause()).isNull();
        assertThat(refused.getStackTrace()).isEmpty();
        assertThat(refused.reason().code()).isEqualTo("bad_signature");
    }

    @Test
    void refusalsAreLoggedWithTheReasonButWithoutTheToken() throws Exception {
        String forged = mint(FORGER_KEY, Tokens.github(NOW, AUDIENCE).build());
        String good = mint(GITHUB_KEY, Tokens.github(NOW, AUDIENCE).build());
        assertRefused(forged, Reason.BAD_SIGNATURE, "bad signature");
        verifier.verify(good);

        assertThat(logs.lines()).containsExactly(
                "DEBUG token refused (https://token.actions.githubusercontent.com): bad_signature",
                "DEBUG token accepted: github:acme/etl@refs/heads/main run 1234/1");
        // the @AfterEach check then proves neither token is in any line
    }

    // ---- helpers

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    private String mint(com.nimbusds.jose.jwk.JWK key, JWTClaimsSet claims) {
        return mint(Tokens.sign(key, claims));
    }

    private String mint(String token) {
        minted.add(token);
        return token;
    }

    private void assertRefused(String token, Reason reason, String message) {
        assertRefused(verifier, token, reason, message);
    }

    private void assertRefused(TokenVerifier using, String token, Reason reason, String message) {
        InvalidTokenException refused = catchThrowableOfType(InvalidTokenException.class, () -> using.verify(token));

        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getMessage()).isEqualTo(message);
        assertThat(refused.reason()).isEqualTo(reason);
        if (token != null && token.length() > 8) {
            for (String secret : Keys.secretsOfToken(token.strip())) {
                assertThat(refused.getMessage()).doesNotContain(secret);
            }
        }
        for (var key : List.of(GITHUB_KEY, GITLAB_KEY, CORP_KEY, FORGER_KEY)) {
            Keys.secretsOf(key).forEach(secret -> assertThat(refused.getMessage()).doesNotContain(secret));
        }
    }
}
