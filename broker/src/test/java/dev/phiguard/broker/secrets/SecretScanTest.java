package dev.phiguard.broker.secrets;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The scan that the other tests rely on does find a leak, in a message, a cause or a log line. */
class SecretScanTest {

    @Test
    void findsASecretInACauseOrALine() {
        assertThatThrownBy(() -> new SecretScan()
                .add(new IllegalStateException("outer", new RuntimeException("inner leaked-Value-42")))
                .assertNoneContains(List.of("leaked-Value-42"))).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> new SecretScan().add("INFO x password=leaked-Value-42")
                .assertNoneContains(List.of("leaked-Value-42"))).isInstanceOf(AssertionError.class);
        new SecretScan().add("INFO nothing here").assertNoneContains(List.of("leaked-Value-42"));
    }
}
