package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.all;
import static dev.phiguard.policies.detect.Scan.redaction;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.masking.DateShift;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.masking.Maskers;
import dev.phiguard.policies.masking.MaskingKeys;
import dev.phiguard.policies.masking.ValueMasker;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DetectorsTest {

    private static final Detectors ALL = all("MRN\\d{8}");

    @ParameterizedTest
    @ValueSource(strings = {"", "José Núñez", "Room 12, bed 4", "1234567890", "2024-01-15 10:30:00+01",
                            "order 20240115-0042", "v1.2.3", "tok_abcdefghijklmnop", "***-**-6789"})
    void cleanTextIsUnchanged(String value) {
        assertThat(redaction(ALL, value)).isNull();
    }

    @Test
    void everyKindIsFoundAndCounted() {
        String value = "SSN 123-45-6789, phone (555) 123-4567, mail a@b.com, card 4111 1111 1111 1111, "
                + "DOB: 03/17/1984, MRN00012345.";
        Redaction r = redaction(ALL, value);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(
                "SSN [SSN], phone [PHONE], mail [EMAIL], card [CARD], DOB: [DOB], [MRN].");
        assertThat(r.count()).isEqualTo(6);
        for (DetectorKind kind : DetectorKind.values()) {
            assertThat(r.count(kind)).as(kind.name()).isEqualTo(1);
        }
        assertThat(r.findings().get(0)).isEqualTo(new Finding(DetectorKind.SSN, 4, 15));
        assertThat(r.toString()).doesNotContain("6789");
    }

    @Test
    void repeatedFindingsAreCountedOneByOne() {
        Redaction r = redaction(ALL, "123-45-6789 / 123456789 / 234-56-7890");
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.count(DetectorKind.SSN)).isEqualTo(3);
    }

    @Test
    void overlappingFindingsAreMergedIntoOne() {
        Detectors detectors = all("\\d{9}");
        Redaction r = redaction(detectors, "id 123456789");
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.findings()).containsExactly(new Finding(DetectorKind.SSN, 3, 12));
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("id [SSN]");
    }

    @Test
    void maskStyleKeepsTheShape() {
        Detectors masked = Detectors.compile(DetectorSettings.all(List.of()).withReplacementStyle(ReplacementStyle.MASK));
        assertThat(scan(masked, "SSN 123-45-6789.")).isEqualTo("SSN ***-**-****.");
        assertThat(scan(masked, "mail josé@x.org")).isEqualTo("mail ****@*.***");
        assertThat(scan(masked, "(555) 123-4567")).isEqualTo("(***) ***-****");
    }

    @Test
    void disabledDetectorsFindNothing() {
        Detectors none = Detectors.compile(DetectorSettings.none());
        assertThat(none.isActive()).isFalse();
        assertThat(redaction(none, "123-45-6789 a@b.com")).isNull();
    }

    @Test
    void veryLongValues() {
        String value = "lorem ipsum dolor 12 ".repeat(50_000) + "SSN 123-45-6789";
        Redaction r = redaction(ALL, value);
        assertThat(r.count()).isEqualTo(1);
        assertThat(new String(r.value(), StandardCharsets.UTF_8)).endsWith("SSN [SSN]").hasSize(value.length() - 6);
    }

    @Test
    void maskingTokensAreNotTakenForIdentifiers() {
        MaskingKeys keys = MaskingKeys.of(new byte[32]);
        ValueMasker ssn = Maskers.compile(new Masking.Tokenize(Masking.Tokenize.Format.SSN), keys, new DateShift(1));
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            String value = String.format("%03d-%02d-%04d", 1 + random.nextInt(899), 1 + random.nextInt(99), 1 + random.nextInt(9999));
            byte[] token = ssn.maskText(value.getBytes(StandardCharsets.US_ASCII));
            assertThat(ALL.scan(token)).as(new String(token, StandardCharsets.US_ASCII)).isNull();
        }
    }

    @Test
    void cleanValuesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[][] values = {
            "José Núñez".getBytes(StandardCharsets.UTF_8),
            "Room 12, bed 4, seen 2024-01-15 10:30:00+01 by Dr Who".getBytes(StandardCharsets.UTF_8),
            "order 1234567890 shipped".getBytes(StandardCharsets.UTF_8),
        };
        Detectors builtIns = all();
        for (int i = 0; i < 20_000; i++) { // warm up
            builtIns.scan(values[i % values.length]);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int found = 0;
        for (int i = 0; i < 30_000; i++) {
            if (builtIns.scan(values[i % values.length]) != null) {
                found++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(found).isZero();
        assertThat(allocated).as("bytes allocated by 30,000 clean scans").isLessThan(4096);
    }
}
