package dev.phiguard.proxy.auth;

import static dev.phiguard.proxy.auth.ScramVectors.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScramVerifierTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ascii    | " + PG_ASCII_PASSWORD + " | " + PG_ASCII_VERIFIER,
            "saslprep | " + PG_SASLPREP_PASSWORD + " | " + PG_SASLPREP_VERIFIER,
            "pencil   | pencil | " + PG_PENCIL_VERIFIER,
    })
    void derivesExactlyWhatPostgresqlStored(String name, String password, String stored) {
        ScramVerifier parsed = ScramVerifier.parse(stored);

        ScramVerifier derived = ScramVerifier.derive(password.toCharArray(), parsed.salt(), parsed.iterations());

        assertThat(derived).isEqualTo(parsed);
        assertThat(derived.encode()).isEqualTo(stored);
    }

    @Test
    void appliesSaslprepLikePostgresql() {
        ScramVerifier stored = ScramVerifier.parse(PG_SASLPREP_VERIFIER);

        assertThat(ScramVerifier.derive(PG_SASLPREP_NORMALIZED.toCharArray(), stored.salt(), 4096)).isEqualTo(stored);
        assertThat(ScramVerifier.derive("I\u00ADX".toCharArray(), stored.salt(), 4096)).isNotEqualTo(stored);
    }

    @Test
    void createMatchesAnIndependentPbkdf2Computation() throws Exception {
        char[] password = "s3cr\u00e9t password".toCharArray();

        ScramVerifier verifier = ScramVerifier.create(password, new SecureRandom());

        assertThat(verifier.iterations()).isEqualTo(4096);
        assertThat(verifier.salt()).hasSize(16);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, verifier.salt(), 4096, 256)).getEncoded();
        byte[] clientKey = hmac(salted, "Client Key");
        assertThat(verifier.storedKey()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(clientKey));
        assertThat(verifier.serverKey()).isEqualTo(hmac(salted, "Server Key"));
    }

    @Test
    void rfc7677KeysVerifyTheRfcProof() throws Exception {
        ScramVerifier verifier = ScramVerifier.derive(
                RFC_PASSWORD.toCharArray(), Base64.getDecoder().decode(RFC_SALT_BASE64), 4096);
        String authMessage = RFC_CLIENT_FIRST.substring(3) + "," + RFC_SERVER_FIRST + ","
                + RFC_CLIENT_FINAL.substring(0, RFC_CLIENT_FINAL.indexOf(",p="));

        byte[] serverSignature = hmac(verifier.serverKey(), authMessage);

        assertThat("v=" + Base64.getEncoder().encodeToString(serverSignature)).isEqualTo(RFC_SERVER_FINAL);
    }

    @Test
    void freshVerifiersOfOnePasswordDiffer() {
        SecureRandom random = new SecureRandom();
        ScramVerifier first = ScramVerifier.create("pw".toCharArray(), random);
        ScramVerifier second = ScramVerifier.create("pw".toCharArray(), random);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.salt()).isNotEqualTo(second.salt());
    }

    @Test
    void equalityIsByContentAndArraysAreCopied() {
        byte[] salt = new byte[16];
        byte[] stored = new byte[32];
        byte[] server = new byte[32];
        ScramVerifier verifier = new ScramVerifier(salt, 4096, stored, server);

        salt[0] = 1;
        stored[0] = 1;
        verifier.serverKey()[0] = 1;

        ScramVerifier same = new ScramVerifier(new byte[16], 4096, new byte[32], new byte[32]);
        assertThat(verifier).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(verifier).isNotEqualTo(new ScramVerifier(new byte[16], 4097, new byte[32], new byte[32]));
        assertThat(verifier.storedKey()).containsOnly(0);
    }

    @Test
    void toStringShowsOnlyTheIterationCount() {
        ScramVerifier verifier = ScramVerifier.parse(PG_ASCII_VERIFIER);

        assertThat(verifier.toString()).isEqualTo("ScramVerifier[iterations=4096]");
    }

    @Test
    void rejectsAnEmptyPassword() {
        assertThatThrownBy(() -> ScramVerifier.create(new char[0], new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("password must not be empty");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "empty                | \"\"                                                                       | must start with 'SCRAM-SHA-256$'",
            "md5                  | md5SECRETSECRETSECRETSECRET                                              | must start with 'SCRAM-SHA-256$'",
            "other hash           | SCRAM-SHA-1$4096:SECRET=$SECRET=:SECRET=                                 | must start with 'SCRAM-SHA-256$'",
            "no keys              | SCRAM-SHA-256$4096:SECRETSECRET                                          | must have the form",
            "extra part           | SCRAM-SHA-256$4096:c2FsdA==$SECRET$SECRET                                | must have the form",
            "no salt separator    | SCRAM-SHA-256$4096$SECRETSECRETSECRETSECRETSECRETSECRETSECRE=:SECRET     | '<iterations>:<salt>'",
            "one key              | SCRAM-SHA-256$4096:c2FsdA==$SECRETSECRETSECRETSECRETSECRETSECRETSECRE=   | '<StoredKey>:<ServerKey>'",
            "iterations text      | SCRAM-SHA-256$SECRET:c2FsdA==$AAAA:AAAA                                  | iteration count is not a positive decimal integer",
            "iterations negative  | SCRAM-SHA-256$-1:c2FsdA==$AAAA:AAAA                                      | iteration count is not a positive decimal integer",
            "iterations zero      | SCRAM-SHA-256$0:c2FsdA==$AAAA:AAAA                                       | iteration count is out of range",
            "iterations huge      | SCRAM-SHA-256$9999999999:c2FsdA==$AAAA:AAAA                              | iteration count is out of range",
            "salt not base64      | SCRAM-SHA-256$4096:SECRET!!$AAAA:AAAA                                    | salt is not valid base64",
            "salt empty           | SCRAM-SHA-256$4096:$AAAA:AAAA                                            | salt is empty",
            "stored not base64    | SCRAM-SHA-256$4096:c2FsdA==$SECRET!!:AAAA                                | StoredKey is not valid base64",
            "stored short         | SCRAM-SHA-256$4096:c2FsdA==$U0VDUkVU:0JNAWgynUxl3gYQhdBKkiBO1us4LIygdndto5L0JVLA= | StoredKey must decode to 32 bytes",
            "server short         | SCRAM-SHA-256$4096:c2FsdA==$0JNAWgynUxl3gYQhdBKkiBO1us4LIygdndto5L0JVLA=:U0VDUkVU | ServerKey must decode to 32 bytes",
    })
    void parseNamesWhatIsWrongWithoutEchoingTheInput(String name, String encoded, String expected) {
        assertThatThrownBy(() -> ScramVerifier.parse(encoded))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("U0VDUkVU"));
    }

    private static byte[] hmac(byte[] key, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    }
}
