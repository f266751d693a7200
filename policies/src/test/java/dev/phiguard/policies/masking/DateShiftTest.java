package dev.phiguard.policies.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateShiftTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 3651, -3651, Integer.MIN_VALUE})
    void zeroAndHugeShiftsAreRejected(int days) {
        assertThatThrownBy(() -> new DateShift(days)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivedShiftsAreStablePerLeaseAndNeverZero() {
        MaskingKeys keys = MaskingKeys.of(Fixtures.KEY_A);
        assertThat(DateShift.derive(keys, "lease-1", 365))
                .isEqualTo(DateShift.derive(MaskingKeys.of(Fixtures.key(1)), "lease-1", 365));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            int days = DateShift.derive(keys, "lease-" + i, 30).days();
            assertThat(days).isBetween(-30, 30).isNotZero();
            seen.add(days);
        }
        assertThat(seen).hasSize(60);
        assertThat(DateShift.derive(keys, "lease-1", 365)).isNotEqualTo(DateShift.derive(MaskingKeys.of(Fixtures.KEY_B), "lease-1", 365));
        assertThatThrownBy(() -> DateShift.derive(keys, "x", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
