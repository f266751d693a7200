package dev.phiguard.sampledata;

import java.util.List;

/**
 * An ICD-10-CM code with its description, used for {@code encounters.diagnosis_code} and encounter notes.
 *
 * @param code        ICD-10-CM code, e.g. {@code E11.9}
 * @param description the code's official short description
 */
record Diagnosis(String code, String description) {

    /** Common real ICD-10-CM codes. */
    static final List<Diagnosis> COMMON = List.of(
            new Diagnosis("A09", "Infectious gastroenteritis and colitis, unspecified"),
            new Diagnosis("E03.9", "Hypothyroidism, unspecified"),
            new Diagnosis("E11.9", "Type 2 diabetes mellitus without complications"),
            new Diagnosis("E66.9", "Obesity, unspecified"),
            new Diagnosis("E78.5", "Hyperlipidemia, unspecified"),
            new Diagnosis("F32.9", "Major depressive disorder, single episode, unspecified"),
            new Diagnosis("F41.1", "Generalized anxiety disorder"),
            new Diagnosis("G43.909", "Migraine, unspecified, not intractable, without status migrainosus"),
            new Diagnosis("I10", "Essential (primary) hypertension"),
            new Diagnosis("I48.91", "Unspecified atrial fibrillation"),
            new Diagnosis("I50.9", "Heart failure, unspecified"),
            new Diagnosis("J06.9", "Acute upper respiratory infection, unspecified"),
            new Diagnosis("J18.9", "Pneumonia, unspecified organism"),
            new Diagnosis("J44.9", "Chronic obstructive pulmonary disease, unspecified"),
            new Diagnosis("J45.909", "Unspecified asthma, uncomplicated"),
            new Diagnosis("K21.9", "Gastro-esophageal reflux disease without esophagitis"),
            new Diagnosis("K35.80", "Unspecified acute appendicitis"),
            new Diagnosis("L03.90", "Cellulitis, unspecified"),
            new Diagnosis("M54.50", "Low back pain, unspecified"),
            new Diagnosis("N18.30", "Chronic kidney disease, stage 3 unspecified"),
            new Diagnosis("N39.0", "Urinary tract infection, site not specified"),
            new Diagnosis("O80", "Encounter for full-term uncomplicated delivery"),
            new Diagnosis("R07.9", "Chest pain, unspecified"),
            new Diagnosis("R10.9", "Unspecified abdominal pain"),
            new Diagnosis("R51.9", "Headache, unspecified"),
            new Diagnosis("S52.501A", "Unspecified fracture of the lower end of right radius, initial encounter"),
            new Diagnosis("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter"),
            new Diagnosis("U07.1", "COVID-19"),
            new Diagnosis("Z00.00", "Encounter for general adult medical examination without abnormal findings"),
            new Diagnosis("Z23", "Encounter for immunization"));
}
