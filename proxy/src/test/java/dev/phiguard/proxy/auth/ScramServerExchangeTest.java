package dev.phiguard.proxy.auth;

import static dev.phiguard.proxy.auth.ScramVectors.*;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.StringPreparation;
import dev.phiguard.proxy.auth.ScramServerExchange.Result;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramServerExchangeTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MOCK_SECRET = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
    /** PostgreSQL's server-first-message shape: 18-byte base64 server nonce, 16-byte salt, 4096 iterations. */
    private static final Pattern SERVER_FIRST_SHAPE =
            Pattern.compile("r=(?<client>[!-+\\--~]+)[A-Za-z0-9+/]{24},s=(?<salt>[A-Za-z0-9+/]{22}==),i=4096");

    private final ScramVerifier pencil = ScramVerifier.parse(PG_PENCIL_VERIFIER);

    @Test
    void reproducesTheRfc7677Exchange() throws Exception {
        ScramVerifier verifier = ScramVerifier.derive(
                RFC_PASSWORD.toCharArray(), Base64.getDecoder().decode(RFC_SALT_BASE64), 4096);
        ScramServerExchange exchange = new ScramServerExchange(verifier, true, () -> RFC_SERVER_NONCE);

        byte[] serverFirst = exchange.clientFirst("SCRAM-SHA-256", RFC_CLIENT_FIRST.getBytes(UTF_8));
        Result result = exchange.clientFinal(RFC_CLIENT_FINAL.getBytes(UTF_8));

        assertThat(new String(serverFirst, UTF_8)).isEqualTo(RFC_SERVER_FIRST);
        assertThat(result).isEqualTo(new Result.Success(RFC_SERVER_FINAL.getBytes(UTF_8)));
    }

    @Test
    void ongresClientWithTheRightPasswordSucceedsAndAcceptsTheServerSignature() throws Exception {
        ScramClient client = ongresClient("pencil");
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);

        Result result = run(exchange, client);

        assertThat(result).isInstanceOf(Result.Success.class);
        String serverFinal = new String(((Result.Success) result).serverFinalMessage(), UTF_8);
        assertThat(client.serverFinalMessage(serverFinal).getVerifier()).hasSize(32); // throws if the signature is wrong
    }

    @Test
    void verifiersComputedByPostgresqlAuthenticateTheirPasswords() throws Exception {
        assertThat(run(new ScramServerExchange(ScramVerifier.parse(PG_ASCII_VERIFIER), RANDOM),
                ongresClient(PG_ASCII_PASSWORD))).isInstanceOf(Result.Success.class);
        assertThat(run(new ScramServerExchange(ScramVerifier.parse(PG_SASLPREP_VERIFIER), RANDOM),
                ongresClient(PG_SASLPREP_PASSWORD))).isInstanceOf(Result.Success.class);
    }

    @Test
    void wrongPasswordFails() throws Exception {
        assertThat(run(new ScramServerExchange(pencil, RANDOM), ongresClient("pencil2")))
                .isEqualTo(new Result.Failure());
    }

    @Test
    void acceptsTheClientYesServerNoGs2Header() throws Exception {
        ScramClient client = ScramClient.builder()
                .advertisedMechanisms(ScramServerExchange.ADVERTISED_MECHANISMS)
                .username("*")
                .password("pencil".toCharArray())
                .channelBinding("tls-server-end-point", new byte[] {1, 2, 3}) // supported, but not offered: "y,,"
                .build();
        String clientFirst = client.clientFirstMessage().toString();
        assertThat(clientFirst).startsWith("y,,");
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", clientFirst.getBytes(UTF_8)), UTF_8);
        client.serverFirstMessage(serverFirst);

        Result result = exchange.clientFinal(client.clientFinalMessage().toString().getBytes(UTF_8));

        assertThat(result).isInstanceOf(Result.Success.class);
    }

    @Test
    void acceptsLibpqEmptyUserNameAndIgnoresExtensions() throws Exception {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        String bare = "n=,r=libpqNonce123,x=ignored";
        String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", ("n,," + bare).getBytes(UTF_8)), UTF_8);
        String clientFinal = HandRolledScramClient.clientFinal(
                "pencil", bare, serverFirst, "c=biws,r=" + HandRolledScramClient.nonceOf(serverFirst));

        assertThat(exchange.clientFinal(clientFinal.getBytes(UTF_8))).isInstanceOf(Result.Success.class);
    }

    @Test
    void serverFirstHasPostgresqlShapeAndEchoesTheClientNonce() throws Exception {
        String serverFirst = new String(new ScramServerExchange(pencil, RANDOM)
                .clientFirst("SCRAM-SHA-256", "n,,n=*,r=abc".getBytes(UTF_8)), UTF_8);

        var matcher = SERVER_FIRST_SHAPE.matcher(serverFirst);
        assertThat(matcher.matches()).as(serverFirst).isTrue();
        assertThat(matcher.group("client")).isEqualTo("abc");
        assertThat(matcher.group("salt")).isEqualTo(Base64.getEncoder().encodeToString(pencil.salt()));
    }

    @Test
    void unknownUserFailsWithTheRightLookingPassword() throws Exception {
        ScramServerExchange exchange = ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, RANDOM);

        assertThat(run(exchange, ongresClient("pencil"))).isEqualTo(new Result.Failure());
    }

    @Test
    void unknownUserFailsEvenWithAProofForItsMockSalt() throws Exception {
        ScramServerExchange exchange = ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, RANDOM);
        String bare = "n=,r=attacker";
        String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", ("n,," + bare).getBytes(UTF_8)), UTF_8);
        String clientFinal = HandRolledScramClient.clientFinal(
                "guess", bare, serverFirst, "c=biws,r=" + HandRolledScramClient.nonceOf(serverFirst));

        assertThat(exchange.clientFinal(clientFinal.getBytes(UTF_8))).isEqualTo(new Result.Failure());
    }

    @Test
    void anExchangeMarkedUnknownUserFailsEvenWithTheRightProof() throws Exception {
        ScramServerExchange exchange = new ScramServerExchange(pencil, false, () -> "serverNonce");

        assertThat(run(exchange, ongresClient("pencil"))).isEqualTo(new Result.Failure());
    }

    @Test
    void unknownUserServerFirstLooksRealAndIsStablePerUserName() throws Exception {
        String real = serverFirst(new ScramServerExchange(ScramVerifier.create("pw".toCharArray(), RANDOM), RANDOM));
        String mock1 = serverFirst(ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, RANDOM));
        String mock2 = serverFirst(ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, RANDOM));
        String otherName = serverFirst(ScramServerExchange.forUnknownUser("nobody2", MOCK_SECRET, RANDOM));
        String otherSecret = serverFirst(ScramServerExchange.forUnknownUser(
                "nobody", "fedcba9876543210fedcba9876543210".getBytes(UTF_8), RANDOM));

        for (String message : List.of(real, mock1, mock2, otherName, otherSecret)) {
            assertThat(SERVER_FIRST_SHAPE.matcher(message).matches()).as(message).isTrue();
        }
        assertThat(saltAndIterations(mock1)).isEqualTo(saltAndIterations(mock2));
        assertThat(nonce(mock1)).isNotEqualTo(nonce(mock2));
        assertThat(saltAndIterations(otherName)).isNotEqualTo(saltAndIterations(mock1));
        assertThat(saltAndIterations(otherSecret)).isNotEqualTo(saltAndIterations(mock1));
    }

    @Test
    void aVerifierWithFewIterationsAuthenticatesAndTheMockAnnouncesTheSameCount() throws Exception {
        // the broker mints lease verifiers with 16 iterations (their passwords are 192 random bits)
        ScramVerifier few = ScramVerifier.derive("pencil".toCharArray(), new byte[16], 16);
        ScramClient client = ongresClient("pencil");
        Result result = run(new ScramServerExchange(few, RANDOM), client);
        assertThat(result).isInstanceOf(Result.Success.class);
        assertThat(client.serverFinalMessage(new String(((Result.Success) result).serverFinalMessage(), UTF_8))
                .getVerifier()).hasSize(32);
        assertThat(run(new ScramServerExchange(few, RANDOM), ongresClient("pencil2"))).isEqualTo(new Result.Failure());

        String real = serverFirst(new ScramServerExchange(few, RANDOM));
        String mock = serverFirst(ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, 16, RANDOM));
        assertThat(real).endsWith(",i=16");
        assertThat(mock).endsWith(",i=16");
        assertThat(serverFirst(ScramServerExchange.forUnknownUser("nobody", MOCK_SECRET, RANDOM))).endsWith(",i=4096");
    }

    @Test
    void mockSecretMustBeLongEnough() {
        assertThatThrownBy(() -> ScramServerExchange.forUnknownUser("nobody", new byte[15], RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 16 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SCRAM-SHA-256-PLUS", "SCRAM-SHA-1", "PLAIN", "scram-sha-256", ""})
    void rejectsOtherMechanisms(String mechanism) {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);

        assertThatThrownBy(() -> exchange.clientFirst(mechanism, "n,,n=,r=abc".getBytes(UTF_8)))
                .isInstanceOf(ScramException.class)
                .hasMessageContaining("SCRAM-SHA-256");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "n",
        "n,",
        "n,,",
        "n,,n=SECRET",
        "n,,n=SECRET,r=",
        "n,,r=SECRET",
        "n,,n=SECRET,x=SECRET",
        "n,,n=SECRET,r=SECRET,",
        "n,,n=SECRET,r=SEC RET",
        "n,,n=SECRET,r=SECR\u00c9T",
        "n,,n=SECRET,r=SECRET,1=SECRET",
        "x,,n=SECRET,r=SECRET",
        "n=SECRET,r=SECRET",
        "nn,n=SECRET,r=SECRET",
        "n,x,n=SECRET,r=SECRET",
        "n,a=SECRET,n=SECRET,r=SECRET",
        "n,,m=SECRET,n=SECRET,r=SECRET",
        "p=tls-server-end-point,,n=SECRET,r=SECRET",
        "p=tls-unique,,n=,r=SECRET",
    })
    void rejectsMalformedClientFirstMessages(String message) {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);

        Throwable thrown = catchThrowable(() -> exchange.clientFirst("SCRAM-SHA-256", message.getBytes(UTF_8)));

        assertThat(thrown).isInstanceOf(ScramException.class);
        assertThat(thrown.getMessage()).doesNotContain("SECRET");
        assertThatThrownBy(() -> exchange.clientFinal("c=biws,r=x,p=x".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void channelBindingRequestIsRejectedClearly() {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);

        assertThatThrownBy(() -> exchange.clientFirst("SCRAM-SHA-256", "p=tls-server-end-point,,n=,r=abc".getBytes(UTF_8)))
                .isInstanceOf(ScramException.class)
                .hasMessageContaining("channel binding")
                .hasMessageContaining("not offered");
    }

    @Test
    void rejectsInvalidUtf8AndNull() {
        assertThatThrownBy(() -> new ScramServerExchange(pencil, RANDOM)
                .clientFirst("SCRAM-SHA-256", new byte[] {'n', ',', ',', 'n', '=', (byte) 0xC3, ',', 'r', '=', 'a'}))
                .isInstanceOf(ScramException.class)
                .hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> new ScramServerExchange(pencil, RANDOM).clientFirst("SCRAM-SHA-256", null))
                .isInstanceOf(ScramException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "garbage",
        "c=biws",
        "c=biws,r={nonce}",
        "r={nonce},c=biws,p={proof}",
        "c=biws,p={proof},r={nonce}",
        "c=biws,r={nonce},p=",
        "c=biws,r={nonce},p=!!notbase64!!",
        "c=biws,r={nonce},p=AAAA",
        "c=biws,r={nonce},p={proof},x=trailing",
        "c=biws,r={nonce},p={proof},",
        "c=,r={nonce},p={proof}",
        "c=eSws,r={nonce},p={proof}",
        "c=cD10bHMtdW5pcXVlLCw=,r={nonce},p={proof}",
        "c=bi!ws,r={nonce},p={proof}",
    })
    void rejectsMalformedClientFinalMessages(String template) throws Exception {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        String bare = "n=,r=clientNonce";
        String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", ("n,," + bare).getBytes(UTF_8)), UTF_8);
        String nonce = HandRolledScramClient.nonceOf(serverFirst);
        String rightFinal = HandRolledScramClient.clientFinal("pencil", bare, serverFirst, "c=biws,r=" + nonce);
        String proof = rightFinal.substring(rightFinal.indexOf(",p=") + 3);
        String message = template.replace("{nonce}", nonce).replace("{proof}", proof);

        assertThatThrownBy(() -> exchange.clientFinal(message.getBytes(UTF_8))).isInstanceOf(ScramException.class);
        assertThatThrownBy(() -> exchange.clientFinal(rightFinal.getBytes(UTF_8))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void alteredNonceFailsEvenWithAProofComputedForIt() throws Exception {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        String bare = "n=,r=clientNonce";
        String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", ("n,," + bare).getBytes(UTF_8)), UTF_8);
        String alteredNonce = HandRolledScramClient.nonceOf(serverFirst) + "X";
        String clientFinal = HandRolledScramClient.clientFinal("pencil", bare, serverFirst, "c=biws,r=" + alteredNonce);

        assertThat(exchange.clientFinal(clientFinal.getBytes(UTF_8))).isEqualTo(new Result.Failure());
    }

    @Test
    void replayedClientFinalFromAnotherExchangeFails() throws Exception {
        ScramClient client = ongresClient("pencil");
        ScramServerExchange first = new ScramServerExchange(pencil, RANDOM);
        String clientFirst = client.clientFirstMessage().toString();
        client.serverFirstMessage(new String(first.clientFirst("SCRAM-SHA-256", clientFirst.getBytes(UTF_8)), UTF_8));
        byte[] clientFinal = client.clientFinalMessage().toString().getBytes(UTF_8);
        assertThat(first.clientFinal(clientFinal)).isInstanceOf(Result.Success.class);

        ScramServerExchange second = new ScramServerExchange(pencil, RANDOM);
        second.clientFirst("SCRAM-SHA-256", clientFirst.getBytes(UTF_8));

        assertThat(second.clientFinal(clientFinal)).isEqualTo(new Result.Failure());
    }

    @Test
    void tamperedProofFails() throws Exception {
        ScramClient client = ongresClient("pencil");
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        client.serverFirstMessage(new String(exchange.clientFirst("SCRAM-SHA-256",
                client.clientFirstMessage().toString().getBytes(UTF_8)), UTF_8));
        byte[] clientFinal = client.clientFinalMessage().toString().getBytes(UTF_8);
        int proofStart = new String(clientFinal, UTF_8).indexOf(",p=") + 3;
        clientFinal[proofStart] = (byte) (clientFinal[proofStart] == 'A' ? 'B' : 'A');

        assertThat(exchange.clientFinal(clientFinal)).isEqualTo(new Result.Failure());
    }

    @Test
    void callsOutOfOrderThrowIllegalState() throws Exception {
        ScramServerExchange fresh = new ScramServerExchange(pencil, RANDOM);
        assertThatThrownBy(() -> fresh.clientFinal("c=biws,r=a,p=a".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);

        ScramServerExchange started = new ScramServerExchange(pencil, RANDOM);
        started.clientFirst("SCRAM-SHA-256", "n,,n=,r=abc".getBytes(UTF_8));
        assertThatThrownBy(() -> started.clientFirst("SCRAM-SHA-256", "n,,n=,r=abc".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);

        ScramClient client = ongresClient("wrong");
        ScramServerExchange finished = new ScramServerExchange(pencil, RANDOM);
        run(finished, client);
        assertThatThrownBy(() -> finished.clientFinal("c=biws,r=a,p=a".getBytes(UTF_8)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void randomAndMutatedInputNeverThrowsAnythingButScramException() throws Exception {
        Random random = new Random(42);
        String validFirst = "n,,n=*,r=abcdefghijklmnop";
        ScramVerifier cheap = ScramVerifier.derive("pencil".toCharArray(), new byte[16], 1); // fast to attack
        int[] outcomes = new int[3]; // success, failure, ScramException
        for (int i = 0; i < 3000; i++) {
            byte[] first = i % 2 == 0 ? randomBytes(random) : mutate(validFirst.getBytes(UTF_8), random);
            ScramServerExchange exchange = new ScramServerExchange(cheap, RANDOM);
            try {
                String serverFirst = new String(exchange.clientFirst("SCRAM-SHA-256", first), UTF_8);
                String bare = new String(first, UTF_8).substring(3);
                String validFinal = HandRolledScramClient.clientFinal(
                        "pencil", bare, serverFirst, "c=biws,r=" + HandRolledScramClient.nonceOf(serverFirst));
                byte[] last = i % 3 == 0 ? randomBytes(random)
                        : i % 3 == 1 ? validFinal.getBytes(UTF_8) : mutate(validFinal.getBytes(UTF_8), random);
                outcomes[exchange.clientFinal(last) instanceof Result.Success ? 0 : 1]++;
            } catch (ScramException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                outcomes[2]++;
            }
        }
        assertThat(outcomes).as("success, failure, ScramException counts").doesNotContain(0);
    }

    @Test
    void toStringsRevealNoSecrets() throws Exception {
        ScramServerExchange exchange = new ScramServerExchange(pencil, RANDOM);
        Result result = run(exchange, ongresClient("pencil"));

        assertThat(exchange.toString()).isEqualTo("ScramServerExchange[state=FINISHED]");
        assertThat(result.toString()).doesNotContain("v=").matches("Success\\[serverFinalMessage=\\d+ bytes]");
    }

    private static ScramClient ongresClient(String password) {
        return ScramClient.builder()
                .advertisedMechanisms(ScramServerExchange.ADVERTISED_MECHANISMS)
                .username("*") // what pgjdbc sends
                .password(password.toCharArray())
                .stringPreparation(StringPreparation.POSTGRESQL_PREPARATION)
                .build();
    }

    private static Result run(ScramServerExchange exchange, ScramClient client) throws Exception {
        byte[] serverFirst = exchange.clientFirst("SCRAM-SHA-256", client.clientFirstMessage().toString().getBytes(UTF_8));
        client.serverFirstMessage(new String(serverFirst, UTF_8));
        return exchange.clientFinal(client.clientFinalMessage().toString().getBytes(UTF_8));
    }

    private static String serverFirst(ScramServerExchange exchange) throws ScramException {
        return new String(exchange.clientFirst("SCRAM-SHA-256", "n,,n=,r=sameClientNonce".getBytes(UTF_8)), UTF_8);
    }

    private static String saltAndIterations(String serverFirst) {
        return serverFirst.substring(serverFirst.indexOf(",s="));
    }

    private static String nonce(String serverFirst) {
        return HandRolledScramClient.nonceOf(serverFirst);
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(60)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] copy = valid.clone();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return random.nextInt(4) == 0 ? java.util.Arrays.copyOf(copy, random.nextInt(copy.length + 1)) : copy;
    }
}
