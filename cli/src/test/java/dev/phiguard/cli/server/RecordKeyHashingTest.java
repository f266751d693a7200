package dev.phiguard.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.broker.audit.RecordKeyHasher;
import dev.phiguard.proxy.port.RecordKeyHashing;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The node hands the proxy the audit log's hasher in both of the port's forms, which agree. */
class RecordKeyHashingTest {

    @Test
    void bothFormsGiveTheAuditLogsHash() {
        byte[] key = new byte[32];
        key[0] = 7;
        RecordKeyHasher hasher = RecordKeyHasher.withKey(key);
        RecordKeyHashing port = PhiguardNode.recordKeyHashing(hasher);

        assertThat(port.hash("patients", "MRN00000042")).isEqualTo(hasher.hash("patients", "MRN00000042"));
        byte[] raw = "..MRN00000042".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        assertThat(port.hashInto("patients", raw, 2, raw.length - 2, out)).isTrue();
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(hasher.hash("patients", "MRN00000042"));
    }
}
