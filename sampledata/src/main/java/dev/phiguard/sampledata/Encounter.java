package dev.phiguard.sampledata;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code public.encounters}.
 *
 * @param encounterId   primary key: {@code patientId * 10 + k} for the patient's k-th encounter ({@code k = 1..5})
 * @param patientId     the patient ({@code references patients})
 * @param admittedAt    admission time (UTC, whole minutes)
 * @param dischargedAt  discharge time, after {@code admittedAt}; null while the patient is still admitted
 * @param diagnosisCode ICD-10-CM code such as {@code E11.9}
 * @param notes         free-text note; may contain newlines
 */
public record Encounter(
        long encounterId,
        long patientId,
        Instant admittedAt,
        Instant dischargedAt,
        String diagnosisCode,
        String notes) {

    /** Column list in the order of {@link #appendCopyText(StringBuilder)}. */
    public static final String COLUMNS =
            "encounter_id, patient_id, admitted_at, discharged_at, diagnosis_code, notes";

    /** Validates that the mandatory fields are present and the stay is not negative. */
    public Encounter {
        Objects.requireNonNull(admittedAt, "admittedAt");
        Objects.requireNonNull(diagnosisCode, "diagnosisCode");
        if (dischargedAt != null && dischargedAt.isBefore(admittedAt)) {
            throw new IllegalArgumentException("encounter " + encounterId + " discharged before admitted");
        }
    }

    /**
     * Appends this encounter as one COPY text-format row (columns as in {@link #COLUMNS}), newline included.
     *
     * @return {@code out}
     */
    public StringBuilder appendCopyText(StringBuilder out) {
        out.append(encounterId).append('\t').append(patientId).append('\t');
        CopyText.appendTimestamp(out, admittedAt).append('\t');
        CopyText.appendTimestamp(out, dischargedAt).append('\t');
        CopyText.appendText(out, diagnosisCode).append('\t');
        return CopyText.appendText(out, notes).append('\n');
    }

    /** Returns this encounter as one COPY text-format row, newline included. */
    public String toCopyText() {
        return appendCopyText(new StringBuilder(160)).toString();
    }

    /** Terse on purpose: encounter notes are PHI. */
    @Override
    public String toString() {
        return "Encounter[encounterId=" + encounterId + ", patientId=" + patientId + "]";
    }
}
