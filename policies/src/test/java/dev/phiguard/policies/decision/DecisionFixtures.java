package dev.phiguard.policies.decision;

import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.policy.Policy;
import dev.phiguard.policies.policy.PolicyException;
import dev.phiguard.policies.policy.PolicyLoader;
import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.CachingAnalyzer;
import dev.phiguard.policies.sql.SqlAnalyzer;
import dev.phiguard.policies.sql.StaticCatalog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo database and the policies every decision test runs against: {@code study-42} as shipped in
 * {@code policies/examples/}, and small policies from {@code src/test/resources/decision/}.
 */
final class DecisionFixtures {

    static final String[] PATIENT_COLUMNS = {"patient_id", "mrn", "ssn", "first_name", "last_name", "date_of_birth",
            "email", "phone", "street", "city", "state", "zip", "notes"};
    static final String[] ENCOUNTER_COLUMNS = {"encounter_id", "patient_id", "admitted_at", "discharged_at",
            "diagnosis_code", "notes"};

    static final StaticCatalog CATALOG = StaticCatalog.builder()
            .table("public.patients", PATIENT_COLUMNS)
            .table("public.encounters", ENCOUNTER_COLUMNS)
            .table("research.cohorts", "patient_id", "label")
            .view("public.patient_contacts", "select patient_id, email, phone, city, state from patients",
                    "patient_id", "email", "phone", "city", "state")
            .view("public.patient_ssn_last4", "select patient_id, right(ssn, 4) as last4 from patients",
                    "patient_id", "last4")
            .table("pg_catalog.pg_class", "oid", "relname", "relnamespace", "relkind")
            .table("pg_catalog.pg_namespace", "oid", "nspname")
            .table("pg_catalog.pg_attribute", "attrelid", "attname", "atttypid", "attnum")
            .table("pg_catalog.pg_type", "oid", "typname", "typnamespace")
            .table("pg_catalog.pg_roles", "oid", "rolname")
            .table("pg_catalog.pg_stats", "schemaname", "tablename", "attname", "null_frac", "most_common_vals",
                    "histogram_bounds")
            .table("pg_catalog.pg_statistic", "starelid", "staattnum", "stavalues1")
            .table("pg_catalog.pg_statistic_ext", "oid", "stxrelid", "stxname", "stxkind")
            .table("pg_catalog.pg_statistic_ext_data", "stxoid", "stxdndistinct", "stxdmcv")
            .table("pg_catalog.pg_authid", "oid", "rolname", "rolpassword")
            .table("pg_catalog.pg_stat_activity", "pid", "usename", "query")
            .table("pg_catalog.pg_largeobject", "loid", "pageno", "data")
            .table("public.pg_stat_statements", "userid", "query", "calls")
            .build();

    static final SqlAnalyzer ANALYZER = CachingAnalyzer.withDefaults(SqlAnalyzer.postgres(CATALOG, AnalyzerSettings.defaults()));

    private static final Map<String, PolicyEngine> ENGINES = new ConcurrentHashMap<>();

    // the masking rules of study-42, as the plans carry them
    static final Masking SSN_RULE = new Masking.Partial(4, '*');
    static final Masking MRN_RULE = new Masking.Tokenize(Masking.Tokenize.Format.MRN);
    static final Masking REDACT = new Masking.Redact("***");
    static final Masking YEAR = new Masking.GeneraliseDate(Masking.GeneraliseDate.Precision.YEAR);
    static final Masking SHIFT = new Masking.ShiftDate();

    private DecisionFixtures() {
    }

    /** The policy of a purpose: {@code study-42} from the examples, the others from the test resources. */
    static Policy policy(String purpose) {
        return engine(purpose).policy();
    }

    /** One engine per purpose, shared by the tests (engines are thread-safe). */
    static PolicyEngine engine(String purpose) {
        return ENGINES.computeIfAbsent(purpose, p -> new PolicyEngine(load(p), ANALYZER));
    }

    private static Policy load(String purpose) {
        Path file = purpose.equals("study-42")
                ? Path.of("examples", "study-42.yaml")
                : Path.of("src", "test", "resources", "decision", purpose + ".yaml");
        try {
            return new PolicyLoader().load(file);
        } catch (PolicyException e) {
            throw new AssertionError("test policy " + file + " does not load: " + e.getMessage(), e);
        }
    }
}
