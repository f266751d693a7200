package dev.phiguard.broker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Mints real signed tokens for the tests. */
final class Tokens {

    static final String GITLAB_ISSUER = "https://gitlab.example.com";

    private Tokens() {
    }

    /** Claims of a GitHub Actions job token, as GitHub issues them, valid for 5 minutes from {@code now}. */
    static JWTClaimsSet.Builder github(Instant now, String audience) {
        return timed(now, Duration.ofMinutes(5))
                .issuer(IssuerConfig.GITHUB_ACTIONS_ISSUER)
                .audience(audience)
                .subject("repo:acme/etl:environment:prod")
                .claim("repository", "acme/etl")
                .claim("repository_owner", "acme")
                .claim("repository_id", "4242")
                .claim("workflow", "nightly extract")
                .claim("ref", "refs/heads/main")
                .claim("ref_type", "branch")
                .claim("sha", "8f2d1c3b9a7e6f5d4c3b2a1908f7e6d5c4b3a291")
                .claim("run_id", "1234")
                .claim("run_number", "56")
                .claim("run_attempt", "1")
                .claim("actor", "octocat")
                .claim("event_name", "schedule")
                .claim("environment", "prod")
                .claim("job_workflow_ref", "acme/etl/.github/workflows/nightly.yml@refs/heads/main")
                .claim("runner_environment", "github-hosted");
    }

    /** Claims of a GitLab CI ID token, valid for 5 minutes from {@code now}. */
    static JWTClaimsSet.Builder gitlab(Instant now, String audience) {
        return timed(now, Duration.ofMinutes(5))
                .issuer(GITLAB_ISSUER)
                .audience(audience)
                .subject("project_path:acme/etl:ref_type:branch:ref:main")
                .claim("namespace_id", "72")
                .claim("namespace_path", "acme")
                .claim("project_id", "20")
                .claim("project_path", "acme/etl")
                .claim("user_id", "5")
                .claim("user_login", "alice")
                .claim("pipeline_id", "567")
                .claim("pipeline_source", "push")
                .claim("job_id", "890")
                .claim("ref", "main")
                .claim("ref_type", "branch")
                .claim("ref_protected", "true");
    }

    static JWTClaimsSet.Builder timed(Instant now, Duration ttl) {
        return new JWTClaimsSet.Builder()
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signed with the key's default algorithm (RS256 or ES256) and its kid. */
    static String sign(JWK key, JWTClaimsSet claims) {
        return sign(key, key.getKeyID(), key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256, claims);
    }

    static String sign(JWK key, String kid, JWSAlgorithm algorithm, JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), key, claims);
    }

    static String sign(JWSHeader header, JWK key, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
