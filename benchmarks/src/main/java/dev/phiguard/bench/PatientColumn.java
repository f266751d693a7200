package dev.phiguard.bench;

import dev.phiguard.policies.masking.PgTypes;
import dev.phiguard.proxy.wire.RowDescription;
import dev.phiguard.sampledata.Patient;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The columns of {@code public.patients} as PostgreSQL describes them and sends them in text format.
 */
enum PatientColumn {
    PATIENT_ID(PgTypes.INT8, p -> Long.toString(p.patientId())),
    MRN(PgTypes.TEXT, Patient::mrn),
    SSN(PgTypes.TEXT, Patient::ssn),
    FIRST_NAME(PgTypes.TEXT, Patient::firstName),
    LAST_NAME(PgTypes.TEXT, Patient::lastName),
    DATE_OF_BIRTH(PgTypes.DATE, p -> p.dateOfBirth().toString()),
    EMAIL(PgTypes.TEXT, Patient::email),
    PHONE(PgTypes.TEXT, Patient::phone),
    STREET(PgTypes.TEXT, Patient::street),
    CITY(PgTypes.TEXT, Patient::city),
    STATE(PgTypes.BPCHAR, Patient::state),
    ZIP(PgTypes.TEXT, Patient::zip),
    NOTES(PgTypes.TEXT, Patient::notes);

    /** Any table OID: the proxy does not look at it. */
    private static final int PATIENTS_OID = 16_390;

    private final int typeOid;
    private final Function<Patient, String> text;

    PatientColumn(int typeOid, Function<Patient, String> text) {
        this.typeOid = typeOid;
        this.text = text;
    }

    /** The column name, as in the table and in a RowDescription. */
    String columnName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value in PostgreSQL's text format, or null for SQL NULL. */
    String text(Patient patient) {
        return text.apply(patient);
    }

    /** The RowDescription field of this column read straight from the table, in text format. */
    RowDescription.Field field() {
        short size = switch (typeOid) {
            case PgTypes.INT8 -> 8;
            case PgTypes.DATE -> 4;
            default -> -1;
        };
        int typeModifier = typeOid == PgTypes.BPCHAR ? 2 + 4 : -1; // char(2): length + VARHDRSZ
        return new RowDescription.Field(columnName(), PATIENTS_OID, (short) (ordinal() + 1), typeOid, size,
                typeModifier, (short) 0);
    }

    /** The description of a result holding these columns. */
    static RowDescription description(List<PatientColumn> columns) {
        return new RowDescription(columns.stream().map(PatientColumn::field).toList());
    }

    /** {@code a, b, c}: the select list of these columns. */
    static String selectList(List<PatientColumn> columns) {
        return String.join(", ", columns.stream().map(PatientColumn::columnName).toList());
    }
}
