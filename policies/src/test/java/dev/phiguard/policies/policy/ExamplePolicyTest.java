package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference policy {@code policies/examples/study-42.yaml} loads into exactly what it says. */
class ExamplePolicyTest {

    static final Path EXAMPLE = Path.of("examples", "study-42.yaml");

    private static Policy policy;

    @BeforeAll
    static void load() throws PolicyException {
        policy = new PolicyLoader().load(EXAMPLE);
    }

    @Test
    void identifiesThePurpose() {
        assertThat(policy.purpose()).isEqualTo("study-42");
        assertThat(policy.source()).isEqualTo(EXAMPLE);
        assertThat(policy.description()).startsWith("Nightly extract of encounters for research study 42.")
                .doesNotEndWith("\n");
    }

    @Test
    void letsCiOfTheLocalIssuerRequest() {
        assertThat(policy.requesters()).containsExactly(
                new RequesterRule("local", Optional.empty(), Set.of("ci"), Map.of()));
        assertThat(policy.admits("local", "job-1", List.of("ci"), Map.of())).isTrue();
        assertThat(policy.admits("local", "job-1", List.of("reviewers"), Map.of())).isFalse();
        assertThat(policy.admits("https://token.actions.githubusercontent.com", "job-1", List.of("ci"), Map.of()))
                .isFalse();
    }

    @Test
    void needsOneReviewer() {
        assertThat(policy.approval()).isEqualTo(new ApprovalRule(1, Set.of("reviewers")));
        assertThat(policy.approval().isAutomatic()).isFalse();
        assertThat(policy.approval().isEligibleApprover(List.of("ci", "reviewers"))).isTrue();
        assertThat(policy.approval().isEligibleApprover(List.of("ci"))).isFalse();
    }

    @Test
    void limitsTheLease() {
        assertThat(policy.lease()).isEqualTo(new LeaseLimits("clinic", Duration.ofHours(2), Duration.ofMinutes(30),
                Duration.ofMinutes(15), 2, true));
        assertThat(policy.lease().allowsTtl(Duration.ofHours(2))).isTrue();
        assertThat(policy.lease().allowsTtl(Duration.ofHours(3))).isFalse();
    }

    @Test
    void isReadOnlyOverTwoTables() {
        AccessRules access = policy.access();
        assertThat(access.statements()).containsExactlyInAnyOrder(StatementKind.SELECT, StatementKind.COPY_TO);
        assertThat(access.isReadOnly()).isTrue();
        assertThat(access.rowLimit()).isEqualTo(50_000);
        assertThat(access.tables()).containsOnlyKeys("patients", "encounters");
        assertThat(access.table("public.encounters")).contains(TableAccess.allColumns("encounters"));
        assertThat(access.allowsColumn("patients", "ssn")).isTrue();
        assertThat(access.allowsColumn("patients", "salary")).isFalse();
        assertThat(access.allowsColumn("encounters", "anything")).isTrue();
        assertThat(access.allowsColumn("billing", "amount")).isFalse();
    }

    @Test
    void allowsDefaultFunctionsPlusItsOwn() {
        AccessRules access = policy.access();
        assertThat(access.functions()).containsAll(FunctionAllowList.DEFAULTS).contains("string_agg");
        assertThat(access.allowsFunction("pg_catalog.lower")).isTrue();
        assertThat(access.allowsFunction("row_to_json")).isFalse();
        assertThat(access.allowsFunction("pg_read_file")).isFalse();
    }

    @Test
    void masksEveryDirectIdentifier() {
        assertThat(policy.maskingFor("patients", "mrn")).contains(new MaskingRule.Tokenize(TokenFormat.MRN));
        assertThat(policy.maskingFor("public.patients", "ssn")).contains(new MaskingRule.Partial(4, '*'));
        assertThat(policy.maskingFor("patients", "first_name")).contains(new MaskingRule.Redact("***"));
        assertThat(policy.maskingFor("patients", "date_of_birth"))
                .contains(new MaskingRule.GeneraliseDate(DatePrecision.YEAR));
        assertThat(policy.maskingFor("patients", "zip")).contains(new MaskingRule.Redact("***"));
        assertThat(policy.maskingFor("encounters", "admitted_at")).contains(new MaskingRule.ShiftDate(30));
        assertThat(policy.maskingFor("patients", "notes")).isEmpty();
        assertThat(policy.maskingFor("patients", "state")).isEmpty();
        assertThat(policy.dateShiftMaxDays()).hasValue(30);
        assertThat(policy.masking().keySet()).extracting(ColumnRef::toString).containsExactly(
                "patients.mrn", "patients.ssn", "patients.first_name", "patients.last_name", "patients.date_of_birth",
                "patients.email", "patients.phone", "patients.street", "patients.city", "patients.zip",
                "encounters.admitted_at",
                "encounters.discharged_at");
    }

    @Test
    void runsEveryDetectorWithTheSiteMrnPattern() {
        DetectorSettings detectors = policy.detectors();
        assertThat(List.of(detectors.ssn(), detectors.email(), detectors.phone(), detectors.card(),
                detectors.dateOfBirth())).containsOnly(true);
        assertThat(detectors.mrnPatterns()).containsExactly("\\bMRN\\d{8}\\b");
        assertThat(Pattern.compile(detectors.mrnPatterns().get(0)).matcher("seen as MRN00012345 today").find()).isTrue();
        assertThat(detectors.replacement()).isEqualTo(ReplacementStyle.TAG);
    }

    @Test
    void keepsRecordKeysAndHoldsFullTableReads() {
        assertThat(policy.recordKeys()).containsExactly(new ColumnRef("patients", "mrn"));
        assertThat(policy.isRecordKey("public.patients", "mrn")).isTrue();
        assertThat(policy.isRecordKey("patients", "ssn")).isFalse();
        assertThat(policy.holds()).containsExactly(new HoldRule.NoWhere(Set.of("patients"), OptionalLong.of(1000)));
        assertThat(policy.holdsFor("patients")).hasSize(1);
        assertThat(policy.holdsFor("encounters")).isEmpty();
    }
}
