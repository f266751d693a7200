package dev.phiguard.sampledata;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Deterministic generator of synthetic {@link Patient}s and their {@link Encounter}s.
 *
 * <p>A row is a pure function of {@code (seed, id)}: {@code patient(id)} always returns the same patient for the same
 * seed, whatever else was generated before, so any number of rows can be streamed without holding them and any row
 * can be recomputed later (for example to know what a masked value was). Name, street and city pools are drawn once
 * per instance from datafaker; rows are then composed with a per-row {@link SplittableRandom}.
 *
 * <p>Values follow real-world rules: SSNs have area 001-899 except 666, group 01-99 and serial 0001-9999; phone
 * numbers use area codes in service in the patient's state; ZIP codes lie in the state's ZIP prefix range; MRNs
 * ({@code MRN} + 8 digits) are unique; dates of birth give ages 0-100 on {@link #REFERENCE_DATE}; diagnosis codes
 * are ICD-10-CM. About 10% of patient notes embed the patient's SSN or phone number.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SyntheticPatients {

    /** Largest number of patients (and largest patient id): MRNs have 8 digits and must stay unique. */
    public static final long MAX_PATIENTS = MrnPermutation.DOMAIN;

    /** Ages and encounter times are relative to this fixed date so that rows never change with the calendar. */
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2025, 1, 1);

    /** A patient has between 0 and this many encounters (uniformly, 2.5 on average). */
    public static final int MAX_ENCOUNTERS_PER_PATIENT = 5;

    private static final long STREAM_PATIENT = 1;
    private static final long STREAM_BIRTH = 2;
    private static final long STREAM_ENCOUNTERS = 3;

    private static final long REFERENCE_EPOCH_DAY = REFERENCE_DATE.toEpochDay();
    private static final long REFERENCE_SECOND = REFERENCE_DATE.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    private static final long OLDEST_BIRTH_DAYS_BACK =
            REFERENCE_EPOCH_DAY - REFERENCE_DATE.minusYears(101).plusDays(1).toEpochDay();
    private static final long ENCOUNTER_WINDOW_SECONDS =
            REFERENCE_SECOND - REFERENCE_DATE.minusYears(10).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    private static final int STILL_ADMITTED_PERCENT = 10;

    private final long seed;
    private final NamePools pools;
    private final MrnPermutation mrns;

    /**
     * Creates a generator and builds its value pools: about 1.5 s when it is the first use of datafaker in the JVM
     * (datafaker loads its dictionaries once), a few hundred milliseconds after that. Reuse the instance.
     *
     * @param seed any value; equal seeds give equal rows
     */
    public SyntheticPatients(long seed) {
        this.seed = seed;
        this.pools = NamePools.fromSeed(seed);
        this.mrns = new MrnPermutation(seed);
    }

    /** The seed this generator was built with. */
    public long seed() {
        return seed;
    }

    /**
     * Returns the patient with the given id.
     *
     * @param patientId {@code 1..}{@link #MAX_PATIENTS}
     * @throws IllegalArgumentException when the id is out of range
     */
    public Patient patient(long patientId) {
        checkPatientId(patientId);
        SplittableRandom rnd = new SplittableRandom(Mix.mix(seed, patientId, STREAM_PATIENT));
        String firstName = pick(rnd, pools.firstNames());
        String lastName = pick(rnd, pools.lastNames());
        LocalDate dateOfBirth = dateOfBirth(patientId);
        UsRegion region = pick(rnd, UsRegion.ALL);
        String ssn = ssn(rnd);
        String phone = phone(rnd, region);
        String email = email(rnd, firstName, lastName, dateOfBirth);
        String street = street(rnd);
        String city = pick(rnd, pools.cities());
        String zip = zip(rnd, region);
        String notes = ClinicalNotes.patientNote(rnd, ssn, phone);
        return new Patient(patientId, mrn(patientId), ssn, firstName, lastName, dateOfBirth, email, phone, street,
                city, region.state(), zip, notes);
    }

    /**
     * Returns the encounters of the given patient, ordered by admission time (0 to
     * {@value #MAX_ENCOUNTERS_PER_PATIENT} of them; encounter ids are {@code patientId * 10 + 1..5}).
     * All admissions lie within the ten years before {@link #REFERENCE_DATE} and after the date of birth; only the
     * latest encounter may still be open ({@code dischargedAt == null}).
     *
     * @param patientId {@code 1..}{@link #MAX_PATIENTS}
     */
    public List<Encounter> encounters(long patientId) {
        checkPatientId(patientId);
        SplittableRandom rnd = new SplittableRandom(Mix.mix(seed, patientId, STREAM_ENCOUNTERS));
        int count = rnd.nextInt(MAX_ENCOUNTERS_PER_PATIENT + 1);
        if (count == 0) {
            return List.of();
        }
        long birthSecond = dateOfBirth(patientId).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        long earliest = Math.max(birthSecond, REFERENCE_SECOND - ENCOUNTER_WINDOW_SECONDS);
        long[] admissions = new long[count];
        for (int i = 0; i < count; i++) {
            long second = rnd.nextLong(earliest, REFERENCE_SECOND);
            admissions[i] = second - Math.floorMod(second, 60);
        }
        Arrays.sort(admissions);
        List<Encounter> encounters = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean last = i == count - 1;
            boolean stillAdmitted = last && rnd.nextInt(100) < STILL_ADMITTED_PERCENT;
            Instant admitted = Instant.ofEpochSecond(admissions[i]);
            Instant discharged = stillAdmitted ? null : admitted.plusSeconds(60L * lengthOfStayMinutes(rnd));
            Diagnosis diagnosis = pick(rnd, Diagnosis.COMMON);
            encounters.add(new Encounter(patientId * 10 + i + 1, patientId, admitted, discharged, diagnosis.code(),
                    ClinicalNotes.encounterNote(rnd, diagnosis, stillAdmitted)));
        }
        return encounters;
    }

    /** Patients {@code 1..count}, generated lazily in id order. */
    public Stream<Patient> patients(long count) {
        checkCount(count);
        return LongStream.rangeClosed(1, count).mapToObj(this::patient);
    }

    /**
     * Patients {@code 1..count} as a COPY text-format byte stream (UTF-8, columns {@link Patient#COLUMNS}),
     * generated on the fly while it is read.
     */
    public InputStream patientsCopyText(long count) {
        checkCount(count);
        return new CopyTextInputStream(1, count, (id, out) -> patient(id).appendCopyText(out));
    }

    /**
     * The encounters of patients {@code 1..count} as a COPY text-format byte stream (UTF-8, columns
     * {@link Encounter#COLUMNS}), generated on the fly while it is read.
     */
    public InputStream encountersCopyText(long count) {
        checkCount(count);
        return new CopyTextInputStream(1, count, (id, out) -> {
            for (Encounter encounter : encounters(id)) {
                encounter.appendCopyText(out);
            }
        });
    }

    /** Patients {@code 1..count} as a {@code COPY (FORMAT binary)} stream, generated while it is read. */
    InputStream patientsCopyBinary(long count) {
        checkCount(count);
        return new CopyBinaryInputStream(1, count, (id, out) -> CopyBinary.patient(patient(id), out));
    }

    /** The encounters of patients {@code 1..count} as a {@code COPY (FORMAT binary)} stream. */
    InputStream encountersCopyBinary(long count) {
        checkCount(count);
        return new CopyBinaryInputStream(1, count, (id, out) -> {
            for (Encounter encounter : encounters(id)) {
                CopyBinary.encounter(encounter, out);
            }
        });
    }

    /** The MRN of a patient: {@code MRN} followed by 8 digits, distinct for distinct ids. */
    String mrn(long patientId) {
        return "MRN" + pad(mrns.apply(patientId - 1), 8);
    }

    private LocalDate dateOfBirth(long patientId) {
        SplittableRandom rnd = new SplittableRandom(Mix.mix(seed, patientId, STREAM_BIRTH));
        return LocalDate.ofEpochDay(REFERENCE_EPOCH_DAY - rnd.nextLong(1, OLDEST_BIRTH_DAYS_BACK + 1));
    }

    private static String ssn(SplittableRandom rnd) {
        int area;
        do {
            area = rnd.nextInt(1, 900);
        } while (area == 666);
        char[] ssn = new char[11];
        digits(ssn, 0, area, 3);
        ssn[3] = '-';
        digits(ssn, 4, rnd.nextInt(1, 100), 2);
        ssn[6] = '-';
        digits(ssn, 7, rnd.nextInt(1, 10_000), 4);
        return new String(ssn);
    }

    private static String phone(SplittableRandom rnd, UsRegion region) {
        int areaCode = region.areaCodes()[rnd.nextInt(region.areaCodes().length)];
        int exchange;
        do {
            exchange = rnd.nextInt(200, 1000);
        } while (exchange % 100 == 11 || exchange == 555);
        char[] phone = new char[14];
        phone[0] = '(';
        digits(phone, 1, areaCode, 3);
        phone[4] = ')';
        phone[5] = ' ';
        digits(phone, 6, exchange, 3);
        phone[9] = '-';
        digits(phone, 10, rnd.nextInt(10_000), 4);
        return new String(phone);
    }

    private String email(SplittableRandom rnd, String firstName, String lastName, LocalDate dateOfBirth) {
        String first = lettersOnly(firstName);
        String last = lettersOnly(lastName);
        String local = switch (rnd.nextInt(4)) {
            case 0 -> first + "." + last;
            case 1 -> first + last + rnd.nextInt(1, 100);
            case 2 -> first.charAt(0) + "." + last + pad(dateOfBirth.getYear() % 100, 2);
            default -> last + "." + first;
        };
        return local + "@" + pick(rnd, pools.mailDomains());
    }

    private String street(SplittableRandom rnd) {
        String street = rnd.nextInt(1, 10_000) + " " + pick(rnd, pools.streetNames());
        return rnd.nextInt(10) == 0 ? street + " Apt " + rnd.nextInt(1, 40) + (char) ('A' + rnd.nextInt(6)) : street;
    }

    private static String zip(SplittableRandom rnd, UsRegion region) {
        int prefix = rnd.nextInt(region.zipLow(), region.zipHigh() + 1);
        return pad(prefix * 100 + rnd.nextInt(1, 100), 5);
    }

    /** Mostly short stays (1 hour to 3 days), one in five up to two weeks. */
    private static int lengthOfStayMinutes(SplittableRandom rnd) {
        return rnd.nextInt(5) == 0 ? rnd.nextInt(60, 14 * 24 * 60) : rnd.nextInt(60, 3 * 24 * 60);
    }

    private static String lettersOnly(String name) {
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if (c >= 'a' && c <= 'z') {
                letters.append(c);
            }
        }
        return letters.length() == 0 ? "patient" : letters.toString();
    }

    private static <T> T pick(SplittableRandom rnd, List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private static String pad(long value, int width) {
        char[] chars = new char[width];
        digits(chars, 0, value, width);
        return new String(chars);
    }

    /** Writes the last {@code width} decimal digits of a non-negative {@code value}, zero-padded. */
    private static void digits(char[] out, int offset, long value, int width) {
        long rest = value;
        for (int i = offset + width - 1; i >= offset; i--) {
            out[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
    }

    private static void checkPatientId(long patientId) {
        if (patientId < 1 || patientId > MAX_PATIENTS) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "patient id must be in 1..%d, was %d", MAX_PATIENTS, patientId));
        }
    }

    static void checkCount(long count) {
        if (count < 0 || count > MAX_PATIENTS) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "patient count must be in 0..%d, was %d", MAX_PATIENTS, count));
        }
    }

    @Override
    public String toString() {
        return "SyntheticPatients[seed=" + seed + "]";
    }
}
