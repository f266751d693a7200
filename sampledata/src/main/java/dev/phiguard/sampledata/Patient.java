package dev.phiguard.sampledata;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One row of {@code public.patients}. Every field except {@code notes} is non-null.
 *
 * @param patientId   primary key, {@code 1..}{@link SyntheticPatients#MAX_PATIENTS}
 * @param mrn         medical record number, {@code MRN} followed by 8 digits, unique per seed
 * @param ssn         US social security number {@code AAA-GG-SSSS} obeying the SSA validity rules
 * @param firstName   given name
 * @param lastName    family name
 * @param dateOfBirth date of birth; age 0-100 on {@link SyntheticPatients#REFERENCE_DATE}
 * @param email       e-mail address
 * @param phone       US phone number {@code (AAA) EEE-NNNN} with a real area code of {@code state}
 * @param street      house number and street
 * @param city        city
 * @param state       two-letter USPS state code
 * @param zip         five-digit ZIP code within the state's ZIP prefix range
 * @param notes       free-text clinical notes, may embed the SSN or phone, may contain tabs, newlines and
 *                    backslashes; null for some patients
 */
public record Patient(
        long patientId,
        String mrn,
        String ssn,
        String firstName,
        String lastName,
        LocalDate dateOfBirth,
        String email,
        String phone,
        String street,
        String city,
        String state,
        String zip,
        String notes) {

    /** Column list in the order of {@link #appendCopyText(StringBuilder)}. */
    public static final String COLUMNS =
            "patient_id, mrn, ssn, first_name, last_name, date_of_birth, email, phone, street, city, state, zip, notes";

    /** Validates that the mandatory fields are present. */
    public Patient {
        Objects.requireNonNull(mrn, "mrn");
        Objects.requireNonNull(ssn, "ssn");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(street, "street");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(zip, "zip");
    }

    /**
     * Appends this patient as one COPY text-format row (columns as in {@link #COLUMNS}), newline included.
     *
     * @return {@code out}
     */
    public StringBuilder appendCopyText(StringBuilder out) {
        out.append(patientId).append('\t');
        CopyText.appendText(out, mrn).append('\t');
        CopyText.appendText(out, ssn).append('\t');
        CopyText.appendText(out, firstName).append('\t');
        CopyText.appendText(out, lastName).append('\t');
        CopyText.appendDate(out, dateOfBirth).append('\t');
        CopyText.appendText(out, email).append('\t');
        CopyText.appendText(out, phone).append('\t');
        CopyText.appendText(out, street).append('\t');
        CopyText.appendText(out, city).append('\t');
        CopyText.appendText(out, state).append('\t');
        CopyText.appendText(out, zip).append('\t');
        return CopyText.appendText(out, notes).append('\n');
    }

    /** Returns this patient as one COPY text-format row, newline included. */
    public String toCopyText() {
        return appendCopyText(new StringBuilder(256)).toString();
    }

    /**
     * Deliberately terse: a patient is PHI, so the generated {@code toString} with every field must not end up in
     * logs or assertion messages by accident.
     */
    @Override
    public String toString() {
        return "Patient[patientId=" + patientId + "]";
    }
}
