package dev.phiguard.proxy.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The compact set of record key hashes behaves as a Set of the hex Strings it was given. */
class KeyHashSetTest {

    private static List<String> hashes(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] hash = new byte[32];
            random.nextBytes(hash);
            out.add(HexFormat.of().formatHex(hash));
        }
        return out;
    }

    @Test
    void holdsExactlyTheDistinctHashesInTheOrderTheyCame() {
        List<String> hashes = hashes(5_000, 1);
        KeyHashSet set = new KeyHashSet();
        for (String hash : hashes) {
            assertThat(set.addHex(hash)).isTrue();
        }
        for (String hash : hashes) {
            assertThat(set.addHex(hash)).as("a hash added again").isFalse();
        }
        assertThat(set).hasSize(5_000).containsExactlyElementsOf(hashes);
        assertThat(set).isEqualTo(new HashSet<>(hashes));
        assertThat(set.hashCode()).isEqualTo(new HashSet<>(hashes).hashCode());
        assertThat(set.contains(hashes.get(17))).isTrue();
        assertThat(set.contains(hashes(1, 2).get(0))).isFalse();
        assertThat(set.contains(hashes.get(17).toUpperCase())).as("not the same String").isFalse();
        assertThat(set.contains(42)).isFalse();
    }

    @Test
    void aHashGivenAsItsBytesIsTheHashOfItsHex() {
        List<String> hashes = hashes(300, 5);
        KeyHashSet set = new KeyHashSet();
        for (String hash : hashes.subList(0, 200)) {
            assertThat(set.addBytes(HexFormat.of().parseHex(hash))).isTrue();
        }
        for (String hash : hashes) {
            assertThat(set.addHex(hash)).isEqualTo(hashes.indexOf(hash) >= 200);
        }
        assertThat(set.addBytes(HexFormat.of().parseHex(hashes.get(250)))).isFalse();
        assertThat(set).containsExactlyElementsOf(hashes);
        assertThatThrownBy(() -> set.addBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesThatShareTheirFirstBitsStayApart() {
        // the index spreads the first 64 bits: hashes equal there must still be told apart by the rest
        String prefix = "0".repeat(48);
        KeyHashSet set = new KeyHashSet();
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String hash = prefix + String.format("%016x", i);
            expected.add(hash);
            assertThat(set.addHex(hash)).isTrue();
        }
        assertThat(set).isEqualTo(expected);
        assertThat(set.addHex(prefix + String.format("%016x", 999))).isFalse();
    }

    @Test
    void onlyLowerCaseHexOfSixtyFourCharactersIsTheCompactForm() {
        String hash = hashes(1, 3).get(0);
        assertThat(KeyHashSet.isHex(hash)).isTrue();
        assertThat(KeyHashSet.isHex(hash.toUpperCase())).isFalse();
        assertThat(KeyHashSet.isHex(hash.substring(1))).isFalse();
        assertThat(KeyHashSet.isHex(hash + "0")).isFalse();
        assertThat(KeyHashSet.isHex("g" + hash.substring(1))).isFalse();
        assertThat(KeyHashSet.isHex("\u0663" + hash.substring(1))).isFalse();
    }

    @Test
    void aFrozenSetNeverChangesAndItsCopyGoesOn() {
        List<String> hashes = hashes(1_000, 4);
        KeyHashSet set = new KeyHashSet();
        hashes.subList(0, 300).forEach(set::addHex);
        KeyHashSet handedOut = set.freeze();
        assertThatThrownBy(() -> handedOut.addHex(hashes.get(600))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> handedOut.add(hashes.get(600))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> handedOut.iterator().remove()).isInstanceOf(UnsupportedOperationException.class);

        KeyHashSet more = handedOut.mutable();
        assertThat(more).isNotSameAs(handedOut).isEqualTo(handedOut);
        hashes.forEach(more::addHex);
        assertThat(more).containsExactlyElementsOf(hashes);
        assertThat(handedOut).containsExactlyElementsOf(hashes.subList(0, 300));
        KeyHashSet small = new KeyHashSet();
        hashes.subList(0, 10).forEach(small::addHex);
        KeyHashSet grown = small.freeze().mutable();
        hashes.forEach(grown::addHex);
        assertThat(grown).containsExactlyElementsOf(hashes);
        assertThat(small).containsExactlyElementsOf(hashes.subList(0, 10));
        assertThat(new KeyHashSet().mutable()).isEmpty();
    }
}
