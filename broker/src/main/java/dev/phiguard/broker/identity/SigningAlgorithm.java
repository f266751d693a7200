package dev.phiguard.broker.identity;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * The JWS algorithms an issuer may be trusted with: public-key signatures only. HMAC ({@code HS256} …) and
 * {@code none} cannot be named here, so a configuration can never let a token be "signed" with a shared secret
 * or with nothing at all.
 */
public enum SigningAlgorithm {
    RS256(JWSAlgorithm.RS256),
    RS384(JWSAlgorithm.RS384),
    RS512(JWSAlgorithm.RS512),
    PS256(JWSAlgorithm.PS256),
    PS384(JWSAlgorithm.PS384),
    PS512(JWSAlgorithm.PS512),
    ES256(JWSAlgorithm.ES256),
    ES384(JWSAlgorithm.ES384),
    ES512(JWSAlgorithm.ES512);

    private final JWSAlgorithm jws;

    SigningAlgorithm(JWSAlgorithm jws) {
        this.jws = jws;
    }

    JWSAlgorithm jws() {
        return jws;
    }

    /**
     * The algorithm with this JWS name.
     *
     * @throws IllegalArgumentException naming the accepted algorithms, for {@code HS256}, {@code none} or any
     *                                  other name
     */
    public static SigningAlgorithm parse(String name) {
        for (SigningAlgorithm algorithm : values()) {
            if (algorithm.name().equals(name)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unsupported signing algorithm \"" + Text.printable(String.valueOf(name), 20)
                + "\"; use one of " + java.util.Arrays.toString(values())
                + " (shared-secret HMAC algorithms and none are never accepted)");
    }
}
