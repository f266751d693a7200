package dev.phiguard.policies.detect;

import static dev.phiguard.policies.detect.Scan.only;
import static dev.phiguard.policies.detect.Scan.scan;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateOfBirthDetectorTest {

    private static final Detectors DOB = only(DetectorKind.DATE_OF_BIRTH);

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            DOB: 03/17/1984|DOB: [DOB]
            born 1984-03-17|born [DOB]
            date of birth: March 17, 1984|date of birth: [DOB]
            Date of Birth - 17 March 1984.|Date of Birth - [DOB].
            D.O.B. 17.03.1984|D.O.B. [DOB]
            birthdate=1984/03/17|birthdate=[DOB]
            Born on Mar. 17th, 1984 in Ohio|Born on [DOB] in Ohio
            dob 3/7/84|dob [DOB]
            Birth date: 17-Mar-1984|Birth date: [DOB]
            patient's birthday is 12/25/1990|patient's birthday is [DOB]
            DOB:17/03/1984|DOB:[DOB]
            date_of_birth: 1984-03-17|date_of_birth: [DOB]
            (DOB 2/29/1984)|(DOB [DOB])
            born 1984-03-17T10:00:00|born [DOB]T10:00:00
            DOB: Sept 1 1984|DOB: [DOB]
            """)
    void labelledDatesAreFound(String value, String expected) {
        assertThat(scan(DOB, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "admitted 1984-03-17", "created_at 2024-01-15T10:30:00Z", "visit 03/17/1984 10:00", "DOB: unknown",
        "born 2 years ago", "DOB: 13/13/1984", "DOB: 02/30/1984", "DOB: 2/29/1983", "Adobe 03/17/1984",
        "dobby 03/17/1984", "newborn 03/17/1984", "born in 1984", "DOB: 031719840", "DOB 1984-03-177",
    })
    void unlabelledOrInvalidDatesAreNot(String value) {
        assertThat(scan(DOB, value)).isEqualTo(value);
    }
}
