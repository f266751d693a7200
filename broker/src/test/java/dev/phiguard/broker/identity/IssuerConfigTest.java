package dev.phiguard.broker.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuerConfigTest {

    private static final RSAKey KEY = Keys.rsa("k1");
    private static final KeySource KEYS = new KeySource.StaticKeys(Keys.publicSet(KEY));

    @Test
    void defaults() {
        IssuerConfig config = IssuerConfig.of("https://idp.example.com", "phiguard", KEYS);

        assertThat(config.audiences()).containsExactly("phiguard");
        assertThat(config.algorithms()).containsExactly(SigningAlgorithm.RS256, SigningAlgorithm.ES256);
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(config.groupsClaim()).isEqualTo("groups");
    }

    @Test
    void githubActionsAndGitlabPresets() {
        IssuerConfig github = IssuerConfig.githubActions("phiguard");
        IssuerConfig gitlab = IssuerConfig.gitlab(URI.create("https://gitlab.example.com/"), "phiguard");

        assertThat(github.issuer()).isEqualTo("https://token.actions.githubusercontent.com");
        assertThat(github.keys()).isEqualTo(new KeySource.JwksUri(
                URI.create("https://token.actions.githubusercontent.com/.well-known/jwks")));
        assertThat(github.algorithms()).containsExactly(SigningAlgorithm.RS256);
        assertThat(gitlab.issuer()).isEqualTo("https://gitlab.example.com");
        assertThat(gitlab.keys()).isEqualTo(new KeySource.JwksUri(
                URI.create("https://gitlab.example.com/oauth/discovery/keys")));
    }

    @Test
    void theSetsAreCopied() {
        Set<String> audiences = new java.util.HashSet<>(Set.of("a"));
        IssuerConfig config = IssuerConfig.of("https://idp.example.com", "phiguard", KEYS).withAudiences(audiences);
        audiences.add("b");

        assertThat(config.audiences()).containsExactly("a");
        assertThatThrownBy(() -> config.algorithms().add(SigningAlgorithm.PS256))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidValuesAreExplained() {
        IssuerConfig valid = IssuerConfig.of("https://idp.example.com", "phiguard", KEYS);

        assertThatThrownBy(() -> IssuerConfig.of(" ", "phiguard", KEYS))
                .hasMessage("an issuer needs its 'iss' value (e.g. https://token.actions.githubusercontent.com)");
        assertThatThrownBy(() -> valid.withAudiences(Set.of()))
                .hasMessage("issuer \"https://idp.example.com\" needs at least one expected audience (e.g. phiguard)");
        assertThatThrownBy(() -> IssuerConfig.of("https://idp.example.com", "", KEYS))
                .hasMessage("issuer \"https://idp.example.com\": an audience must not be empty");
        assertThatThrownBy(() -> valid.withKeys(null))
                .hasMessage("issuer \"https://idp.example.com\" needs a key source (jwks_uri or a JWKS file)");
        assertThatThrownBy(() -> valid.withAlgorithms(EnumSet.noneOf(SigningAlgorithm.class)))
                .hasMessage("issuer \"https://idp.example.com\" needs at least one signing algorithm, e.g. [RS256, ES256]");
        assertThatThrownBy(() -> valid.withClockSkew(Duration.ofMinutes(10)))
                .hasMessage("issuer \"https://idp.example.com\": clock skew must be between 0s and 5m, got 10m");
        assertThatThrownBy(() -> valid.withClockSkew(Duration.ofSeconds(-1)))
                .hasMessage("issuer \"https://idp.example.com\": clock skew must be between 0s and 5m, got -1s");
        assertThatThrownBy(() -> valid.withMaxLifetime(Duration.ZERO))
                .hasMessage("issuer \"https://idp.example.com\": the maximum token lifetime must be positive, got 0s");
        assertThatThrownBy(() -> valid.withGroupsClaim(""))
                .hasMessage("issuer \"https://idp.example.com\": the groups claim name must not be empty (default groups)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "HS512", "none", "None", "RSA-OAEP", "rs256", ""})
    void onlyPublicKeyAlgorithmsCanBeNamed(String name) {
        assertThatThrownBy(() -> SigningAlgorithm.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported signing algorithm \"" + name + "\"; use one of "
                        + "[RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512] "
                        + "(shared-secret HMAC algorithms and none are never accepted)");
    }

    @Test
    void publicKeyAlgorithmsParse() {
        assertThat(SigningAlgorithm.parse("ES256")).isEqualTo(SigningAlgorithm.ES256);
        assertThat(SigningAlgorithm.parse("PS512")).isEqualTo(SigningAlgorithm.PS512);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://token.actions.githubusercontent.com/.well-known/jwks",
            "http://localhost:8080/jwks",
            "http://127.0.0.1:1234/jwks",
            "http://[::1]:1234/jwks",
    })
    void jwksUrisThatAreAccepted(String uri) {
        assertThat(new KeySource.JwksUri(URI.create(uri)).uri()).hasToString(uri);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://idp.example.com/jwks | jwks_uri \"http://idp.example.com/jwks\" must use https:// (http:// is accepted for localhost only)",
            "http://localhost.evil.com/jwks | jwks_uri \"http://localhost.evil.com/jwks\" must use https:// (http:// is accepted for localhost only)",
            "ftp://idp.example.com/jwks | jwks_uri \"ftp://idp.example.com/jwks\" must use https:// (http:// is accepted for localhost only)",
            "file:///etc/jwks.json | jwks_uri \"file:///etc/jwks.json\" must be an absolute https:// URL",
            "/jwks | jwks_uri \"/jwks\" must be an absolute https:// URL",
            "https://user:s3cret@idp.example.com/jwks | jwks_uri must not carry credentials (user:password@); a JWKS endpoint is public",
    })
    void jwksUrisThatAreRefused(String uri, String message) {
        assertThatThrownBy(() -> new KeySource.JwksUri(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theCacheMustOutliveTheRateLimitWindow() {
        URI uri = URI.create("https://idp.example.com/jwks");

        assertThatThrownBy(() -> new KeySource.JwksUri(uri, Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .hasMessage("the JWKS cache time-to-live (30s) must be longer than the minimum refresh interval (30s)");
        assertThatThrownBy(() -> new KeySource.JwksUri(uri, Duration.ofMinutes(5), Duration.ZERO))
                .hasMessage("the JWKS minimum refresh interval must be positive, got 0s");
    }

    @Test
    void staticKeysMustBePublic() {
        assertThatThrownBy(() -> new KeySource.StaticKeys(new JWKSet(KEY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a static key set must hold public keys only; private or secret keys were given");
        assertThatThrownBy(() -> new KeySource.StaticKeys(new JWKSet()))
                .hasMessage("a static key set must hold at least one public key");
    }
}
