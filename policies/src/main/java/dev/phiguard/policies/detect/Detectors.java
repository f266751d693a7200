package dev.phiguard.policies.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The detectors of one policy, compiled: scans text values (UTF-8, PostgreSQL text format or the
 * binary format of text-like types) and replaces what it finds. Immutable and thread-safe.
 *
 * <p>Cost: one pass over the bytes counts ASCII digits and looks for {@code @}; a value with
 * neither is answered right away. Each detector runs only if the value has enough digits for its
 * smallest finding (SSN 9, phone 10, card 13, date of birth 4, MRN 1) or, for e-mail, an {@code @}.
 * Nothing is allocated for a value without findings, except by the policy's MRN patterns (a
 * {@code Matcher} per pattern for values with a digit).
 */
public final class Detectors {

    private final DetectorSettings settings;
    private final SpanDetector[] detectors;
    private final MrnDetector mrn;

    private Detectors(DetectorSettings settings, SpanDetector[] detectors, MrnDetector mrn) {
        this.settings = settings;
        this.detectors = detectors;
        this.mrn = mrn;
    }

    /**
     * Compiles the settings.
     *
     * @throws DetectorSettingsException if an MRN pattern is empty, not ASCII, does not compile or
     *                                   matches the empty string
     */
    public static Detectors compile(DetectorSettings settings) {
        Objects.requireNonNull(settings, "settings");
        List<SpanDetector> enabled = new ArrayList<>();
        if (settings.ssn()) {
            enabled.add(new SsnDetector());
        }
        if (settings.card()) {
            enabled.add(new CardDetector());
        }
        if (settings.phone()) {
            enabled.add(new PhoneDetector());
        }
        if (settings.email()) {
            enabled.add(new EmailDetector());
        }
        if (settings.dateOfBirth()) {
            enabled.add(new DateOfBirthDetector());
        }
        return new Detectors(settings, enabled.toArray(new SpanDetector[0]), MrnDetector.compile(settings.mrnPatterns()));
    }

    /** The settings this was compiled from. */
    public DetectorSettings settings() {
        return settings;
    }

    /** Whether any detector is enabled; if not, {@link #scan} always returns {@code null}. */
    public boolean isActive() {
        return detectors.length > 0 || mrn != null;
    }

    /**
     * Scans {@code value[offset, offset + length)}.
     *
     * @return {@code null} when nothing was found (the value goes out as it is; nothing allocated),
     *         otherwise the rewritten value and its findings
     * @throws IndexOutOfBoundsException if the range is outside {@code value}
     */
    public Redaction scan(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        int end = offset + length;
        int digits = 0;
        boolean at = false;
        for (int i = offset; i < end; i++) {
            byte b = value[i];
            if (b >= '0' && b <= '9') {
                digits++;
            } else if (b == '@') {
                at = true;
            }
        }
        if (digits == 0 && !at) {
            return null;
        }
        FindingList found = null;
        for (SpanDetector detector : detectors) {
            if (digits < detector.minDigits() || (detector.needsAt() && !at)) {
                continue;
            }
            int from = offset;
            long span;
            while (from < end && (span = detector.next(value, offset, from, end)) != Spans.NONE) {
                if (found == null) {
                    found = new FindingList();
                }
                found.add(detector.kind(), Spans.start(span), Spans.end(span));
                from = Spans.end(span);
            }
        }
        if (mrn != null && digits > 0) {
            found = mrn.scan(value, offset, end, found);
        }
        return found == null ? null : found.redact(value, offset, end, settings.replacementStyle());
    }

    /** Scans a whole array; see {@link #scan(byte[], int, int)}. */
    public Redaction scan(byte[] value) {
        return scan(value, 0, value.length);
    }

    @Override
    public String toString() {
        return "Detectors[" + settings + "]";
    }
}
