package dev.phiguard.sampledata;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Free-text clinical notes. A fixed share of patient notes embeds the patient's SSN or phone number (what a masking
 * proxy must find in free text), some notes span several lines, contain tabs or backslashes (what a COPY encoder must
 * escape), and some are NULL.
 */
final class ClinicalNotes {

    /** Percent of patient notes that embed the patient's SSN. */
    static final int SSN_PERCENT = 5;
    /** Percent of patient notes that embed the patient's phone number. */
    static final int PHONE_PERCENT = 5;
    /** Percent of patients without notes (NULL). */
    static final int NULL_PERCENT = 5;

    private static final List<String> SYMPTOMS = List.of(
            "intermittent headaches", "lower back pain", "shortness of breath on exertion", "fatigue",
            "a persistent dry cough", "dizziness when standing", "mild chest tightness", "joint stiffness",
            "poor sleep", "reduced appetite");
    private static final List<String> ADVICE = List.of(
            "rest and hydration", "over-the-counter analgesics as needed", "a follow-up if symptoms persist",
            "daily walks of 30 minutes", "a reduced-sodium diet", "keeping a symptom diary");
    private static final List<String> MEDICATIONS = List.of(
            "Metformin", "Lisinopril", "Atorvastatin", "Levothyroxine", "Amlodipine", "Omeprazole", "Sertraline",
            "Albuterol", "Losartan", "Gabapentin", "Ibuprofen", "Hydrochlorothiazide");
    private static final List<String> ALLERGIES = List.of(
            "none known", "penicillin", "sulfa drugs", "latex", "peanuts", "shellfish", "codeine");
    private static final List<String> TOPICS = List.of(
            "smoking cessation", "vaccination schedule", "blood glucose targets", "fall prevention",
            "medication adherence", "sleep hygiene");

    private static final List<String> DISPOSITIONS = List.of(
            "Discharged home, stable.", "Discharged with follow-up in 2 weeks.", "Discharged to rehab facility.",
            "Seen and released.", "Referred to specialist.", "Prescription renewed.");

    private ClinicalNotes() {
    }

    /** A patient note, or null; embeds {@code ssn} or {@code phone} in about 10% of the cases. */
    static String patientNote(SplittableRandom rnd, String ssn, String phone) {
        int roll = rnd.nextInt(100);
        if (roll < SSN_PERCENT) {
            return rnd.nextBoolean()
                    ? "Insurance verification: SSN " + ssn + " confirmed with payer."
                    : "Patient provided SSN " + ssn + " for the billing record.";
        }
        if (roll < SSN_PERCENT + PHONE_PERCENT) {
            return rnd.nextBoolean()
                    ? "Patient asked to be called back at " + phone + " after 5 pm."
                    : "Left voicemail at " + phone + " regarding lab results.";
        }
        if (roll < SSN_PERCENT + PHONE_PERCENT + NULL_PERCENT) {
            return null;
        }
        return switch (rnd.nextInt(6)) {
            case 0 -> "Patient reports " + pick(rnd, SYMPTOMS) + " for " + rnd.nextInt(2, 30)
                    + " days. Advised " + pick(rnd, ADVICE) + ".";
            case 1 -> "Medications reviewed:\n- " + pick(rnd, MEDICATIONS) + " " + 5 * rnd.nextInt(1, 100)
                    + " mg daily\n- " + pick(rnd, MEDICATIONS) + " " + 5 * rnd.nextInt(1, 100) + " mg as needed";
            case 2 -> "Vitals:\tBP " + rnd.nextInt(95, 170) + "/" + rnd.nextInt(55, 105) + " mmHg\tHR "
                    + rnd.nextInt(50, 120) + " bpm";
            case 3 -> "Scanned consent form filed under \\\\records01\\scans\\" + rnd.nextInt(2015, 2025)
                    + "\\form-" + rnd.nextInt(10_000, 100_000) + ".pdf";
            case 4 -> "Follow-up in " + rnd.nextInt(1, 13) + " weeks. Allergies: " + pick(rnd, ALLERGIES) + ".";
            default -> "Discussed " + pick(rnd, TOPICS) + " with patient; questions answered.";
        };
    }

    /** An encounter note about {@code diagnosis}, or null for a small share. */
    static String encounterNote(SplittableRandom rnd, Diagnosis diagnosis, boolean stillAdmitted) {
        int roll = rnd.nextInt(4);
        if (roll == 0) {
            return null;
        }
        String plan = stillAdmitted ? "Inpatient monitoring." : pick(rnd, DISPOSITIONS);
        return roll == 1 ? diagnosis.description() + ".\n" + plan : plan;
    }

    private static <T> T pick(SplittableRandom rnd, List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }
}
