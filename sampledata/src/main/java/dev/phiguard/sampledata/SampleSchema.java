package dev.phiguard.sampledata;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The DDL of the sample tables in schema {@code public}. Tables are created bare so that rows can be loaded with
 * {@code COPY ... FREEZE} in the creating transaction; keys, the foreign key and indexes are added afterwards,
 * which is much faster than maintaining them row by row.
 */
public final class SampleSchema {

    /** Qualified name of the patients table. */
    public static final String PATIENTS = "public.patients";
    /** Qualified name of the encounters table. */
    public static final String ENCOUNTERS = "public.encounters";
    /** Both sample tables, parents first. */
    public static final List<String> TABLES = List.of(PATIENTS, ENCOUNTERS);

    static final String CREATE_PATIENTS = """
            CREATE TABLE public.patients (
                patient_id    bigint  NOT NULL,
                mrn           text    NOT NULL,
                ssn           text    NOT NULL,
                first_name    text    NOT NULL,
                last_name     text    NOT NULL,
                date_of_birth date    NOT NULL,
                email         text    NOT NULL,
                phone         text    NOT NULL,
                street        text    NOT NULL,
                city          text    NOT NULL,
                state         char(2) NOT NULL,
                zip           text    NOT NULL,
                notes         text
            )""";

    static final String CREATE_ENCOUNTERS = """
            CREATE TABLE public.encounters (
                encounter_id   bigint      NOT NULL,
                patient_id     bigint      NOT NULL,
                admitted_at    timestamptz NOT NULL,
                discharged_at  timestamptz,
                diagnosis_code text        NOT NULL,
                notes          text,
                CONSTRAINT encounters_discharge_after_admission CHECK (discharged_at >= admitted_at)
            )""";

    /** Run on {@code patients} once its rows are in. */
    static final List<String> PATIENT_KEYS = List.of(
            "ALTER TABLE public.patients ADD CONSTRAINT patients_pkey PRIMARY KEY (patient_id)",
            "ALTER TABLE public.patients ADD CONSTRAINT patients_mrn_key UNIQUE (mrn)");

    /** Run on {@code encounters} once its rows are in. */
    static final List<String> ENCOUNTER_KEYS = List.of(
            "ALTER TABLE public.encounters ADD CONSTRAINT encounters_pkey PRIMARY KEY (encounter_id)",
            "CREATE INDEX encounters_patient_id_idx ON public.encounters (patient_id)");

    /** Run when both tables have their keys. */
    static final String ENCOUNTERS_FOREIGN_KEY = "ALTER TABLE public.encounters ADD CONSTRAINT "
            + "encounters_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES public.patients (patient_id)";

    static final String ANALYZE_PATIENTS = "ANALYZE public.patients";
    static final String ANALYZE_ENCOUNTERS = "ANALYZE public.encounters";

    private SampleSchema() {
    }

    /** {@code COPY} statement for patient rows in the given format. */
    static String copyPatients(CopyFormat format) {
        return "COPY public.patients (" + Patient.COLUMNS + ") FROM STDIN WITH (FORMAT " + format.keyword()
                + ", FREEZE)";
    }

    /** {@code COPY} statement for encounter rows in the given format. */
    static String copyEncounters(CopyFormat format) {
        return "COPY public.encounters (" + Encounter.COLUMNS + ") FROM STDIN WITH (FORMAT " + format.keyword()
                + ", FREEZE)";
    }

    /**
     * Creates both tables with every constraint and index but without rows, for callers that insert rows
     * themselves.
     */
    public static void createEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_PATIENTS);
            statement.execute(CREATE_ENCOUNTERS);
            for (String ddl : PATIENT_KEYS) {
                statement.execute(ddl);
            }
            for (String ddl : ENCOUNTER_KEYS) {
                statement.execute(ddl);
            }
            statement.execute(ENCOUNTERS_FOREIGN_KEY);
            statement.execute(ANALYZE_PATIENTS);
            statement.execute(ANALYZE_ENCOUNTERS);
        }
    }

    /** Drops both sample tables if they exist (and whatever depends on them). */
    public static void drop(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS public.encounters, public.patients CASCADE");
        }
    }
}
