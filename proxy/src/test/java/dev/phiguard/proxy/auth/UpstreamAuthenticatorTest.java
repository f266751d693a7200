package dev.phiguard.proxy.auth;

import static dev.phiguard.proxy.auth.ScramVectors.*;
import static dev.phiguard.proxy.wire.MessageType.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.proxy.auth.ScramServerExchange.Result;
import dev.phiguard.proxy.auth.UpstreamAuthenticator.Step;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamAuthenticatorTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SCRAM_ONLY = "SCRAM-SHA-256\0\0".getBytes(UTF_8);

    @Test
    void trustNeedsNoPassword() {
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator("app", null);

        assertThat(authenticator.onAuthenticationRequest(AUTH_OK, new byte[0])).isEqualTo(new Step.Authenticated());
    }

    @Test
    void cleartextSendsThePasswordWithATerminatingNul() {
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator("app", "s\u00e9cret".toCharArray());

        Step step = authenticator.onAuthenticationRequest(AUTH_CLEARTEXT_PASSWORD, new byte[0]);

        assertThat(step).isInstanceOf(Step.SendPassword.class);
        assertThat(((Step.SendPassword) step).passwordMessageBody()).isEqualTo("s\u00e9cret\0".getBytes(UTF_8));
        assertThat(authenticator.onAuthenticationRequest(AUTH_OK, null)).isEqualTo(new Step.Authenticated());
    }

    @Test
    void md5MatchesAnIndependentComputation() throws Exception {
        byte[] salt = {0x01, (byte) 0xA2, 0x33, (byte) 0xF4};
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator("postgres", "secret".toCharArray());

        Step step = authenticator.onAuthenticationRequest(AUTH_MD5_PASSWORD, salt);

        String inner = md5Hex("secretpostgres".getBytes(UTF_8));
        String expected = "md5" + md5Hex(concat(inner.getBytes(UTF_8), salt)) + "\0";
        assertThat(new String(((Step.SendPassword) step).passwordMessageBody(), UTF_8)).isEqualTo(expected);
        assertThat(authenticator.onAuthenticationRequest(AUTH_OK, new byte[0])).isEqualTo(new Step.Authenticated());
    }

    @Test
    void md5MatchesWhatPostgresqlChecksAgainstItsStoredHash() throws Exception {
        byte[] salt = {0x7f, 0x00, (byte) 0x80, 0x10};
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator(PG_MD5_USER, "secret".toCharArray());

        Step step = authenticator.onAuthenticationRequest(AUTH_MD5_PASSWORD, salt);

        // PostgreSQL's check: "md5" + md5hex(<stored hash without "md5"> + salt)
        String expected = "md5" + md5Hex(concat(PG_MD5_STORED.substring(3).getBytes(UTF_8), salt)) + "\0";
        assertThat(new String(((Step.SendPassword) step).passwordMessageBody(), UTF_8)).isEqualTo(expected);
    }

    @Test
    void scramAgainstOurServerExchangeSucceeds() throws Exception {
        ScramServerExchange server = new ScramServerExchange(ScramVerifier.parse(PG_PENCIL_VERIFIER), RANDOM);
        UpstreamAuthenticator client = new UpstreamAuthenticator("app", "pencil".toCharArray());

        Step initial = client.onAuthenticationRequest(AUTH_SASL, "SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0".getBytes(UTF_8));
        assertThat(initial).isInstanceOf(Step.SendSaslInitial.class);
        Step.SendSaslInitial sasl = (Step.SendSaslInitial) initial;
        assertThat(sasl.mechanism()).isEqualTo("SCRAM-SHA-256");
        assertThat(new String(sasl.data(), UTF_8)).startsWith("n,,n=*,r=");

        byte[] serverFirst = server.clientFirst(sasl.mechanism(), sasl.data());
        Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, serverFirst);
        assertThat(response).isInstanceOf(Step.SendSaslResponse.class);

        Result result = server.clientFinal(((Step.SendSaslResponse) response).data());
        assertThat(result).isInstanceOf(Result.Success.class);
        Step afterFinal = client.onAuthenticationRequest(AUTH_SASL_FINAL, ((Result.Success) result).serverFinalMessage());
        assertThat(afterFinal).isEqualTo(new Step.AwaitNext());
        assertThat(client.onAuthenticationRequest(AUTH_OK, new byte[0])).isEqualTo(new Step.Authenticated());
    }

    @Test
    void scramWithAWrongPasswordIsRefusedByOurServer() throws Exception {
        ScramServerExchange server = new ScramServerExchange(ScramVerifier.parse(PG_PENCIL_VERIFIER), RANDOM);
        UpstreamAuthenticator client = new UpstreamAuthenticator("app", "pencil!".toCharArray());

        Step.SendSaslInitial initial = (Step.SendSaslInitial) client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, server.clientFirst(initial.mechanism(), initial.data()));

        assertThat(server.clientFinal(((Step.SendSaslResponse) response).data())).isEqualTo(new Result.Failure());
    }

    @Test
    void reproducesTheRfc7677ClientSide() {
        UpstreamAuthenticator client = new UpstreamAuthenticator(
                "ignored", RFC_PASSWORD.toCharArray(), RFC_USER, () -> RFC_CLIENT_NONCE);

        Step initial = client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, RFC_SERVER_FIRST.getBytes(UTF_8));
        Step afterFinal = client.onAuthenticationRequest(AUTH_SASL_FINAL, RFC_SERVER_FINAL.getBytes(UTF_8));

        assertThat(new String(((Step.SendSaslInitial) initial).data(), UTF_8)).isEqualTo(RFC_CLIENT_FIRST);
        assertThat(new String(((Step.SendSaslResponse) response).data(), UTF_8)).isEqualTo(RFC_CLIENT_FINAL);
        assertThat(afterFinal).isEqualTo(new Step.AwaitNext());
        assertThat(client.onAuthenticationRequest(AUTH_OK, new byte[0])).isEqualTo(new Step.Authenticated());
    }

    @Test
    void aServerThatDoesNotKnowThePasswordCannotPass() {
        UpstreamAuthenticator client = rfcClientAfterServerFirst();
        byte[] forged = new byte[32];
        RANDOM.nextBytes(forged);

        Step step = client.onAuthenticationRequest(AUTH_SASL_FINAL,
                ("v=" + Base64.getEncoder().encodeToString(forged)).getBytes(UTF_8));

        assertFailed(step, "signature is invalid");
        assertFailed(client.onAuthenticationRequest(AUTH_OK, new byte[0]), "after authentication had ended");
    }

    @Test
    void aServerThatSkipsTheFinalMessageCannotPass() {
        assertFailed(rfcClientAfterServerFirst().onAuthenticationRequest(AUTH_OK, new byte[0]),
                "AuthenticationOk before completing the SCRAM exchange");

        UpstreamAuthenticator client = new UpstreamAuthenticator("app", "pw".toCharArray());
        client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        assertFailed(client.onAuthenticationRequest(AUTH_OK, new byte[0]),
                "AuthenticationOk before completing the SCRAM exchange");
    }

    @Test
    void serverReportedScramErrorIsNamed() {
        assertFailed(rfcClientAfterServerFirst().onAuthenticationRequest(AUTH_SASL_FINAL, "e=invalid-proof".getBytes(UTF_8)),
                "server reported a SCRAM error: invalid-proof");
    }

    @ParameterizedTest(name = "code {0}")
    @CsvSource(delimiter = '|', value = {
            "2  | Kerberos V5",
            "6  | SCM credential",
            "7  | GSSAPI",
            "8  | GSSAPI",
            "9  | SSPI",
            "42 | unknown authentication method (code 42)",
            "-1 | unknown authentication method (code -1)",
    })
    void unsupportedMethodsFailNamingTheMethod(int code, String method) {
        assertFailed(new UpstreamAuthenticator("app", "pw".toCharArray()).onAuthenticationRequest(code, new byte[0]), method);
    }

    @Test
    void saslWithoutScramSha256Fails() {
        Step step = new UpstreamAuthenticator("app", "pw".toCharArray())
                .onAuthenticationRequest(AUTH_SASL, "SCRAM-SHA-256-PLUS\0OAUTHBEARER\0\0".getBytes(UTF_8));

        assertFailed(step, "[SCRAM-SHA-256-PLUS, OAUTHBEARER] but not SCRAM-SHA-256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\0", "SCRAM-SHA-256", "SCRAM-SHA-256\0", "SCRAM-SHA-256\0\0\0", "SCRAM-SHA-256\0\0x"})
    void malformedMechanismListFails(String list) {
        assertFailed(new UpstreamAuthenticator("app", "pw".toCharArray()).onAuthenticationRequest(AUTH_SASL, list.getBytes(UTF_8)),
                "malformed AuthenticationSASL");
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {AUTH_CLEARTEXT_PASSWORD, AUTH_MD5_PASSWORD, AUTH_SASL})
    void passwordRequiredButNoneConfiguredFails(int code) {
        byte[] data = code == AUTH_MD5_PASSWORD ? new byte[4] : SCRAM_ONLY;

        assertFailed(new UpstreamAuthenticator("app", null).onAuthenticationRequest(code, data), "no password is configured");
        assertFailed(new UpstreamAuthenticator("app", new char[0]).onAuthenticationRequest(code, data), "no password is configured");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5})
    void md5SaltMustBeFourBytes(int length) {
        assertFailed(new UpstreamAuthenticator("app", "pw".toCharArray()).onAuthenticationRequest(AUTH_MD5_PASSWORD, new byte[length]),
                "salt must be 4 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=notanumber",
        "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
        "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-5",
        "r=rOprNGfwEbeRWgbNEkqOabc,s=!!!,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOabc,i=4096,s=W22ZaJ0SNY7soEsUEjb6gQ==",
    })
    void malformedServerFirstFails(String serverFirst) {
        UpstreamAuthenticator client = new UpstreamAuthenticator("app", "pw".toCharArray(), "*", () -> RFC_CLIENT_NONCE);
        client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);

        Step step = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, serverFirst.getBytes(UTF_8));

        assertThat(step).isInstanceOf(Step.Failed.class);
    }

    @Test
    void tooManyIterationsFailBeforeAnyWork() {
        UpstreamAuthenticator client = new UpstreamAuthenticator("app", "pw".toCharArray(), "*", () -> RFC_CLIENT_NONCE);
        client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);

        Step step = client.onAuthenticationRequest(AUTH_SASL_CONTINUE,
                "r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2147483647".getBytes(UTF_8));

        assertFailed(step, "more than the limit of 1000000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "v=", "v=!!!", "x=abc"})
    void malformedServerFinalFails(String serverFinal) {
        assertThat(rfcClientAfterServerFirst().onAuthenticationRequest(AUTH_SASL_FINAL, serverFinal.getBytes(UTF_8)))
                .isInstanceOf(Step.Failed.class);
    }

    @Test
    void outOfOrderServerMessagesFail() {
        assertFailed(new UpstreamAuthenticator("app", "pw".toCharArray()).onAuthenticationRequest(AUTH_SASL_CONTINUE, new byte[0]),
                "before starting SASL");
        assertFailed(new UpstreamAuthenticator("app", "pw".toCharArray()).onAuthenticationRequest(AUTH_SASL_FINAL, new byte[0]),
                "before starting SASL");

        UpstreamAuthenticator afterInitial = new UpstreamAuthenticator("app", "pw".toCharArray());
        afterInitial.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        assertFailed(afterInitial.onAuthenticationRequest(AUTH_SASL_FINAL, RFC_SERVER_FINAL.getBytes(UTF_8)),
                "in the middle of the SCRAM exchange");

        UpstreamAuthenticator afterPassword = new UpstreamAuthenticator("app", "pw".toCharArray());
        afterPassword.onAuthenticationRequest(AUTH_CLEARTEXT_PASSWORD, new byte[0]);
        assertFailed(afterPassword.onAuthenticationRequest(AUTH_MD5_PASSWORD, new byte[4]), "after the password was sent");

        UpstreamAuthenticator afterOk = new UpstreamAuthenticator("app", null);
        afterOk.onAuthenticationRequest(AUTH_OK, new byte[0]);
        assertFailed(afterOk.onAuthenticationRequest(AUTH_CLEARTEXT_PASSWORD, new byte[0]), "after authentication had ended");

        UpstreamAuthenticator afterFailure = new UpstreamAuthenticator("app", null);
        afterFailure.onAuthenticationRequest(AUTH_GSS, new byte[0]);
        assertFailed(afterFailure.onAuthenticationRequest(AUTH_OK, new byte[0]), "after authentication had ended");
    }

    @Test
    void theCallersPasswordArrayIsLeftAlone() {
        char[] password = "pencil".toCharArray();
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator("app", password);
        authenticator.onAuthenticationRequest(AUTH_CLEARTEXT_PASSWORD, new byte[0]);

        assertThat(password).containsExactly("pencil".toCharArray());
    }

    @Test
    void nothingPrintedRevealsThePassword() {
        UpstreamAuthenticator authenticator = new UpstreamAuthenticator("app", "hunter2".toCharArray());
        String before = authenticator.toString();
        Step step = authenticator.onAuthenticationRequest(AUTH_CLEARTEXT_PASSWORD, new byte[0]);

        assertThat(before).isEqualTo("UpstreamAuthenticator[user=app, state=AWAITING_REQUEST]");
        assertThat(step.toString()).doesNotContain("hunter2").contains("redacted");
        assertThat(authenticator.toString()).doesNotContain("hunter2");

        UpstreamAuthenticator scram = rfcClientAfterServerFirst();
        assertThat(scram.toString()).doesNotContain(RFC_PASSWORD);
    }

    // ---- the SCRAM keys of a credential, shared by its logins

    @Test
    void loginsWithOneCredentialDeriveItsKeysOnceAndAllSucceed() throws Exception {
        ScramClientKeys keys = new ScramClientKeys();
        ScramVerifier verifier = ScramVerifier.parse(PG_PENCIL_VERIFIER);

        for (int i = 0; i < 3; i++) {
            assertThat(login(new UpstreamAuthenticator("app", "pencil".toCharArray(), keys), verifier))
                    .as("login %d", i).isEqualTo(new Step.Authenticated());
        }

        assertThat(keys.derivations()).isEqualTo(1);
    }

    @Test
    void aServerWithANewSaltOrCountIsAnsweredWithKeysDerivedAgain() throws Exception {
        ScramClientKeys keys = new ScramClientKeys();
        assertThat(login(new UpstreamAuthenticator("app", "pencil".toCharArray(), keys),
                ScramVerifier.parse(PG_PENCIL_VERIFIER))).isEqualTo(new Step.Authenticated());

        // the server's password was set again (same password, new salt), then with another iteration count
        ScramVerifier newSalt = ScramVerifier.create("pencil".toCharArray(), RANDOM);
        assertThat(login(new UpstreamAuthenticator("app", "pencil".toCharArray(), keys), newSalt))
                .isEqualTo(new Step.Authenticated());
        assertThat(keys.derivations()).isEqualTo(2);
        ScramVerifier newCount = ScramVerifier.derive("pencil".toCharArray(), newSalt.salt(), 16);
        assertThat(login(new UpstreamAuthenticator("app", "pencil".toCharArray(), keys), newCount))
                .isEqualTo(new Step.Authenticated());
        assertThat(keys.derivations()).isEqualTo(3);
    }

    @Test
    void theKeysOfOnePasswordNeverServeAnother() throws Exception {
        ScramClientKeys keys = new ScramClientKeys();
        ScramVerifier verifier = ScramVerifier.parse(PG_PENCIL_VERIFIER);
        assertThat(login(new UpstreamAuthenticator("app", "pencil".toCharArray(), keys), verifier))
                .isEqualTo(new Step.Authenticated());

        UpstreamAuthenticator wrong = new UpstreamAuthenticator("app", "pencil!".toCharArray(), keys);
        Step.SendSaslInitial initial = (Step.SendSaslInitial) wrong.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        ScramServerExchange server = new ScramServerExchange(verifier, RANDOM);
        Step response = wrong.onAuthenticationRequest(AUTH_SASL_CONTINUE,
                server.clientFirst(initial.mechanism(), initial.data()));

        assertThat(server.clientFinal(((Step.SendSaslResponse) response).data())).isEqualTo(new Result.Failure());
        assertThat(keys.derivations()).isEqualTo(2);
    }

    @Test
    void aServerThatDoesNotKnowThePasswordCannotPassWithRememberedKeysEither() {
        ScramClientKeys keys = new ScramClientKeys();
        for (int i = 0; i < 2; i++) {
            UpstreamAuthenticator client = new UpstreamAuthenticator(
                    "app", RFC_PASSWORD.toCharArray(), RFC_USER, () -> RFC_CLIENT_NONCE, keys);
            client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
            Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, RFC_SERVER_FIRST.getBytes(UTF_8));
            assertThat(new String(((Step.SendSaslResponse) response).data(), UTF_8)).isEqualTo(RFC_CLIENT_FINAL);
            byte[] forged = new byte[32];
            RANDOM.nextBytes(forged);
            assertFailed(client.onAuthenticationRequest(AUTH_SASL_FINAL,
                    ("v=" + Base64.getEncoder().encodeToString(forged)).getBytes(UTF_8)), "signature is invalid");
        }
        assertThat(keys.derivations()).isEqualTo(1);
    }

    /** Runs a whole SCRAM login of {@code client} against our server side holding {@code verifier}. */
    private static Step login(UpstreamAuthenticator client, ScramVerifier verifier) throws Exception {
        ScramServerExchange server = new ScramServerExchange(verifier, RANDOM);
        Step.SendSaslInitial initial = (Step.SendSaslInitial) client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE,
                server.clientFirst(initial.mechanism(), initial.data()));
        Result result = server.clientFinal(((Step.SendSaslResponse) response).data());
        if (!(result instanceof Result.Success success)) {
            return new Step.Failed("the server refused the proof");
        }
        Step afterFinal = client.onAuthenticationRequest(AUTH_SASL_FINAL, success.serverFinalMessage());
        assertThat(afterFinal).isEqualTo(new Step.AwaitNext());
        return client.onAuthenticationRequest(AUTH_OK, new byte[0]);
    }

    /** An RFC 7677 client that has just answered the server-first-message. */
    private static UpstreamAuthenticator rfcClientAfterServerFirst() {
        UpstreamAuthenticator client = new UpstreamAuthenticator(
                "app", RFC_PASSWORD.toCharArray(), RFC_USER, () -> RFC_CLIENT_NONCE);
        client.onAuthenticationRequest(AUTH_SASL, SCRAM_ONLY);
        Step response = client.onAuthenticationRequest(AUTH_SASL_CONTINUE, RFC_SERVER_FIRST.getBytes(UTF_8));
        assertThat(new String(((Step.SendSaslResponse) response).data(), UTF_8)).isEqualTo(RFC_CLIENT_FINAL);
        return client;
    }

    private static void assertFailed(Step step, String reasonFragment) {
        assertThat(step).isInstanceOf(Step.Failed.class);
        assertThat(((Step.Failed) step).reason()).contains(reasonFragment);
    }

    private static String md5Hex(byte[] input) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(input));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
