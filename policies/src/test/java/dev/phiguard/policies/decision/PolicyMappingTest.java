package dev.phiguard.policies.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.phiguard.policies.detect.DetectorSettings;
import dev.phiguard.policies.detect.ReplacementStyle;
import dev.phiguard.policies.masking.Masking;
import dev.phiguard.policies.policy.DatePrecision;
import dev.phiguard.policies.policy.MaskingRule;
import dev.phiguard.policies.policy.TokenFormat;
import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.TableRef;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy's records become the masking and detection packages' types; plans merge into the stricter one. */
class PolicyMappingTest {

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(new MaskingRule.Redact("***"), new Masking.Redact("***")),
                Arguments.of(new MaskingRule.Redact("[removed]"), new Masking.Redact("[removed]")),
                Arguments.of(new MaskingRule.Partial(4), new Masking.Partial(4, '*')),
                Arguments.of(new MaskingRule.Partial(0, '#'), new Masking.Partial(0, '#')),
                Arguments.of(new MaskingRule.Tokenize(TokenFormat.SSN), new Masking.Tokenize(Masking.Tokenize.Format.SSN)),
                Arguments.of(new MaskingRule.Tokenize(TokenFormat.MRN), new Masking.Tokenize(Masking.Tokenize.Format.MRN)),
                Arguments.of(new MaskingRule.Tokenize(TokenFormat.TEXT), new Masking.Tokenize(Masking.Tokenize.Format.TEXT)),
                Arguments.of(new MaskingRule.Tokenize(TokenFormat.EMAIL), new Masking.Tokenize(Masking.Tokenize.Format.EMAIL)),
                Arguments.of(new MaskingRule.Nullify(), new Masking.Nullify()),
                Arguments.of(new MaskingRule.GeneraliseDate(DatePrecision.YEAR),
                        new Masking.GeneraliseDate(Masking.GeneraliseDate.Precision.YEAR)),
                Arguments.of(new MaskingRule.GeneraliseDate(DatePrecision.MONTH),
                        new Masking.GeneraliseDate(Masking.GeneraliseDate.Precision.MONTH)),
                Arguments.of(new MaskingRule.ShiftDate(30), new Masking.ShiftDate()));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("rules")
    void mapsEveryMaskingRule(MaskingRule rule, Masking expected) {
        assertThat(PolicyMapping.masking(rule)).isEqualTo(expected);
    }

    @Test
    void mapsDetectorSettings() {
        var policy = new dev.phiguard.policies.policy.DetectorSettings(true, false, true, false, true,
                List.of("\\bMRN\\d{8}\\b"), dev.phiguard.policies.policy.ReplacementStyle.MASK);
        assertThat(PolicyMapping.detectors(policy)).isEqualTo(
                new DetectorSettings(true, false, true, false, true, List.of("\\bMRN\\d{8}\\b"), ReplacementStyle.MASK));
        assertThat(PolicyMapping.detectors(dev.phiguard.policies.policy.DetectorSettings.defaults()))
                .isEqualTo(DetectorSettings.all(List.of()));
    }

    @Test
    void plansCarryThePolicysDetectorsAndDateShift() {
        ResultPlan study = DecisionFixtures.engine("study-42")
                .resultPlan("select notes from encounters", 0, new SessionState());
        assertThat(study.detectors()).isEqualTo(new DetectorSettings(true, true, true, true, true,
                List.of("\\bMRN\\d{8}\\b"), ReplacementStyle.TAG));
        assertThat(study.dateShiftMaxDays()).isEqualTo(OptionalInt.of(30));

        ResultPlan open = DecisionFixtures.engine("open").resultPlan("select notes from encounters", 0, new SessionState());
        assertThat(open.detectors().card()).isFalse();
        assertThat(open.detectors().replacementStyle()).isEqualTo(ReplacementStyle.MASK);

        ResultPlan holds = DecisionFixtures.engine("holds").resultPlan("select notes from encounters", 0, new SessionState());
        assertThat(holds.dateShiftMaxDays()).isEmpty();
        assertThat(holds.detectors()).isEqualTo(DetectorSettings.all(List.of()));
    }

    @Test
    void namesRelationsAndColumnsAsThePolicyDoes() {
        assertThat(PolicyMapping.policyName(TableRef.of("public", "patients"))).isEqualTo("patients");
        assertThat(PolicyMapping.policyName(TableRef.of("research", "cohorts"))).isEqualTo("research.cohorts");
        assertThat(PolicyMapping.policyName(ColumnRef.parse("public.patients.ssn"))).isEqualTo("patients.ssn");
        assertThatThrownBy(() -> PolicyMapping.policyName(new TableRef(null, "patients")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static final ColumnTreatment CLEAR = new ColumnTreatment.Clear();
    private static final ColumnTreatment SSN = new ColumnTreatment.Masked(new Masking.Partial(4), "patients.ssn");
    private static final ColumnTreatment MRN = new ColumnTreatment.Masked(new Masking.Tokenize(Masking.Tokenize.Format.MRN),
            "patients.mrn");
    private static final ColumnTreatment GONE = new ColumnTreatment.Suppressed("x");

    static Stream<Arguments> merges() {
        return Stream.of(
                Arguments.of(CLEAR, CLEAR, CLEAR),
                Arguments.of(CLEAR, SSN, SSN),
                Arguments.of(SSN, CLEAR, SSN),
                Arguments.of(SSN, SSN, SSN),
                Arguments.of(SSN, MRN, GONE),
                Arguments.of(CLEAR, GONE, GONE),
                Arguments.of(GONE, SSN, GONE),
                Arguments.of(MRN, GONE, GONE));
    }

    @ParameterizedTest(name = "[{index}] {0} + {1}")
    @MethodSource("merges")
    void mergesColumnByColumnIntoTheStricterTreatment(ColumnTreatment a, ColumnTreatment b, ColumnTreatment expected) {
        ResultPlan merged = PlanBuilder.merge(plan(a), plan(b));
        if (expected instanceof ColumnTreatment.Suppressed) {
            assertThat(merged.columns().get(0)).isInstanceOf(ColumnTreatment.Suppressed.class);
        } else {
            assertThat(merged.columns().get(0)).isEqualTo(expected);
        }
    }

    @Test
    void mergingWithAnUnknownPlanIsUnknown() {
        assertThat(PlanBuilder.merge(plan(CLEAR), ResultPlan.unknown("x")).isUnknown()).isTrue();
        assertThat(PlanBuilder.merge(ResultPlan.unknown("x"), plan(CLEAR)).isUnknown()).isTrue();
    }

    @Test
    void aPlanHasOneNamePerColumnAndAnUnknownPlanNone() {
        assertThatThrownBy(() -> new ResultPlan(List.of(CLEAR), List.of(), DetectorSettings.none(), OptionalInt.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        ResultPlan unknown = ResultPlan.unknown("why");
        assertThat(unknown.isUnknown()).isTrue();
        assertThat(unknown.columns()).isEmpty();
        assertThat(unknown.isAllClear()).isFalse();
        assertThat(plan(CLEAR).isAllClear()).isTrue();
        assertThat(plan(SSN).isAllClear()).isFalse();
    }

    private static ResultPlan plan(ColumnTreatment treatment) {
        return new ResultPlan(List.of(treatment), List.of("x"), DetectorSettings.none(), OptionalInt.empty());
    }
}
