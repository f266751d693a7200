package dev.phiguard.proxy.wire;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.phiguard.proxy.wire.Hex.dump;
import static dev.phiguard.proxy.wire.Hex.encode;
import static dev.phiguard.proxy.wire.Hex.int4;
import static dev.phiguard.proxy.wire.Hex.ordered;
import static dev.phiguard.proxy.wire.Hex.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * One golden vector per client message: decoding the bytes gives the message, encoding the message gives the bytes.
 * Vectors marked "captured" are bytes that psql 15 / pgjdbc 42.7 sent to PostgreSQL 15 (see
 * {@code src/test/resources/wire/*.hex}); the others were written from the protocol documentation.
 */
class FrontendMessagesGoldenTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                arguments("StartupMessage (captured, psql)",
                        "0000003a00030000 7573657200 616c69636500 646174616261736500 636c696e696300"
                                + " 6170706c69636174696f6e5f6e616d6500 7073716c00 00",
                        new StartupMessage(MessageType.PROTOCOL_3_0, ordered(
                                "user", "alice", "database", "clinic", "application_name", "psql"))),
                arguments("StartupMessage (captured, pgjdbc)",
                        "00000058000300007573657200616c69636500646174616261736500636c696e696300636c69656e745f656e"
                                + "636f64696e67005554463800446174655374796c650049534f0054696d655a6f6e65004574632f5554430000",
                        new StartupMessage(ordered("user", "alice", "database", "clinic", "client_encoding", "UTF8",
                                "DateStyle", "ISO", "TimeZone", "Etc/UTC"))),
                arguments("StartupMessage protocol 3.2",
                        "00000012 00030002 7573657200 73766300 00",
                        new StartupMessage(3 << 16 | 2, ordered("user", "svc"))),
                arguments("SSLRequest (captured)", "00000008 04d2162f", SslRequest.INSTANCE),
                arguments("GSSENCRequest", "00000008 04d21630", GssEncRequest.INSTANCE),
                arguments("CancelRequest", "00000010 04d2162e 00001092 075bcd15", new CancelRequest(4242, 123456789)),
                arguments("Query (captured)",
                        "5100000037 73656c6563742069642c206e616d652c2073736e2c20646f622066726f6d2070617469656e74206f"
                                + "7264657220627920696400",
                        new Query("select id, name, ssn, dob from patient order by id")),
                arguments("Query empty statement (captured)", "5100000006 3b00", new Query(";")),
                arguments("Parse (captured, pgjdbc)",
                        "500000004c 00 73656c6563742069642c206e616d652c2073736e2066726f6d2070617469656e74207768657265"
                                + "206964203d202431206f72206e616d65203d20243200 0002 00000017 00000413",
                        new Parse("", "select id, name, ssn from patient where id = $1 or name = $2",
                                List.of(23, 1043))),
                arguments("Parse named, no parameter types",
                        "5000000012 733100 73656c656374203100 0000", new Parse("s1", "select 1", List.of())),
                arguments("Bind (captured, pgjdbc: int4 binary + text)",
                        "4200000027 00 00 0002 0001 0000 0002 00000004 00000001 0000000b 416c616e20547572696e67 0000",
                        new Bind("", "", List.of((short) 1, (short) 0), List.of(int4(1), text("Alan Turing")),
                                List.of())),
                arguments("Bind NULL and empty parameters, binary results",
                        "420000001a 703100 733100 0000 0002 ffffffff 00000000 0001 0001",
                        new Bind("p1", "s1", List.of(), Arrays.asList(null, text("")), List.of((short) 1))),
                arguments("Describe portal (captured, pgjdbc)", "4400000006 50 00", new Describe('P', "")),
                arguments("Describe statement", "4400000008 53 733100", new Describe('S', "s1")),
                arguments("Execute (captured, pgjdbc)", "4500000009 00 00000000", new Execute("", 0)),
                arguments("Execute with row limit", "450000000b 633100 00000064", new Execute("c1", 100)),
                arguments("Sync (captured)", "5300000004", Sync.INSTANCE),
                arguments("Flush", "4800000004", Flush.INSTANCE),
                arguments("Close statement", "4300000008 53 733100", new Close('S', "s1")),
                arguments("Close portal", "4300000006 50 00", new Close('P', "")),
                arguments("CopyData (captured, psql \\copy from stdin)",
                        "6400000016 3309477261636520486f707065720a5c2e0a", new CopyData(text("3\tGrace Hopper\n\\.\n"))),
                arguments("CopyDone (captured)", "6300000004", CopyDone.INSTANCE),
                arguments("CopyFail", "6600000014 61626f72746564206279207573657200", new CopyFail("aborted by user")),
                arguments("FunctionCall lo_creat (captured, psql \\lo_import)",
                        "4600000018 000003bd 0001 0001 0001 00000004 00060000 0001",
                        new FunctionCall(957, List.of((short) 1), List.of(int4(0x60000)), (short) 1)),
                arguments("FunctionCall lowrite (captured, psql \\lo_import)",
                        "4600000022 000003bb 0001 0001 0002 00000004 00000000 00000006 68656c6c6f0a 0001",
                        new FunctionCall(955, List.of((short) 1), List.of(int4(0), text("hello\n")), (short) 1)),
                arguments("FunctionCall NULL argument",
                        "4600000012 0000063e 0000 0001 ffffffff 0000",
                        new FunctionCall(1598, List.of(), Arrays.asList((ByteBuf) null), (short) 0)),
                arguments("AuthenticationResponse (captured, cleartext password)",
                        "700000000c 6275696c64657200", new AuthenticationResponse(text("builder\0"))),
                arguments("Terminate (captured)", "5800000004", Terminate.INSTANCE),
                arguments("unknown type", "7a00000006 abcd", new UnknownFrontend((byte) 'z', Hex.buf("abcd"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodes(String name, String hex, FrontendMessage expected) {
        Frame frame = Hex.frame(hex);
        try {
            FrontendMessage actual = FrontendMessages.decode(frame);
            assertThat(actual).isInstanceOf(expected.getClass()).isEqualTo(expected);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodes(String name, String hex, FrontendMessage message) {
        assertEquals(dump(hex), dump(encode(message)));
    }

    // ---- the 'p' family: the generic decoder returns AuthenticationResponse, the session picks the reading ----

    static final String SASL_INITIAL = "7000000036 534352414d2d5348412d32353600 00000020"
            + " 6e2c2c6e3d2c723d4c4538314c7875623857515770726d53443971375139736b";
    static final String SASL_RESPONSE = "700000006c 633d626977732c723d4c4538314c7875623857515770726d53443971375139736b"
            + "78486178594263723932684d70614f587653697039506e2b2c703d53386476624e6d4732734f6375496673426464544b4f326e"
            + "514e562f7654315a62373832724a3279737a343d";

    @Test
    void saslInitialResponseCapturedFromPsql() {
        SaslInitialResponse expected = new SaslInitialResponse("SCRAM-SHA-256",
                Hex.bytes(Hex.hex("n,,n=,r=LE81Lxub8WQWprmSD9q7Q9sk")));
        assertPFamily(SASL_INITIAL, expected, AuthenticationResponse::asSaslInitialResponse);
    }

    @Test
    void saslInitialResponseWithoutData() {
        assertPFamily("7000000016 534352414d2d5348412d32353600 ffffffff",
                new SaslInitialResponse("SCRAM-SHA-256", null), AuthenticationResponse::asSaslInitialResponse);
    }

    @Test
    void saslResponseCapturedFromPsql() {
        SaslResponse expected = new SaslResponse(Hex.bytes(Hex.hex("c=biws,r=LE81Lxub8WQWprmSD9q7Q9skxHaxYBcr92hMpaOXv"
                + "Sip9Pn+,p=S8dvbNmG2sOcuIfsBddTKO2nQNV/vT1Zb782rJ2ysz4=")));
        assertPFamily(SASL_RESPONSE, expected, AuthenticationResponse::asSaslResponse);
    }

    @Test
    void cleartextPasswordCapturedFromPsql() {
        assertPFamily("700000000c 6275696c64657200", new PasswordMessage("builder"),
                AuthenticationResponse::asPasswordMessage);
    }

    @Test
    void md5PasswordCapturedFromPsql() {
        assertPFamily("7000000028 6d6435333465346435653733643333636564343661356666353631643162353731343500",
                new PasswordMessage("md534e4d5e73d33ced46a5ff561d1b57145"), AuthenticationResponse::asPasswordMessage);
    }

    private static <T extends FrontendMessage> void assertPFamily(
            String hex, T expected, java.util.function.Function<AuthenticationResponse, T> reading) {
        Frame frame = Hex.frame(hex);
        try {
            FrontendMessage generic = FrontendMessages.decode(frame);
            assertThat(generic).isInstanceOf(AuthenticationResponse.class);
            assertThat(reading.apply((AuthenticationResponse) generic)).isEqualTo(expected);
            assertEquals(dump(hex), dump(encode(expected)));
            assertEquals(dump(hex), dump(encode(generic)));
        } finally {
            frame.release();
        }
    }

    @Test
    void startupHelpers() {
        StartupMessage m = new StartupMessage(ordered("user", "alice", "database", "clinic"));
        assertThat(m.user()).isEqualTo("alice");
        assertThat(m.database()).isEqualTo("clinic");
        assertThat(new StartupMessage(ordered("user", "alice")).database()).as("PostgreSQL's default").isEqualTo("alice");
        assertThat(m.majorVersion()).isEqualTo(3);
        assertThat(m.minorVersion()).isZero();
    }

    @Test
    void bindFormatRules() {
        Bind none = new Bind("", "", List.of(), List.of(text("a"), text("b")), List.of());
        Bind one = new Bind("", "", List.of((short) 1), List.of(text("a"), text("b")), List.of((short) 1));
        Bind each = new Bind("", "", List.of((short) 0, (short) 1), List.of(text("a"), text("b")),
                List.of((short) 1, (short) 0));
        assertThat(none.parameterFormat(1)).isZero();
        assertThat(one.parameterFormat(1)).isEqualTo((short) 1);
        assertThat(each.parameterFormat(0)).isZero();
        assertThat(each.parameterFormat(1)).isEqualTo((short) 1);
        assertThat(one.resultFormat(5)).isEqualTo((short) 1);
        assertThat(each.resultFormat(1)).isZero();
    }

    @Test
    void encodingNeverMovesReaderIndexOfComponents() {
        ByteBuf data = text("abc");
        CopyData m = new CopyData(data);
        encode(m);
        encode(m);
        assertThat(data.readerIndex()).isZero();
        assertEquals(dump("6400000007 616263"), dump(encode(m)));
    }
}
