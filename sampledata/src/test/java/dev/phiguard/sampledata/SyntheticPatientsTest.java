package dev.phiguard.sampledata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyntheticPatientsTest {

    private static final int SAMPLE = 100_000;
    private static final Pattern SSN = Pattern.compile("(\\d{3})-(\\d{2})-(\\d{4})");
    private static final Pattern PHONE = Pattern.compile("\\((\\d{3})\\) (\\d{3})-\\d{4}");
    private static final Pattern MRN = Pattern.compile("MRN\\d{8}");
    private static final Pattern EMAIL = Pattern.compile("[a-z]+(\\.[a-z]+)?\\d{0,2}@[a-z0-9.-]+\\.[a-z]+");
    private static final Pattern ZIP = Pattern.compile("\\d{5}");
    private static final Pattern ICD10 = Pattern.compile("[A-Z]\\d{2}[0-9A-Z]?(\\.[0-9A-Z]{1,4})?");
    private static final Map<String, UsRegion> REGIONS =
            UsRegion.ALL.stream().collect(Collectors.toMap(UsRegion::state, Function.identity()));

    private static SyntheticPatients generator;
    private static List<Patient> sample;

    @BeforeAll
    static void generate() {
        generator = new SyntheticPatients(20_240_601L);
        sample = generator.patients(SAMPLE).toList();
    }

    @Test
    void sameSeedGivesSameRows() {
        SyntheticPatients again = new SyntheticPatients(generator.seed());
        for (long id = 1; id <= 1_000; id++) {
            assertThat(again.patient(id).toCopyText()).isEqualTo(sample.get((int) id - 1).toCopyText());
            assertThat(again.encounters(id)).isEqualTo(generator.encounters(id));
        }
    }

    @Test
    void aRowDependsOnlyOnSeedAndIdNotOnWhatWasGeneratedBefore() {
        SyntheticPatients fresh = new SyntheticPatients(generator.seed());
        assertThat(fresh.patient(77_777)).isEqualTo(sample.get(77_776));
        assertThat(fresh.encounters(4_242)).isEqualTo(generator.encounters(4_242));
        assertThat(fresh.patient(3)).isEqualTo(sample.get(2));
    }

    @Test
    void differentSeedsGiveDifferentRows() {
        SyntheticPatients other = new SyntheticPatients(generator.seed() + 1);
        int sameSsn = 0;
        int sameMrn = 0;
        int sameName = 0;
        for (long id = 1; id <= 1_000; id++) {
            Patient mine = sample.get((int) id - 1);
            Patient theirs = other.patient(id);
            sameSsn += mine.ssn().equals(theirs.ssn()) ? 1 : 0;
            sameMrn += mine.mrn().equals(theirs.mrn()) ? 1 : 0;
            sameName += (mine.firstName() + mine.lastName()).equals(theirs.firstName() + theirs.lastName()) ? 1 : 0;
        }
        assertThat(sameSsn).isLessThan(3);
        assertThat(sameMrn).isLessThan(3);
        assertThat(sameName).isLessThan(10);
    }

    @Test
    void ssnsObeyTheValidityRules() {
        Set<Integer> areas = new HashSet<>();
        for (Patient patient : sample) {
            var matcher = SSN.matcher(patient.ssn());
            assertThat(matcher.matches()).as("SSN format of patient %d", patient.patientId()).isTrue();
            int area = Integer.parseInt(matcher.group(1));
            int group = Integer.parseInt(matcher.group(2));
            int serial = Integer.parseInt(matcher.group(3));
            if (area < 1 || area > 899 || area == 666 || group < 1 || group > 99 || serial < 1 || serial > 9999) {
                throw new AssertionError("invalid SSN for patient " + patient.patientId() + ": area " + area
                        + ", group " + group + ", serial " + serial);
            }
            areas.add(area);
        }
        assertThat(areas).as("areas cover the whole valid range").hasSizeGreaterThan(890).contains(1, 899);
    }

    @Test
    void mrnsAreUniqueAndWellFormed() {
        Set<String> mrns = new HashSet<>();
        for (Patient patient : sample) {
            assertThat(MRN.matcher(patient.mrn()).matches()).as("MRN of %d", patient.patientId()).isTrue();
            mrns.add(patient.mrn());
        }
        assertThat(mrns).hasSize(SAMPLE);
        assertThat(generator.mrn(SyntheticPatients.MAX_PATIENTS)).matches(MRN);
    }

    @Test
    void phoneNumbersUseAnAreaCodeOfTheStateAndAValidExchange() {
        for (Patient patient : sample) {
            var matcher = PHONE.matcher(patient.phone());
            assertThat(matcher.matches()).as("phone format of %d", patient.patientId()).isTrue();
            int areaCode = Integer.parseInt(matcher.group(1));
            int exchange = Integer.parseInt(matcher.group(2));
            UsRegion region = REGIONS.get(patient.state());
            assertThat(region).as("state of %d", patient.patientId()).isNotNull();
            assertThat(region.areaCodes()).contains(areaCode);
            if (exchange < 200 || exchange % 100 == 11 || exchange == 555) {
                throw new AssertionError("invalid exchange " + exchange + " for patient " + patient.patientId());
            }
        }
    }

    @Test
    void addressesAreConsistentWithTheState() {
        for (Patient patient : sample) {
            UsRegion region = REGIONS.get(patient.state());
            assertThat(patient.zip()).matches(ZIP);
            int prefix = Integer.parseInt(patient.zip()) / 100;
            assertThat(prefix).as("ZIP prefix of %d", patient.patientId())
                    .isBetween(region.zipLow(), region.zipHigh());
            assertThat(patient.street()).matches("\\d{1,4} .+");
            assertThat(patient.city()).isNotBlank();
        }
        assertThat(sample.stream().map(Patient::state).distinct().count()).isEqualTo(UsRegion.ALL.size());
    }

    @Test
    void namesEmailsAndDatesOfBirthAreRealistic() {
        Set<String> firstNames = new HashSet<>();
        for (Patient patient : sample) {
            assertThat(patient.email()).matches(EMAIL);
            int age = Period.between(patient.dateOfBirth(), SyntheticPatients.REFERENCE_DATE).getYears();
            assertThat(age).as("age of %d", patient.patientId()).isBetween(0, 100);
            firstNames.add(patient.firstName());
        }
        assertThat(firstNames).hasSizeGreaterThan(500);
        assertThat(sample).extracting(Patient::dateOfBirth)
                .anyMatch(birth -> birth.isAfter(SyntheticPatients.REFERENCE_DATE.minusYears(1)))
                .anyMatch(birth -> birth.isBefore(SyntheticPatients.REFERENCE_DATE.minusYears(99)));
    }

    @Test
    void aboutTenPercentOfNotesEmbedTheSsnOrPhone() {
        long withSsn = sample.stream().filter(p -> p.notes() != null && p.notes().contains(p.ssn())).count();
        long withPhone = sample.stream().filter(p -> p.notes() != null && p.notes().contains(p.phone())).count();
        long withoutNotes = sample.stream().filter(p -> p.notes() == null).count();

        assertThat(withSsn / (double) SAMPLE).isBetween(0.045, 0.055);
        assertThat(withPhone / (double) SAMPLE).isBetween(0.045, 0.055);
        assertThat((withSsn + withPhone) / (double) SAMPLE).isBetween(0.09, 0.11);
        assertThat(withoutNotes / (double) SAMPLE).isBetween(0.045, 0.055);
    }

    @Test
    void someNotesNeedCopyEscaping() {
        List<String> notes = sample.subList(0, 10_000).stream().map(Patient::notes).filter(n -> n != null).toList();
        assertThat(notes).anyMatch(n -> n.contains("\n")).anyMatch(n -> n.contains("\t"))
                .anyMatch(n -> n.contains("\\"));
    }

    @Test
    void encountersAreConsistentWithTheirPatient() {
        long total = 0;
        Set<Long> encounterIds = new HashSet<>();
        Instant reference = SyntheticPatients.REFERENCE_DATE.atStartOfDay().toInstant(ZoneOffset.UTC);
        for (Patient patient : sample.subList(0, 20_000)) {
            List<Encounter> encounters = generator.encounters(patient.patientId());
            assertThat(encounters).hasSizeLessThanOrEqualTo(SyntheticPatients.MAX_ENCOUNTERS_PER_PATIENT);
            Instant born = patient.dateOfBirth().atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant previous = Instant.MIN;
            for (int i = 0; i < encounters.size(); i++) {
                Encounter encounter = encounters.get(i);
                assertThat(encounter.patientId()).isEqualTo(patient.patientId());
                assertThat(encounter.encounterId()).isEqualTo(patient.patientId() * 10 + i + 1);
                assertThat(encounter.admittedAt()).isAfterOrEqualTo(born).isBefore(reference)
                        .isAfterOrEqualTo(reference.minus(Period.ofDays(3_653))).isAfterOrEqualTo(previous);
                if (encounter.dischargedAt() == null) {
                    assertThat(i).as("only the latest encounter may be open").isEqualTo(encounters.size() - 1);
                } else {
                    assertThat(encounter.dischargedAt()).isAfter(encounter.admittedAt());
                }
                assertThat(encounter.diagnosisCode()).matches(ICD10);
                encounterIds.add(encounter.encounterId());
                previous = encounter.admittedAt();
            }
            total += encounters.size();
        }
        assertThat(encounterIds).hasSize((int) total);
        assertThat(total / 20_000.0).as("encounters per patient").isBetween(2.3, 2.7);
    }

    @Test
    void streamsPatientsInIdOrder() {
        List<Long> ids = new ArrayList<>();
        generator.patients(5).forEach(patient -> ids.add(patient.patientId()));
        assertThat(ids).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(generator.patients(0)).isEmpty();
    }

    @Test
    void rejectsIdsAndCountsOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> generator.patient(0)).withMessageContaining("was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> generator.encounters(SyntheticPatients.MAX_PATIENTS + 1));
        assertThatIllegalArgumentException().isThrownBy(() -> generator.patientsCopyText(-1));
    }

    @Test
    void toStringDoesNotRevealProtectedValues() {
        Patient patient = sample.get(0);
        assertThat(patient.toString()).doesNotContain(patient.ssn(), patient.lastName(), patient.mrn());
    }
}
