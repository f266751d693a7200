package dev.phiguard.cli.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WaitProgressTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter err = new PrintWriter(text);

    @Test
    void plainProgressPrintsOneLineAtStartAndOneEveryThirtySeconds() {
        WaitProgress progress = new PlainProgress(err, "lease-a");
        progress.start();
        for (int s = 0; s <= 95; s++) {
            progress.update(Duration.ofSeconds(s));
            progress.update(Duration.ofSeconds(s).plusMillis(500));
        }
        progress.finish();
        assertThat(text.toString().lines()).containsExactly(
                "phiguard: waiting for approval of lease-a",
                "phiguard: still waiting for approval of lease-a (0:30)",
                "phiguard: still waiting for approval of lease-a (1:00)",
                "phiguard: still waiting for approval of lease-a (1:30)");
        assertThat(text.toString()).doesNotContain("\r");
    }

    @Test
    void spinnerRedrawsOneLineWithTheElapsedTimeAndTheLeaseId() {
        WaitProgress progress = new Spinner(err, "lease-a");
        progress.start();
        progress.update(Duration.ofMillis(120));
        progress.update(Duration.ofSeconds(65));
        progress.finish();
        String out = text.toString();
        assertThat(out).doesNotContain("\n");
        assertThat(out.split("\r\033\\[K")).containsExactly("",
                "| waiting for approval of lease-a  0:00",
                "/ waiting for approval of lease-a  0:00",
                "- waiting for approval of lease-a  1:05");
        assertThat(out).endsWith("\r\033[K");
    }

    @Test
    void spinnerTicksOftenAndPlainLinesRarely() {
        assertThat(new Spinner(err, "l").interval()).isLessThan(Duration.ofSeconds(1));
        assertThat(new PlainProgress(err, "l").interval()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertThat(WaitProgress.clock(Duration.ofSeconds(5))).isEqualTo("0:05");
        assertThat(WaitProgress.clock(Duration.ofSeconds(3725))).isEqualTo("1:02:05");
    }
}
