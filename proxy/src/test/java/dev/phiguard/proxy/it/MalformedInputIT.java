package dev.phiguard.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed bytes end in a clean ErrorResponse (08P01) and a closed connection; the proxy keeps serving
 * everyone else.
 */
@ExtendWith(SharedDatabase.class)
class MalformedInputIT {
    private static ProxyHarness harness;

    @BeforeAll
    static void start(EmbeddedTarget database) {
        harness = ProxyHarness.start(database);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @AfterEach
    void proxyStillServes() throws Exception {
        try (Connection c = harness.viaProxy(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM patients")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(SharedDatabase.PATIENTS);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> harness.proxy.sessionCount() == 0);
    }

    private static void assertProtocolViolation(List<RawPgClient.Message> replies, String messagePart) {
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).type()).isEqualTo('E');
        assertThat(replies.get(0).errorFields())
                .containsEntry('S', "FATAL")
                .containsEntry('C', "08P01");
        assertThat(replies.get(0).errorFields().get('M')).contains(messagePart);
    }

    @Test
    void anHttpRequestInsteadOfAStartupMessage() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertProtocolViolation(client.readUntilClosed(), "length");
        }
    }

    @Test
    void aHugeStartupLength() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.send(ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(196608).array());
            assertProtocolViolation(client.readUntilClosed(), "length");
        }
    }

    @Test
    void anUnknownProtocolVersion() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.send(ByteBuffer.allocate(9).putInt(9).putInt(2 << 16).put((byte) 0).array());
            assertProtocolViolation(client.readUntilClosed(), "protocol");
        }
    }

    @Test
    void aTruncatedStartupAndAnAbruptClose() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.send(ByteBuffer.allocate(6).putInt(40).putShort((short) 3).array());
        }
    }

    @Test
    void aHugeMessageLengthAfterLogin() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.login(ProxyHarness.USER, "clinic", harness.password);
            client.send(ByteBuffer.allocate(5).put((byte) 'Q').putInt(Integer.MAX_VALUE).array());
            assertProtocolViolation(client.readUntilClosed(), "length");
        }
    }

    @Test
    void aNegativeMessageLengthAfterLogin() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.login(ProxyHarness.USER, "clinic", harness.password);
            client.send(ByteBuffer.allocate(5).put((byte) 'Q').putInt(-5).array());
            assertProtocolViolation(client.readUntilClosed(), "length");
        }
    }

    @Test
    void aQueryWithoutItsTerminatingNul() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.login(ProxyHarness.USER, "clinic", harness.password);
            client.sendTyped('Q', "SELECT 1".getBytes(StandardCharsets.UTF_8));
            assertProtocolViolation(client.readUntilClosed(), "");
        }
    }

    @Test
    void garbageInsteadOfTheSaslResponse() throws Exception {
        try (RawPgClient client = new RawPgClient(harness.port())) {
            client.startup(ProxyHarness.USER, "clinic");
            assertThat(client.read().type()).isEqualTo('R');
            client.sendTyped('p', new byte[] {1, 2, 3});
            List<RawPgClient.Message> replies = client.readUntilClosed();
            assertThat(replies).hasSize(1);
            assertThat(replies.get(0).errorFields().get('C')).isEqualTo("08P01");
        }
    }
}
