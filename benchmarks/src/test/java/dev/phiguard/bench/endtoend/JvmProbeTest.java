package dev.phiguard.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe of the many-sessions and large-result phases, pointed at this test's own JVM with the real jcmd. */
class JvmProbeTest {
    private final JvmProbe probe = new JvmProbe(ProcessHandle.current().pid());

    @Test
    void heapAfterGcSeesWhatIsKeptAlive() throws Exception {
        long before = probe.heapAfterGc();
        List<byte[]> kept = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            kept.add(new byte[1024 * 1024]);
        }
        long after = probe.heapAfterGc();
        assertThat(after - before).isGreaterThan(48L * 1024 * 1024);
        assertThat(kept).hasSize(64);
    }

    @Test
    void readsResidentMemoryFromProc() throws Exception {
        assertThat(probe.status("VmRSS")).isGreaterThan(1024L * 1024);
        assertThat(probe.status("VmHWM")).isGreaterThanOrEqualTo(probe.status("VmRSS") / 2);
    }

    @Test
    void anUnknownFieldOrProcessIsAClearError() {
        assertThatThrownBy(() -> probe.status("VmNothing")).isInstanceOf(IOException.class)
                .hasMessageContaining("VmNothing");
        assertThatThrownBy(() -> new JvmProbe(Long.MAX_VALUE).status("VmRSS")).isInstanceOf(IOException.class);
    }
}

