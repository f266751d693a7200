package dev.phiguard.broker.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.ArrayList;
import java.util.List;

/** Real keys generated for the tests, and the strings that must never show up in a message or a log line. */
final class Keys {

    private Keys() {
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWKSet publicSet(JWK... keys) {
        List<JWK> list = new ArrayList<>();
        for (JWK key : keys) {
            list.add(key.toPublicJWK());
        }
        return new JWKSet(list);
    }

    /** The private parameters of a key, each as it appears in its JWK JSON, plus the whole private JWK. */
    static List<String> secretsOf(JWK key) {
        List<String> secrets = new ArrayList<>();
        secrets.add(key.toJSONString());
        if (key instanceof RSAKey rsa) {
            secrets.add(rsa.getPrivateExponent().toString());
            secrets.add(rsa.getFirstPrimeFactor().toString());
            secrets.add(rsa.getSecondPrimeFactor().toString());
        } else if (key instanceof ECKey ec) {
            secrets.add(ec.getD().toString());
        }
        return secrets;
    }

    /** A token and the parts of it that identify it (signature, signing input). */
    static List<String> secretsOfToken(String token) {
        List<String> secrets = new ArrayList<>();
        secrets.add(token);
        int lastDot = token.lastIndexOf('.');
        if (lastDot > 0) {
            secrets.add(token.substring(0, lastDot));
            if (token.length() - lastDot > 16) {
                secrets.add(token.substring(lastDot + 1));
            }
        }
        return secrets;
    }
}
