package dev.phiguard.proxy.auth;

import static dev.phiguard.proxy.wire.MessageType.AUTH_CLEARTEXT_PASSWORD;
import static dev.phiguard.proxy.wire.MessageType.AUTH_GSS;
import static dev.phiguard.proxy.wire.MessageType.AUTH_GSS_CONTINUE;
import static dev.phiguard.proxy.wire.MessageType.AUTH_KERBEROS_V5;
import static dev.phiguard.proxy.wire.MessageType.AUTH_MD5_PASSWORD;
import static dev.phiguard.proxy.wire.MessageType.AUTH_OK;
import static dev.phiguard.proxy.wire.MessageType.AUTH_SASL;
import static dev.phiguard.proxy.wire.MessageType.AUTH_SASL_CONTINUE;
import static dev.phiguard.proxy.wire.MessageType.AUTH_SASL_FINAL;
import static dev.phiguard.proxy.wire.MessageType.AUTH_SCM_CREDENTIAL;
import static dev.phiguard.proxy.wire.MessageType.AUTH_SSPI;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.ClientFirstMessage;
import com.ongres.scram.common.ServerFirstMessage;
import com.ongres.scram.common.StringPreparation;
import com.ongres.scram.common.exception.ScramInvalidServerSignatureException;
import com.ongres.scram.common.exception.ScramParseException;
import com.ongres.scram.common.exception.ScramServerErrorException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The proxy's side of logging in to the real PostgreSQL server with the target's own credential:
 * a state machine fed with each Authentication message (type {@code 'R'}) the server sends, that
 * answers with the next {@link Step}.
 *
 * <p>Supported: trust (AuthenticationOk straight away), cleartext password, MD5 password and
 * SASL SCRAM-SHA-256 without channel binding (through the ongres SCRAM client, as pgjdbc does).
 * The server's SCRAM signature is verified: a server that does not know the password cannot
 * complete the exchange, and an AuthenticationOk that arrives before a started SCRAM exchange is
 * complete is refused. Kerberos, GSSAPI, SSPI, SCM credentials and unknown methods end in
 * {@link Step.Failed} naming the method.
 *
 * <p>SCRAM's costly step, PBKDF2 of the password with the server's salt and iteration count, is
 * done through the credential's {@link ScramClientKeys}: a second login with the same password to
 * a server answering with the same salt and count reuses the {@code ClientKey} and
 * {@code ServerKey} derived the first time. The exchange itself (nonces, proof, the check of the
 * server's signature) runs in full every time.
 *
 * <p>The password is copied on construction and the copy is zeroed as soon as it has been used
 * (for SCRAM: once the keys for the server's salt are known) or the exchange has ended.
 * {@link #toString} never shows it. One instance serves one login and is not thread-safe (use it
 * from one event loop).
 */
public final class UpstreamAuthenticator {

    /**
     * Highest SCRAM iteration count accepted from the server, so that a hostile server cannot pin
     * a proxy thread in PBKDF2 (PostgreSQL's default is 4096).
     */
    public static final int MAX_SCRAM_ITERATIONS = 1_000_000;

    private static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** PostgreSQL clients do not repeat the user name inside SCRAM; pgjdbc sends "*". */
    private static final String SCRAM_USER_NAME = "*";

    /** What to do after an Authentication message. */
    public sealed interface Step
            permits Step.SendPassword, Step.SendSaslInitial, Step.SendSaslResponse, Step.AwaitNext,
                    Step.Authenticated, Step.Failed {

        /**
         * Send a PasswordMessage ({@code 'p'}) with this body: for cleartext the password, for MD5
         * {@code "md5" + md5hex(md5hex(password + user) + salt)}, each followed by a NUL byte.
         * The array is not copied: it holds a secret, the caller may zero it once written.
         */
        record SendPassword(byte[] passwordMessageBody) implements Step {
            @Override
            public String toString() {
                return "SendPassword[" + passwordMessageBody.length + " bytes, redacted]";
            }
        }

        /**
         * Send a SASLInitialResponse ({@code 'p'}) selecting {@code mechanism} with the
         * client-first-message {@code data}.
         */
        record SendSaslInitial(String mechanism, byte[] data) implements Step {
            /** Copies the data. */
            public SendSaslInitial {
                data = data.clone();
            }

            /** @return a copy of the client-first-message */
            @Override
            public byte[] data() {
                return data.clone();
            }

            @Override
            public String toString() {
                return "SendSaslInitial[mechanism=" + mechanism + ", " + data.length + " bytes]";
            }
        }

        /**
         * Send a SASLResponse ({@code 'p'}) with the client-final-message {@code data}, which
         * carries the client proof. The array is not copied; the caller may zero it once written.
         */
        record SendSaslResponse(byte[] data) implements Step {
            @Override
            public String toString() {
                return "SendSaslResponse[" + data.length + " bytes, redacted]";
            }
        }

        /** Nothing to send: the server's signature is verified, the next message is AuthenticationOk. */
        record AwaitNext() implements Step {}

        /** The server accepted the login. */
        record Authenticated() implements Step {}

        /**
         * The login cannot go on; close the upstream connection.
         *
         * @param reason a secret-free explanation naming the method or the problem
         */
        record Failed(String reason) implements Step {}
    }

    private enum State {
        AWAITING_REQUEST, PASSWORD_SENT, SCRAM_FIRST_SENT, SCRAM_FINAL_SENT, SCRAM_VERIFIED, AUTHENTICATED, FAILED
    }

    private final String user;
    private final String scramUserName;
    private final Supplier<String> nonceSupplier;
    private final ScramClientKeys scramKeys;
    private char[] password;
    /** The client-first-message sent, and its nonce. */
    private String clientFirst;
    private String clientNonce;
    private ScramClient scramClient;
    private State state = State.AWAITING_REQUEST;

    /**
     * A login that derives its SCRAM keys afresh.
     *
     * @param user the PostgreSQL role name sent in the startup message (used by MD5)
     * @param password the role's password, or {@code null} when the server is expected to trust the
     *     proxy; copied, the caller may zero its array
     */
    public UpstreamAuthenticator(String user, char[] password) {
        this(user, password, new ScramClientKeys());
    }

    /**
     * A login that takes its SCRAM keys from, and adds them to, the keys of its credential.
     *
     * @param scramKeys the keys derived from this credential's password before
     */
    public UpstreamAuthenticator(String user, char[] password, ScramClientKeys scramKeys) {
        this(user, password, SCRAM_USER_NAME, null, scramKeys);
    }

    /** For tests that replay fixed vectors: a given SCRAM user name and client nonce. */
    UpstreamAuthenticator(String user, char[] password, String scramUserName, Supplier<String> nonceSupplier) {
        this(user, password, scramUserName, nonceSupplier, new ScramClientKeys());
    }

    UpstreamAuthenticator(String user, char[] password, String scramUserName, Supplier<String> nonceSupplier,
                          ScramClientKeys scramKeys) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password == null || password.length == 0 ? null : password.clone();
        this.scramUserName = Objects.requireNonNull(scramUserName, "scramUserName");
        this.nonceSupplier = nonceSupplier;
        this.scramKeys = Objects.requireNonNull(scramKeys, "scramKeys");
    }

    /**
     * Handles one Authentication message.
     *
     * @param code the int32 subtype after the message length ({@code AUTH_OK} of {@link dev.phiguard.proxy.wire.MessageType}, ...)
     * @param data the bytes after the subtype ({@code null} is read as empty)
     * @return what to send next, or a terminal {@link Step.Authenticated} / {@link Step.Failed}
     */
    public Step onAuthenticationRequest(int code, byte[] data) {
        byte[] body = data == null ? new byte[0] : data;
        Step step = switch (state) {
            case AWAITING_REQUEST -> firstRequest(code, body);
            case PASSWORD_SENT -> code == AUTH_OK
                    ? authenticated()
                    : fail("server sent " + describe(code) + " after the password was sent");
            case SCRAM_FIRST_SENT -> code == AUTH_SASL_CONTINUE
                    ? scramServerFirst(body)
                    : unexpectedDuringScram(code);
            case SCRAM_FINAL_SENT -> code == AUTH_SASL_FINAL
                    ? scramServerFinal(body)
                    : unexpectedDuringScram(code);
            case SCRAM_VERIFIED -> code == AUTH_OK
                    ? authenticated()
                    : fail("server sent " + describe(code) + " after a completed SCRAM exchange");
            case AUTHENTICATED, FAILED -> fail("server sent " + describe(code) + " after authentication had ended");
        };
        if (step instanceof Step.Authenticated || step instanceof Step.Failed) {
            clearPassword();
            scramClient = null; // drop the derived keys it holds
        }
        return step;
    }

    private Step firstRequest(int code, byte[] data) {
        return switch (code) {
            case AUTH_OK -> authenticated(); // trust: no challenge was asked
            case AUTH_CLEARTEXT_PASSWORD -> cleartext();
            case AUTH_MD5_PASSWORD -> md5(data);
            case AUTH_SASL -> saslStart(data);
            case AUTH_SASL_CONTINUE, AUTH_SASL_FINAL -> fail("server sent " + describe(code) + " before starting SASL");
            default -> fail("server requested " + describe(code) + ", which the proxy does not support");
        };
    }

    private Step cleartext() {
        if (password == null) {
            return fail("server requested a cleartext password but no password is configured");
        }
        byte[] passwordBytes = utf8(password);
        byte[] body = Arrays.copyOf(passwordBytes, passwordBytes.length + 1);
        Arrays.fill(passwordBytes, (byte) 0);
        clearPassword();
        state = State.PASSWORD_SENT;
        return new Step.SendPassword(body);
    }

    private Step md5(byte[] salt) {
        if (password == null) {
            return fail("server requested an MD5 password but no password is configured");
        }
        if (salt.length != 4) {
            return fail("malformed AuthenticationMD5Password: the salt must be 4 bytes");
        }
        byte[] passwordBytes = utf8(password);
        byte[] inner = md5Hex(passwordBytes, user.getBytes(StandardCharsets.UTF_8));
        byte[] outer = md5Hex(inner, salt);
        Arrays.fill(passwordBytes, (byte) 0);
        Arrays.fill(inner, (byte) 0);
        byte[] body = new byte[3 + outer.length + 1];
        body[0] = 'm';
        body[1] = 'd';
        body[2] = '5';
        System.arraycopy(outer, 0, body, 3, outer.length);
        clearPassword();
        state = State.PASSWORD_SENT;
        return new Step.SendPassword(body);
    }

    private Step saslStart(byte[] data) {
        List<String> mechanisms = parseMechanisms(data);
        if (mechanisms == null) {
            return fail("malformed AuthenticationSASL: the mechanism list must be NUL-terminated names ending with an empty name");
        }
        if (!mechanisms.contains(SCRAM_SHA_256)) {
            return fail("server offers SASL mechanisms " + printable(mechanisms) + " but not SCRAM-SHA-256");
        }
        if (password == null) {
            return fail("server requested SCRAM-SHA-256 authentication but no password is configured");
        }
        try {
            // the keys depend on the server's salt, unknown until its first message: this client only writes the
            // client-first-message (with a fresh nonce); the exchange goes on with one built with the real keys
            ClientFirstMessage opening = scramClient(nonceSupplier, new byte[32], new byte[32]).clientFirstMessage();
            clientFirst = opening.toString();
            clientNonce = opening.getClientNonce();
        } catch (RuntimeException e) {
            clearPassword();
            return fail("could not start the SCRAM-SHA-256 exchange");
        }
        state = State.SCRAM_FIRST_SENT;
        return new Step.SendSaslInitial(SCRAM_SHA_256, clientFirst.getBytes(StandardCharsets.UTF_8));
    }

    private Step scramServerFirst(byte[] data) {
        String serverFirstText = new String(data, StandardCharsets.UTF_8);
        ServerFirstMessage serverFirst;
        try {
            serverFirst = ServerFirstMessage.parseFrom(serverFirstText, clientNonce);
        } catch (ScramParseException | RuntimeException e) {
            return fail("malformed SCRAM server-first-message from the server");
        }
        if (serverFirst.getIterationCount() > MAX_SCRAM_ITERATIONS) {
            return fail("server asked for " + serverFirst.getIterationCount()
                    + " SCRAM iterations, more than the limit of " + MAX_SCRAM_ITERATIONS);
        }
        String clientFinal;
        try {
            byte[] salt = Base64.getDecoder().decode(serverFirst.getSalt());
            ScramClientKeys.Keys keys = scramKeys.keysFor(password, salt, serverFirst.getIterationCount());
            clearPassword();
            String nonce = clientNonce;
            ScramClient client = scramClient(() -> nonce, keys.clientKey(), keys.serverKey());
            if (!client.clientFirstMessage().toString().equals(clientFirst)) {
                return fail("could not continue the SCRAM-SHA-256 exchange");
            }
            client.serverFirstMessage(serverFirstText);
            clientFinal = client.clientFinalMessage().toString();
            scramClient = client;
        } catch (ScramParseException | RuntimeException e) {
            return fail("SCRAM server-first-message from the server is unusable (bad salt or iteration count)");
        }
        state = State.SCRAM_FINAL_SENT;
        return new Step.SendSaslResponse(clientFinal.getBytes(StandardCharsets.UTF_8));
    }

    /** An ongres SCRAM-SHA-256 client (as pgjdbc uses) that works from given keys rather than the password. */
    private ScramClient scramClient(Supplier<String> nonces, byte[] clientKey, byte[] serverKey) {
        ScramClient.FinalBuildStage builder = ScramClient.builder()
                .advertisedMechanisms(List.of(SCRAM_SHA_256)) // never let the library pick another one
                .username(scramUserName)
                .clientAndServerKey(clientKey, serverKey)
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION);
        if (nonces != null) {
            builder.nonceSupplier(nonces);
        }
        return builder.build();
    }

    private Step scramServerFinal(byte[] data) {
        try {
            scramClient.serverFinalMessage(new String(data, StandardCharsets.UTF_8));
        } catch (ScramInvalidServerSignatureException e) {
            return fail("SCRAM server signature is invalid: the server does not know the password");
        } catch (ScramServerErrorException e) {
            return fail("server reported a SCRAM error: " + printable(e.getServerError()));
        } catch (ScramParseException | RuntimeException e) {
            return fail("malformed SCRAM server-final-message from the server");
        }
        state = State.SCRAM_VERIFIED;
        return new Step.AwaitNext();
    }

    private Step unexpectedDuringScram(int code) {
        if (code == AUTH_OK) {
            return fail("server sent AuthenticationOk before completing the SCRAM exchange");
        }
        return fail("server sent " + describe(code) + " in the middle of the SCRAM exchange");
    }

    private Step authenticated() {
        state = State.AUTHENTICATED;
        return new Step.Authenticated();
    }

    private Step fail(String reason) {
        state = State.FAILED;
        return new Step.Failed(reason);
    }

    private void clearPassword() {
        if (password != null) {
            Arrays.fill(password, '\0');
            password = null;
        }
    }

    /** @return the names, or {@code null} if the list is not terminated as the protocol requires */
    private static List<String> parseMechanisms(byte[] data) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] != 0) {
                continue;
            }
            if (i == start) { // the empty name ends the list and must be the last byte
                return i == data.length - 1 && !names.isEmpty() ? names : null;
            }
            names.add(new String(data, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
        }
        return null;
    }

    private static String describe(int code) {
        return switch (code) {
            case AUTH_OK -> "AuthenticationOk";
            case AUTH_KERBEROS_V5 -> "Kerberos V5 authentication";
            case AUTH_CLEARTEXT_PASSWORD -> "cleartext password authentication";
            case AUTH_MD5_PASSWORD -> "MD5 password authentication";
            case AUTH_SCM_CREDENTIAL -> "SCM credential authentication";
            case AUTH_GSS -> "GSSAPI authentication";
            case AUTH_GSS_CONTINUE -> "GSSAPI continuation";
            case AUTH_SSPI -> "SSPI authentication";
            case AUTH_SASL -> "SASL authentication";
            case AUTH_SASL_CONTINUE -> "AuthenticationSASLContinue";
            case AUTH_SASL_FINAL -> "AuthenticationSASLFinal";
            default -> "an unknown authentication method (code " + code + ")";
        };
    }

    /** Server-supplied text, cut short and reduced to printable ASCII before it goes into a reason. */
    private static String printable(Object serverText) {
        String text = String.valueOf(serverText);
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    /** @return the lower-case hex MD5 of {@code first || second}, as ASCII bytes */
    private static byte[] md5Hex(byte[] first, byte[] second) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(first);
            md5.update(second);
            byte[] digest = md5.digest();
            byte[] hex = new byte[digest.length * 2]; // no String: md5(password + user) is itself a credential
            for (int i = 0; i < digest.length; i++) {
                hex[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
                hex[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
            }
            Arrays.fill(digest, (byte) 0);
            return hex;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "UpstreamAuthenticator[user=" + user + ", state=" + state + "]";
    }
}
