package dev.phiguard.policies.masking;

import static dev.phiguard.policies.masking.Fixtures.maskText;
import static dev.phiguard.policies.masking.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.masking.Masking.Tokenize.Format;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenizeMaskerTest {

    private static ValueMasker masker(Format format, byte[] key) {
        return Maskers.compile(new Masking.Tokenize(format), MaskingKeys.of(key), Fixtures.SHIFT_30);
    }

    private static String token(Format format, String value) {
        return maskText(masker(format, Fixtures.KEY_A), value);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void sameKeyGivesTheSameTokenAcrossInstances(Format format) {
        for (String value : List.of("123-45-6789", "MRN00012345", "José Núñez", "ann@example.org")) {
            String first = maskText(masker(format, Fixtures.KEY_A), value);
            String second = maskText(masker(format, Fixtures.key(1)), value);
            assertThat(second).isEqualTo(first).isNotEqualTo(value);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void anotherKeyGivesAnotherToken(Format format) {
        for (String value : List.of("123-45-6789", "MRN00012345", "José Núñez", "ann@example.org")) {
            assertThat(maskText(masker(format, Fixtures.KEY_B), value))
                    .isNotEqualTo(maskText(masker(format, Fixtures.KEY_A), value));
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void emptyStaysEmpty(Format format) {
        assertThat(token(format, "")).isEmpty();
    }

    @Test
    void differentValuesGiveDifferentTokens() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(token(Format.TEXT, "patient-" + i));
        }
        assertThat(tokens).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"José Núñez", "x", "a somewhat longer free text value with digits 123", "\uD83D\uDC89"})
    void textTokensAreTokPlusBase32(String value) {
        assertThat(token(Format.TEXT, value)).matches("tok_[a-z2-7]{16}");
    }

    @Test
    void ssnTokensLookLikeSsnsButAreNeverRealOnes() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            String ssn = String.format("%03d-%02d-%04d", 1 + random.nextInt(899), 1 + random.nextInt(99), 1 + random.nextInt(9999));
            String token = token(Format.SSN, ssn);
            assertThat(token).matches("9\\d\\d-\\d\\d-\\d{4}");
            assertThat(token.substring(4, 6)).isNotEqualTo("00");
            assertThat(token.substring(7)).isNotEqualTo("0000");
            assertThat(isIssuableSsn(token)).as(token).isFalse();
        }
    }

    /** The SSA's rules, written here independently of the detector. */
    private static boolean isIssuableSsn(String dashed) {
        int area = Integer.parseInt(dashed.substring(0, 3));
        return area > 0 && area != 666 && area < 900
                && !dashed.startsWith("00", 4) && !dashed.startsWith("0000", 7);
    }

    @Test
    void ssnTokensKeepTheLayoutAndIgnoreIt() {
        String dashed = token(Format.SSN, "123-45-6789");
        String bare = token(Format.SSN, "123456789");
        String spaced = token(Format.SSN, "123 45 6789");
        assertThat(bare).matches("9\\d{8}");
        assertThat(spaced).matches("9\\d\\d \\d\\d \\d{4}");
        assertThat(bare).isEqualTo(dashed.replace("-", "")).isEqualTo(spaced.replace(" ", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"n/a", "12345678", "1234567890", "123-45-678X", "José"})
    void valuesThatAreNotSsnsStillGetAnSsnToken(String value) {
        assertThat(token(Format.SSN, value)).matches("9\\d\\d-\\d\\d-\\d{4}");
    }

    @Test
    void mrnTokensKeepThePrefixAndTheShape() {
        String token = token(Format.MRN, "MRN00012345");
        assertThat(token).matches("MRN\\d{8}").isNotEqualTo("MRN00012345");
        assertThat(token(Format.MRN, "H-2024/00815-ab")).matches("H-\\d{4}/\\d{5}-[a-z]{2}");
        assertThat(token(Format.MRN, "00012345")).matches("\\d{8}");
        assertThat(token(Format.MRN, "MRN00012345   ")).matches("MRN\\d{8}   ")
                .startsWith(token(Format.MRN, "MRN00012345"));
        String long64 = "A" + "1".repeat(63);
        assertThat(token(Format.MRN, long64)).matches("A\\d{63}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"John Smith", "no digits", "PATIENTNO12345" /* prefix of 9 */, "MRN 123",
                            "MRNé123", "123456789012345678901234567890123456789012345678901234567890123456789"})
    void valuesThatAreNotMrnsGetATextToken(String value) {
        assertThat(token(Format.MRN, value)).matches("tok_[a-z2-7]{16}");
    }

    @Test
    void emailTokensAreValidAddressesInAReservedDomain() {
        String token = token(Format.EMAIL, "Ann.Lee@Example.org");
        assertThat(token).matches("tok_[a-z2-7]{16}@masked\\.invalid");
        assertThat(token(Format.EMAIL, "ann.lee@example.org")).isEqualTo(token);
        assertThat(token(Format.EMAIL, "bob@example.org")).isNotEqualTo(token);
    }

    @Test
    void formatsDoNotShareTokens() {
        String text = token(Format.TEXT, "MRN-");
        String mrnFallback = token(Format.MRN, "MRN-");
        assertThat(text).isNotEqualTo(mrnFallback);
    }

    @Test
    void binaryTextIsTokenisedLikeText() {
        ValueMasker masker = masker(Format.SSN, Fixtures.KEY_A);
        byte[] value = utf8("123-45-6789");
        assertThat(masker.maskBinary(PgTypes.VARCHAR, value, 0, value.length)).isEqualTo(masker.maskText(value));
        assertThat(masker.supportsBinary(PgTypes.INT4)).isFalse();
        assertThatThrownBy(() -> masker.maskBinary(PgTypes.INT4, new byte[4], 0, 4))
                .isInstanceOf(MaskingException.class).hasMessageContaining("tokenize(SSN)");
    }

    @Test
    void threadsShareOneMaskerSafely() throws Exception {
        ValueMasker masker = masker(Format.TEXT, Fixtures.KEY_A);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            values.add("value " + i);
        }
        List<String> expected = values.stream().map(v -> maskText(masker, v)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> values.stream().map(v -> maskText(masker, v)).toList()));
            }
            for (Future<List<String>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
