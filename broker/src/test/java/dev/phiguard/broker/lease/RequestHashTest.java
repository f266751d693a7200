package dev.phiguard.broker.lease;

import static dev.phiguard.broker.lease.Leases.REQUESTER;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestHashTest {

    private static final String ID = "lease-abcdefghijklmnop";

    private static String hash(String id, String purpose, String target, Duration ttl, Principal requester,
                               String reason) {
        return RequestHash.of(id, purpose, target, ttl, requester, reason);
    }

    @Test
    void theCanonicalEncodingIsAsDocumented() throws Exception {
        String canonical = """
                phiguard-lease-request-v1
                lease=22:lease-abcdefghijklmnop
                purpose=8:study-42
                target=6:clinic
                ttl=5:PT30M
                requester.issuer=5:local
                requester.subject=6:ci-bot
                reason=18:nightly extract é
                """;
        String expected = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        assertThat(hash(ID, "study-42", "clinic", Duration.ofMinutes(30), REQUESTER, "nightly extract é"))
                .isEqualTo(expected);
    }

    @Test
    void everyRequestFieldChangesTheHash() {
        Duration ttl = Duration.ofMinutes(30);
        String base = hash(ID, "study-42", "clinic", ttl, REQUESTER, "r");
        List<String> variants = List.of(
                hash("lease-abcdefghijklmnoq", "study-42", "clinic", ttl, REQUESTER, "r"),
                hash(ID, "study-43", "clinic", ttl, REQUESTER, "r"),
                hash(ID, "study-42", "clinic2", ttl, REQUESTER, "r"),
                hash(ID, "study-42", "clinic", ttl.plusSeconds(1), REQUESTER, "r"),
                hash(ID, "study-42", "clinic", ttl, Principal.of("other", "ci-bot", Set.of()), "r"),
                hash(ID, "study-42", "clinic", ttl, Principal.of("local", "ci-bot2", Set.of()), "r"),
                hash(ID, "study-42", "clinic", ttl, REQUESTER, "r."));
        assertThat(variants).doesNotContain(base).doesNotHaveDuplicates();
        // groups and claims describe the requester but are not part of what was asked
        assertThat(hash(ID, "study-42", "clinic", ttl, Principal.of("local", "ci-bot", Set.of("x")), "r"))
                .isEqualTo(base);
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        Duration ttl = Duration.ofMinutes(30);
        assertThat(hash(ID, "ab", "c", ttl, REQUESTER, "r")).isNotEqualTo(hash(ID, "a", "bc", ttl, REQUESTER, "r"));
        assertThat(hash(ID, "p", "t", ttl, REQUESTER, "x\ntarget=1:t"))
                .isNotEqualTo(hash(ID, "p", "t", ttl, REQUESTER, "x"));
    }
}
