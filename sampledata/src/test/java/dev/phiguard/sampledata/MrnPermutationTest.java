package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.BitSet;

import org.junit.jupiter.api.Test;

class MrnPermutationTest {

    @Test
    void mapsTheFirstMillionIndicesToDistinctValuesInRange() {
        MrnPermutation permutation = new MrnPermutation(42);
        BitSet seen = new BitSet((int) MrnPermutation.DOMAIN);
        long outOfRange = 0;
        long duplicates = 0;
        for (long index = 0; index < 1_000_000; index++) {
            long value = permutation.apply(index);
            if (value < 0 || value >= MrnPermutation.DOMAIN) {
                outOfRange++;
            } else if (seen.get((int) value)) {
                duplicates++;
            } else {
                seen.set((int) value);
            }
        }
        for (long index = MrnPermutation.DOMAIN - 1_000; index < MrnPermutation.DOMAIN; index++) {
            long value = permutation.apply(index);
            if (seen.get((int) value)) {
                duplicates++;
            }
            seen.set((int) value);
        }
        assertThat(outOfRange).isZero();
        assertThat(duplicates).isZero();
        assertThat(seen.cardinality()).isEqualTo(1_001_000);
    }

    @Test
    void dependsOnTheSeed() {
        MrnPermutation one = new MrnPermutation(1);
        MrnPermutation two = new MrnPermutation(2);
        int same = 0;
        for (long index = 0; index < 1_000; index++) {
            if (one.apply(index) == two.apply(index)) {
                same++;
            }
        }
        assertThat(same).isLessThan(5);
    }

    @Test
    void rejectsIndicesOutsideTheDomain() {
        MrnPermutation permutation = new MrnPermutation(0);
        assertThatIllegalArgumentException().isThrownBy(() -> permutation.apply(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> permutation.apply(MrnPermutation.DOMAIN));
    }
}
