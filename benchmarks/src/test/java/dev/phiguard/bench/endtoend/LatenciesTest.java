package dev.phiguard.bench.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void nearestRankPercentilesInMilliseconds() {
        Latencies l = new Latencies();
        for (int i = 100; i >= 1; i--) {   // 1..100 ms, added out of order
            l.add(i * 1_000_000L);
        }
        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(l.percentileMillis(100)).isEqualTo(100.0);
        assertThat(l.percentileMillis(0.5)).isEqualTo(1.0);
    }

    @Test
    void mergingKeepsEveryValueAndGrowsPastTheInitialCapacity() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 0; i < 3000; i++) {
            a.add(1_000_000L);
            b.add(3_000_000L);
        }
        a.addAll(b);
        assertThat(a.size()).isEqualTo(6000);
        assertThat(a.percentileMillis(50)).isEqualTo(1.0);
        assertThat(a.percentileMillis(51)).isEqualTo(3.0);
    }

    @Test
    void emptyIsNaNAndABadPercentileIsRefused() {
        assertThat(new Latencies().percentileMillis(50)).isNaN();
        assertThatThrownBy(() -> new Latencies().percentileMillis(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
