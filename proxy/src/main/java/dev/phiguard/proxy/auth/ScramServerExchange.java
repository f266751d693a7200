package dev.phiguard.proxy.auth;

import com.ongres.scram.common.ScramFunctions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange, as PostgreSQL runs it: the server advertises only
 * {@value #MECHANISM}, accepts the gs2 headers {@code n,,} and {@code y,,} (no channel binding),
 * ignores the user name inside the SCRAM messages (the user is the one of the startup message),
 * and answers with an 18-byte base64 server nonce.
 *
 * <p>Call {@link #clientFirst} with the SASLInitialResponse, send the returned server-first-message
 * in an AuthenticationSASLContinue, then call {@link #clientFinal} with the SASLResponse. A
 * {@link Result.Success} carries the server-final-message for AuthenticationSASLFinal. Any other
 * order throws {@link IllegalStateException}; a malformed message throws {@link ScramException}
 * and ends the exchange.
 *
 * <p>For a user that does not exist, {@link #forUnknownUser} runs the same exchange with a salt
 * that is stable per user name, and always ends in {@link Result.Failure}, so that a client cannot
 * tell an unknown user from a wrong password (PostgreSQL's "mock authentication").
 *
 * <p>One instance serves one exchange and is not thread-safe (use it from one event loop).
 */
public final class ScramServerExchange {

    /** The only SASL mechanism offered. */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** The SASL mechanism list to advertise in AuthenticationSASL, in order. */
    public static final List<String> ADVERTISED_MECHANISMS = List.of(MECHANISM);

    private static final int SERVER_NONCE_BYTES = 18;
    private static final int MIN_MOCK_SECRET_BYTES = 16;
    private static final byte[] MOCK_SALT_LABEL = "phiguard mock SCRAM salt\0".getBytes(StandardCharsets.US_ASCII);

    /** The outcome of the client-final-message. */
    public sealed interface Result permits Result.Success, Result.Failure {

        /**
         * The client proved it knows the password.
         *
         * @param serverFinalMessage the server-final-message ({@code v=<ServerSignature>}) to send in
         *     AuthenticationSASLFinal
         */
        record Success(byte[] serverFinalMessage) implements Result {
            /** Copies the message. */
            public Success {
                serverFinalMessage = serverFinalMessage.clone();
            }

            /** @return a copy of the server-final-message */
            @Override
            public byte[] serverFinalMessage() {
                return serverFinalMessage.clone();
            }

            @Override
            public boolean equals(Object other) {
                return other instanceof Success that && Arrays.equals(serverFinalMessage, that.serverFinalMessage);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(serverFinalMessage);
            }

            @Override
            public String toString() {
                return "Success[serverFinalMessage=" + serverFinalMessage.length + " bytes]";
            }
        }

        /**
         * Authentication failed: wrong proof (wrong password), nonce mismatch, or unknown user. The
         * cases are deliberately not told apart.
         */
        record Failure() implements Result {}
    }

    private enum State { AWAITING_CLIENT_FIRST, AWAITING_CLIENT_FINAL, FINISHED }

    private final ScramVerifier verifier;
    private final boolean userExists;
    private final Supplier<String> serverNonces;
    private State state = State.AWAITING_CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstMessageBare;
    private String serverFirstMessage;
    private String nonce;

    /**
     * An exchange for a user whose verifier is known.
     *
     * @param verifier the user's stored verifier
     * @param random source of the server nonce
     */
    public ScramServerExchange(ScramVerifier verifier, SecureRandom random) {
        this(verifier, true, serverNonces(random));
    }

    /** For tests that replay fixed vectors: the server nonce comes from {@code serverNonces}. */
    ScramServerExchange(ScramVerifier verifier, boolean userExists, Supplier<String> serverNonces) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.userExists = userExists;
        this.serverNonces = Objects.requireNonNull(serverNonces, "serverNonces");
    }

    /**
     * A mock exchange for a user name that has no verifier, announcing
     * {@value ScramVerifier#DEFAULT_ITERATIONS} iterations; see
     * {@link #forUnknownUser(String, byte[], int, SecureRandom)}.
     */
    public static ScramServerExchange forUnknownUser(String userName, byte[] mockSecret, SecureRandom random) {
        return forUnknownUser(userName, mockSecret, ScramVerifier.DEFAULT_ITERATIONS, random);
    }

    /**
     * A mock exchange for a user name that has no verifier. Its server-first-message has the same
     * shape as a real one (16-byte salt, the given iteration count, which should be the one of the
     * real verifiers) and the salt is {@code HMAC-SHA-256(mockSecret, userName)} truncated, so that
     * it is the same on every attempt for one user name; the exchange always ends in
     * {@link Result.Failure}.
     *
     * @param userName the user name from the startup message
     * @param mockSecret a server-wide secret of at least 16 random bytes, stable for the process
     *     lifetime (or longer), so that probing cannot tell a real salt from a mock one
     * @param iterations the iteration count to announce: that of the real users' verifiers
     * @param random source of the server nonce and of the unusable keys
     */
    public static ScramServerExchange forUnknownUser(String userName, byte[] mockSecret, int iterations,
            SecureRandom random) {
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(mockSecret, "mockSecret");
        Objects.requireNonNull(random, "random");
        if (mockSecret.length < MIN_MOCK_SECRET_BYTES) {
            throw new IllegalArgumentException("mock secret must be at least " + MIN_MOCK_SECRET_BYTES + " bytes");
        }
        byte[] user = userName.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[MOCK_SALT_LABEL.length + user.length];
        System.arraycopy(MOCK_SALT_LABEL, 0, message, 0, MOCK_SALT_LABEL.length);
        System.arraycopy(user, 0, message, MOCK_SALT_LABEL.length, user.length);
        byte[] salt = Arrays.copyOf(ScramFunctions.hmac(ScramVerifier.MECHANISM, mockSecret, message),
                ScramVerifier.SALT_LENGTH);
        // keys nobody knows: the proof is still checked (same work as a real exchange) but cannot match
        byte[] storedKey = new byte[ScramVerifier.KEY_LENGTH];
        byte[] serverKey = new byte[ScramVerifier.KEY_LENGTH];
        random.nextBytes(storedKey);
        random.nextBytes(serverKey);
        ScramVerifier mock = new ScramVerifier(salt, iterations, storedKey, serverKey);
        return new ScramServerExchange(mock, false, serverNonces(random));
    }

    private static Supplier<String> serverNonces(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] raw = new byte[SERVER_NONCE_BYTES];
            random.nextBytes(raw);
            return Base64.getEncoder().encodeToString(raw);
        };
    }

    /**
     * Processes the client-first-message of a SASLInitialResponse.
     *
     * @param mechanism the mechanism the client selected
     * @param clientFirstMessage the initial response bytes
     * @return the server-first-message ({@code r=<nonce>,s=<salt>,i=<iterations>})
     * @throws ScramException if the mechanism is not {@value #MECHANISM}, the client asks for
     *     channel binding or an authorization identity, or the message is malformed
     * @throws IllegalStateException if called more than once
     */
    public byte[] clientFirst(String mechanism, byte[] clientFirstMessage) throws ScramException {
        requireState(State.AWAITING_CLIENT_FIRST, "clientFirst");
        state = State.FINISHED; // until the message is accepted
        checkMechanism(mechanism);
        String message = decodeUtf8(clientFirstMessage, "client-first-message");
        if (message.isEmpty()) {
            throw new ScramException("malformed SCRAM client-first-message: it is empty");
        }
        String header = readGs2Header(message);
        String bare = message.substring(header.length());
        ScramAttributeReader reader = new ScramAttributeReader(bare, "client-first-message");
        if (reader.peekName() == 'm') {
            throw new ScramException("SCRAM mandatory extensions (m=) are not supported");
        }
        reader.read('n', "user name"); // ignored: the user is the one of the startup message
        String clientNonce = reader.read('r', "nonce");
        checkNonce(clientNonce);
        while (!reader.atEnd()) {
            reader.readAny(); // optional extensions are ignored, as PostgreSQL does
        }

        gs2Header = header;
        clientFirstMessageBare = bare;
        nonce = clientNonce + serverNonces.get();
        serverFirstMessage = "r=" + nonce
                + ",s=" + Base64.getEncoder().encodeToString(verifier.salt())
                + ",i=" + verifier.iterations();
        state = State.AWAITING_CLIENT_FINAL;
        return serverFirstMessage.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Processes the client-final-message of a SASLResponse and checks the client's proof in
     * constant time.
     *
     * @return {@link Result.Success} with the server-final-message, or {@link Result.Failure}
     * @throws ScramException if the message is malformed or its channel-binding attribute does not
     *     repeat the gs2 header
     * @throws IllegalStateException if {@link #clientFirst} has not succeeded, or called twice
     */
    public Result clientFinal(byte[] clientFinalMessage) throws ScramException {
        requireState(State.AWAITING_CLIENT_FINAL, "clientFinal");
        state = State.FINISHED;
        String message = decodeUtf8(clientFinalMessage, "client-final-message");
        ScramAttributeReader reader = new ScramAttributeReader(message, "client-final-message");

        byte[] channelBinding = decodeBase64(reader.read('c', "channel binding"), "channel binding");
        if (!MessageDigest.isEqual(channelBinding, gs2Header.getBytes(StandardCharsets.US_ASCII))) {
            throw new ScramException(
                    "SCRAM channel binding check failed: the c= attribute must repeat the gs2 header of the client-first-message");
        }
        String finalNonce = reader.read('r', "nonce");
        int proofStart = -1;
        String proofText = null;
        while (!reader.atEnd()) {
            int start = reader.position();
            boolean isProof = reader.peekName() == 'p';
            String value = reader.readAny();
            if (isProof) {
                proofStart = start;
                proofText = value;
                break;
            }
        }
        if (proofText == null) {
            throw new ScramException("malformed SCRAM client-final-message: the proof attribute 'p=' is missing");
        }
        if (!reader.atEnd()) {
            throw new ScramException("malformed SCRAM client-final-message: the proof must be the last attribute");
        }
        byte[] proof = decodeBase64(proofText, "proof");
        if (proof.length != ScramVerifier.KEY_LENGTH) {
            throw new ScramException("malformed SCRAM client-final-message: the proof must be 32 bytes");
        }

        String withoutProof = message.substring(0, proofStart - 1); // drop the comma before p=
        String authMessage = clientFirstMessageBare + "," + serverFirstMessage + "," + withoutProof;
        boolean nonceMatches = MessageDigest.isEqual(
                finalNonce.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8));
        boolean proofMatches = proofMatches(proof, authMessage);
        if (!(nonceMatches & proofMatches & userExists)) {
            return new Result.Failure();
        }
        byte[] serverKey = verifier.serverKey();
        byte[] serverSignature = ScramFunctions.serverSignature(ScramVerifier.MECHANISM, serverKey, authMessage);
        Arrays.fill(serverKey, (byte) 0);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new Result.Success(serverFinal.getBytes(StandardCharsets.US_ASCII));
    }

    private boolean proofMatches(byte[] proof, String authMessage) {
        byte[] storedKey = verifier.storedKey();
        byte[] clientSignature = ScramFunctions.clientSignature(ScramVerifier.MECHANISM, storedKey, authMessage);
        byte[] clientKey = ScramFunctions.clientProof(proof, clientSignature); // XOR recovers ClientKey
        byte[] computedStoredKey = ScramFunctions.hash(ScramVerifier.MECHANISM, clientKey);
        boolean matches = MessageDigest.isEqual(computedStoredKey, storedKey);
        Arrays.fill(clientKey, (byte) 0);
        Arrays.fill(clientSignature, (byte) 0);
        Arrays.fill(storedKey, (byte) 0);
        return matches;
    }

    private void requireState(State expected, String method) {
        if (state != expected) {
            throw new IllegalStateException("SCRAM exchange: " + method + " called in state " + state);
        }
    }

    private static void checkMechanism(String mechanism) throws ScramException {
        if (MECHANISM.equals(mechanism)) {
            return;
        }
        if ("SCRAM-SHA-256-PLUS".equals(mechanism)) {
            throw new ScramException("SASL mechanism SCRAM-SHA-256-PLUS (channel binding) is not offered; use SCRAM-SHA-256");
        }
        throw new ScramException("unsupported SASL mechanism: only SCRAM-SHA-256 is offered");
    }

    private static String readGs2Header(String message) throws ScramException {
        char flag = message.charAt(0);
        if (flag == 'p') {
            throw new ScramException(
                    "SCRAM channel binding (gs2 flag 'p') was requested but is not offered; use SCRAM-SHA-256 without channel binding");
        }
        if ((flag != 'n' && flag != 'y') || message.length() < 3 || message.charAt(1) != ',') {
            throw new ScramException("malformed SCRAM client-first-message: it must start with the gs2 header 'n,,' or 'y,,'");
        }
        if (message.charAt(2) == 'a') {
            throw new ScramException("SCRAM authorization identity (a=) is not supported");
        }
        if (message.charAt(2) != ',') {
            throw new ScramException("malformed SCRAM client-first-message: it must start with the gs2 header 'n,,' or 'y,,'");
        }
        return message.substring(0, 3);
    }

    private static void checkNonce(String clientNonce) throws ScramException {
        if (clientNonce.isEmpty()) {
            throw new ScramException("malformed SCRAM client-first-message: the nonce is empty");
        }
        for (int i = 0; i < clientNonce.length(); i++) {
            char c = clientNonce.charAt(i);
            if (c < 0x21 || c > 0x7e) { // printable ASCII; ',' cannot occur inside an attribute
                throw new ScramException("malformed SCRAM client-first-message: the nonce must be printable ASCII");
            }
        }
    }

    private static byte[] decodeBase64(String text, String what) throws ScramException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ScramException("malformed SCRAM client-final-message: the " + what + " is not valid base64");
        }
    }

    private static String decodeUtf8(byte[] bytes, String messageName) throws ScramException {
        if (bytes == null) {
            throw new ScramException("malformed SCRAM " + messageName + ": it is missing");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ScramException("malformed SCRAM " + messageName + ": it is not valid UTF-8");
        }
    }

    @Override
    public String toString() {
        return "ScramServerExchange[state=" + state + "]";
    }
}
