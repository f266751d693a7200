package dev.phiguard.proxy.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Message bodies that do not match their format: each one is a {@link ProtocolViolationException} with a message
 * that names the message and the problem, and never quotes the content.
 */
class MalformedMessagesTest {

    static Stream<Arguments> client() {
        return Stream.of(
                arguments("Bind parameter count larger than what follows",
                        "420000000f 00 00 0000 0003 00000001 31",
                        "malformed Bind message: truncated 3 parameters: 12 bytes needed, 5 left"),
                arguments("Bind parameter length beyond the body",
                        "4200000011 00 00 0000 0001 00000010 31 0000",
                        "malformed Bind message: parameter 1 length 16 exceeds the 3 remaining bytes"),
                arguments("Bind negative parameter length other than -1",
                        "4200000010 00 00 0000 0001 fffffffe 0000",
                        "malformed Bind message: invalid parameter 1 length -2"),
                arguments("Bind without result format count",
                        "420000000e 00 00 0000 0001 00000000",
                        "malformed Bind message: truncated result format count: 2 bytes needed, 0 left"),
                arguments("Bind format count beyond the body",
                        "420000000a 00 00 0005 0000",
                        "malformed Bind message: truncated 5 parameter formats: 10 bytes needed, 2 left"),
                arguments("Bind portal name without NUL", "4200000006 6162",
                        "malformed Bind message: portal name is not NUL-terminated"),
                arguments("Bind trailing bytes", "420000000f 00 00 0000 0000 0000 ffff ff",
                        "malformed Bind message: 3 unexpected trailing bytes"),
                arguments("Query without NUL", "510000000f 3132332d34352d36373839",
                        "malformed Query message: query string is not NUL-terminated"),
                arguments("Query empty body", "5100000004",
                        "malformed Query message: query string is not NUL-terminated"),
                arguments("Query with trailing bytes", "5100000009 3100 3232 00",
                        "malformed Query message: 3 unexpected trailing bytes"),
                arguments("Query not UTF-8", "5100000008 c328 2900",
                        "malformed Query message: query string is not valid UTF-8"),
                arguments("Parse parameter type count beyond the body", "500000000d 00 3100 0003 00000017",
                        "malformed Parse message: truncated 3 parameter types: 12 bytes needed, 4 left"),
                arguments("Describe invalid kind", "4400000006 58 00",
                        "malformed Describe message: invalid kind 'X' (expected 'S' or 'P')"),
                arguments("Close without kind", "4300000004",
                        "malformed Close message: truncated kind: 1 byte needed, 0 left"),
                arguments("Execute without row limit", "4500000005 00",
                        "malformed Execute message: truncated row limit: 4 bytes needed, 0 left"),
                arguments("Sync with a body", "5300000005 00", "malformed Sync message: 1 unexpected trailing byte"),
                arguments("Terminate with a body", "5800000006 0000",
                        "malformed Terminate message: 2 unexpected trailing bytes"),
                arguments("FunctionCall argument beyond the body", "4600000014 00000001 0000 0001 00000009 3132 0000",
                        "malformed FunctionCall message: argument 1 length 9 exceeds the 4 remaining bytes"),
                arguments("FunctionCall without result format", "4600000010 00000001 0000 0001 ffffffff",
                        "malformed FunctionCall message: truncated result format: 2 bytes needed, 0 left"),
                arguments("CopyFail without NUL", "6600000006 6f6f",
                        "malformed CopyFail message: error message is not NUL-terminated"),
                arguments("StartupMessage without final NUL", "00000013 00030000 7573657200 616c69636500",
                        "malformed StartupMessage message: parameter name is not NUL-terminated"),
                arguments("StartupMessage value without NUL", "00000011 00030000 7573657200 616c6963",
                        "malformed StartupMessage message: value of parameter \"user\" is not NUL-terminated"),
                arguments("StartupMessage duplicate parameter",
                        "0000001e 00030000 7573657200 6100 7573657200 706f73746772657300 00",
                        "malformed StartupMessage message: duplicate parameter \"user\""),
                arguments("StartupMessage trailing bytes", "0000000b 00030000 00 0000",
                        "malformed StartupMessage message: 2 unexpected trailing bytes"),
                arguments("CancelRequest with a longer key (protocol 3.2)",
                        "00000014 04d2162e 00001092 075bcd15 01020304",
                        "malformed CancelRequest message: 4 unexpected trailing bytes"),
                arguments("CancelRequest too short", "0000000c 04d2162e 00001092",
                        "malformed CancelRequest message: truncated secret key: 4 bytes needed, 0 left"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("client")
    void clientMessage(String name, String hex, String message) {
        assertViolation(hex, FrontendMessages::decode, message);
    }

    static Stream<Arguments> server() {
        return Stream.of(
                arguments("DataRow column length beyond the body", "440000000e 0001 00000010 31323334",
                        "malformed DataRow message: length 16 of column 1 exceeds the 4 remaining bytes"),
                arguments("DataRow negative column length", "440000000a 0001 fffffffe",
                        "malformed DataRow message: invalid length -2 of column 1"),
                arguments("DataRow column count larger than what follows", "440000000b 0002 00000001 31",
                        "malformed DataRow message: truncated 2 columns: 8 bytes needed, 5 left"),
                arguments("DataRow column length missing", "440000000e 0002 00000004 31323334",
                        "malformed DataRow message: length of column 2 of 2 is missing"),
                arguments("RowDescription field count beyond the body", "5400000008 0002 6100",
                        "malformed RowDescription message: truncated 2 fields: 38 bytes needed, 2 left"),
                arguments("DataRow trailing bytes", "440000000c 0001 00000001 31 ff",
                        "malformed DataRow message: 1 unexpected trailing byte"),
                arguments("DataRow without column count", "4400000005 00",
                        "malformed DataRow message: truncated column count: 2 bytes needed, 1 left"),
                arguments("RowDescription field cut short",
                        "540000001d 0001 615f6c6f6e675f636f6c756d6e5f6e616d6500 00004002",
                        "malformed RowDescription message: truncated column attribute number: 2 bytes needed, 0 left"),
                arguments("ErrorResponse without terminator", "450000000b 53 4552524f5200",
                        "malformed ErrorResponse message: truncated field code: 1 byte needed, 0 left"),
                arguments("ErrorResponse repeated field", "450000000b 53 4100 53 4200 00",
                        "malformed ErrorResponse message: repeated field 'S'"),
                arguments("NoticeResponse value without NUL", "4e00000008 4d 686921",
                        "malformed NoticeResponse message: field value is not NUL-terminated"),
                arguments("ReadyForQuery invalid status", "5a00000005 58",
                        "malformed ReadyForQuery message: invalid transaction status 'X'"),
                arguments("ReadyForQuery with two bytes", "5a00000006 4949",
                        "malformed ReadyForQuery message: 1 unexpected trailing byte"),
                arguments("Authentication without code", "5200000006 0000",
                        "malformed Authentication message: truncated code: 4 bytes needed, 2 left"),
                arguments("AuthenticationOk with trailing bytes", "5200000009 00000000 00",
                        "malformed AuthenticationOk message: 1 unexpected trailing byte"),
                arguments("AuthenticationMD5Password short salt", "520000000a 00000005 0102",
                        "malformed AuthenticationMD5Password message: truncated salt: 4 bytes needed, 2 left"),
                arguments("AuthenticationSASL without terminator", "5200000016 0000000a 534352414d2d5348412d32353600",
                        "malformed AuthenticationSASL message: mechanism name is not NUL-terminated"),
                arguments("BackendKeyData with a longer key (protocol 3.2)", "4b00000010 00001146 b40b52cc 01020304",
                        "malformed BackendKeyData message: 4 unexpected trailing bytes"),
                arguments("ParameterStatus without value", "5300000008 61626300",
                        "malformed ParameterStatus message: parameter value is not NUL-terminated"),
                arguments("NotificationResponse payload without NUL", "410000000d 00000001 636800 7061",
                        "malformed NotificationResponse message: payload is not NUL-terminated"),
                arguments("ParameterDescription count beyond the body", "740000000a 0002 00000017",
                        "malformed ParameterDescription message: truncated 2 parameter type OIDs: 8 bytes needed, 4 left"),
                arguments("CopyOutResponse count beyond the body", "4800000009 00 0003 0000",
                        "malformed CopyOutResponse message: truncated 3 column formats: 6 bytes needed, 2 left"),
                arguments("FunctionCallResponse value beyond the body", "560000000a 00000005 3132",
                        "malformed FunctionCallResponse message: result value length 5 exceeds the 2 remaining bytes"),
                arguments("FunctionCallResponse negative length", "5600000008 fffffff0",
                        "malformed FunctionCallResponse message: invalid result value length -16"),
                arguments("NegotiateProtocolVersion option count beyond the body", "760000000e 00030000 00000005 6100",
                        "malformed NegotiateProtocolVersion message: invalid option count 5"),
                arguments("NegotiateProtocolVersion not major 3", "760000000c 00040000 00000000",
                        "malformed NegotiateProtocolVersion message: protocol major version 4 (expected 3)"),
                arguments("CommandComplete without NUL", "4300000008 53454c45",
                        "malformed CommandComplete message: command tag is not NUL-terminated"),
                arguments("EmptyQueryResponse with a body", "4900000005 00",
                        "malformed EmptyQueryResponse message: 1 unexpected trailing byte"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("server")
    void serverMessage(String name, String hex, String message) {
        assertViolation(hex, BackendMessages::decode, message);
    }

    static Stream<Arguments> authenticationResponses() {
        return Stream.of(
                arguments("SASLInitialResponse length beyond the body",
                        "700000001a 534352414d2d5348412d32353600 00000010 6e2c2c00",
                        (Function<AuthenticationResponse, ?>) AuthenticationResponse::asSaslInitialResponse,
                        "malformed SASLInitialResponse message: truncated response: 16 bytes needed, 4 left"),
                arguments("SASLInitialResponse negative length",
                        "7000000016 534352414d2d5348412d32353600 fffffffe",
                        (Function<AuthenticationResponse, ?>) AuthenticationResponse::asSaslInitialResponse,
                        "malformed SASLInitialResponse message: invalid response length -2"),
                arguments("SASLInitialResponse without mechanism NUL", "7000000006 5343",
                        (Function<AuthenticationResponse, ?>) AuthenticationResponse::asSaslInitialResponse,
                        "malformed SASLInitialResponse message: mechanism is not NUL-terminated"),
                arguments("PasswordMessage without NUL", "700000000b 73656372657421",
                        (Function<AuthenticationResponse, ?>) AuthenticationResponse::asPasswordMessage,
                        "malformed PasswordMessage message: password is not NUL-terminated"),
                arguments("PasswordMessage with trailing bytes", "7000000008 6100 6263",
                        (Function<AuthenticationResponse, ?>) AuthenticationResponse::asPasswordMessage,
                        "malformed PasswordMessage message: 2 unexpected trailing bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("authenticationResponses")
    void authenticationResponse(String name, String hex, Function<AuthenticationResponse, ?> reading, String message) {
        assertViolation(hex, frame -> reading.apply((AuthenticationResponse) FrontendMessages.decode(frame)), message);
    }

    @Test
    void violationMessagesNeverQuoteTheContent() {
        // an SSN without its NUL: the error must not echo it
        Frame frame = Hex.frame("510000000f 3132332d34352d36373839");
        assertThatThrownBy(() -> FrontendMessages.decode(frame))
                .isInstanceOf(ProtocolViolationException.class)
                .message().doesNotContain("123-45-6789").doesNotContain("3132");
        // a password with trailing garbage
        Frame password = Hex.frame("7000000010 68756e74657232 00 6a756e6b");
        assertThatThrownBy(() -> ((AuthenticationResponse) FrontendMessages.decode(password)).asPasswordMessage())
                .message().doesNotContain("hunter2").doesNotContain("junk");
    }

    @Test
    void validUtf8IncludingAReplacementCharacterIsAccepted() {
        // "é" and a literal U+FFFD (EF BF BD) are both valid UTF-8
        Frame frame = Hex.frame("510000000b c3a9 efbfbd 3f 00");
        assertThat(FrontendMessages.decode(frame)).isEqualTo(new Query("é\uFFFD?"));
    }

    @Test
    void serverTextIsDecodedLeniently() {
        // a LATIN1 'é' in an error message does not kill the session; it becomes U+FFFD
        Frame frame = Hex.frame("450000000b 4d 63616fe9 00 00");
        assertThat(((ErrorResponse) BackendMessages.decode(frame)).message()).isEqualTo("cao\uFFFD");
    }

    private static void assertViolation(String hex, Function<Frame, ?> decode, String message) {
        Frame frame = Hex.frame(hex);
        try {
            assertThatThrownBy(() -> decode.apply(frame))
                    .isInstanceOf(ProtocolViolationException.class)
                    .hasMessage(message);
        } finally {
            frame.release();
        }
    }
}
