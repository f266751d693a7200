package dev.phiguard.policies.detect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Helpers for the detector tests. */
final class Scan {

    private Scan() {
    }

    /** Detectors with only the given kind enabled (and the MRN patterns, if any). */
    static Detectors only(DetectorKind kind, String... mrnPatterns) {
        return Detectors.compile(new DetectorSettings(
                kind == DetectorKind.SSN, kind == DetectorKind.EMAIL, kind == DetectorKind.PHONE,
                kind == DetectorKind.CARD, kind == DetectorKind.DATE_OF_BIRTH, List.of(mrnPatterns),
                ReplacementStyle.TAG));
    }

    static Detectors all(String... mrnPatterns) {
        return Detectors.compile(DetectorSettings.all(List.of(mrnPatterns)));
    }

    /** The scanned value as text (the input itself when nothing was found), scanning a slice of a larger buffer. */
    static String scan(Detectors detectors, String value) {
        Redaction r = redaction(detectors, value);
        return r == null ? value : new String(r.value(), StandardCharsets.UTF_8);
    }

    static Redaction redaction(Detectors detectors, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[bytes.length + 8];
        Arrays.fill(buffer, (byte) '5'); // digits around the slice must not count as neighbours
        System.arraycopy(bytes, 0, buffer, 3, bytes.length);
        return detectors.scan(buffer, 3, bytes.length);
    }
}
