package dev.phiguard.policies.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The records keep their invariants on their own and answer the questions the proxy and broker ask. */
class PolicyModelTest {

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
            "repo:acme/etl:*            | repo:acme/etl:ref:refs/heads/main | true",
            "repo:acme/etl:*            | repo:acme/etl2:ref:x              | false",
            "repo:acme/*:ref:refs/tags/* | repo:acme/a/b:ref:refs/tags/v1  | true",
            "ci-?                       | ci-7                              | true",
            "ci-?                       | ci-77                             | false",
            "a.b                        | axb                               | false",
            "a\\*b                      | a*b                               | true",
            "a\\*b                      | axb                               | false",
            "*                          | ''                                | true",
            "refs/heads/main            | refs/heads/main                   | true",
            "refs/heads/main            | refs/heads/main2                  | false"})
    void globsMatchWholeStrings(String glob, String value, boolean matches) {
        assertThat(Glob.of(glob).matches(value)).isEqualTo(matches);
    }

    @Test
    void globsRejectSyntaxTheyDoNotHave() {
        assertThatThrownBy(() -> Glob.of("")).hasMessage("a glob must not be empty");
        assertThatThrownBy(() -> Glob.of("a\\")).hasMessage("a glob must not end with a lone backslash");
        assertThatThrownBy(() -> Glob.of("[ab]")).hasMessageStartingWith("'[' at position 1 is not glob syntax here");
        assertThat(Glob.of("a\\[b\\]").matches("a[b]")).isTrue();
        assertThat(Glob.of("x*")).isEqualTo(Glob.of("x*")).hasSameHashCodeAs(Glob.of("x*")).hasToString("x*");
        assertThat(Glob.of("x").matches(null)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"30m, 1800", "8h, 28800", "1h30m, 5400", "7d, 604800", "90s, 90", "1d2h3m4s, 93784"})
    void parsesDurations(String text, long seconds) {
        assertThat(DurationText.parse(text)).contains(Duration.ofSeconds(seconds));
        assertThat(DurationText.parse(DurationText.format(Duration.ofSeconds(seconds))))
                .contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"forever", "30", "m", "1m30h", "-5m", "1.5h", "30 m", "PT30M", "9999999h"})
    void rejectsWhatIsNotADuration(String text) {
        assertThat(DurationText.parse(text)).isEmpty();
    }

    @Test
    void requesterRulesNeedEveryConditionToHold() {
        RequesterRule rule = new RequesterRule("https://token.actions.githubusercontent.com",
                Optional.of(Glob.of("repo:acme/etl:*")), Set.of("etl", "ci"),
                Map.of("ref", Glob.of("refs/heads/main")));

        assertThat(rule.matches("https://token.actions.githubusercontent.com", "repo:acme/etl:ref:refs/heads/main",
                List.of("ci"), Map.of("ref", "refs/heads/main"))).isTrue();
        assertThat(rule.matches("local", "repo:acme/etl:ref:refs/heads/main",
                List.of("ci"), Map.of("ref", "refs/heads/main"))).as("other issuer").isFalse();
        assertThat(rule.matches("https://token.actions.githubusercontent.com", "repo:acme/web:ref:refs/heads/main",
                List.of("ci"), Map.of("ref", "refs/heads/main"))).as("other subject").isFalse();
        assertThat(rule.matches("https://token.actions.githubusercontent.com", "repo:acme/etl:ref:refs/heads/main",
                List.of("web"), Map.of("ref", "refs/heads/main"))).as("no group").isFalse();
        assertThat(rule.matches("https://token.actions.githubusercontent.com", "repo:acme/etl:ref:refs/heads/main",
                List.of("ci"), Map.of())).as("claim missing").isFalse();
        assertThatThrownBy(() -> new RequesterRule("local", Optional.empty(), Set.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRejectWhatTheValidatorWouldReject() {
        assertThatThrownBy(() -> new ApprovalRule(1, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApprovalRule(-1, Set.of("r"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseLimits("t", Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1), 1, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LeaseLimits("t", Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), 0, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskingRule.Partial(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskingRule.Partial(4, '\n')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskingRule.Redact("a\u0000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskingRule.ShiftDate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldRule.EstimatedRowsAbove(Set.of(), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableAccess("t", true, Set.of("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessRules(Set.of(StatementKind.SELECT), Map.of(), Set.of("dblink"), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessRules(Set.of(), Map.of(), Set.of(), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdRulesApplyToTheirTablesOrToAll() {
        HoldRule patientsOnly = new HoldRule.NoWhere(Set.of("patients"), OptionalLong.empty());
        HoldRule everywhere = new HoldRule.AnyWrite(Set.of());

        assertThat(patientsOnly.appliesTo("public.patients")).isTrue();
        assertThat(patientsOnly.appliesTo("encounters")).isFalse();
        assertThat(everywhere.appliesTo("encounters")).isTrue();
        assertThat(List.of(patientsOnly, new HoldRule.EstimatedRowsAbove(Set.of(), 5), everywhere))
                .extracting(HoldRule::kind).containsExactlyElementsOf(HoldRule.KINDS);
    }

    @Test
    void statementKindsKnowWhichOnesWrite() {
        assertThat(StatementKind.SELECT.isWrite()).isFalse();
        assertThat(StatementKind.COPY_TO.isWrite()).isFalse();
        assertThat(StatementKind.COPY_FROM.isWrite()).isTrue();
        assertThat(StatementKind.COPY_TO.yamlName()).isEqualTo("copy_to");
    }

    @Test
    void theDefaultFunctionsAreNeverAlsoForbidden() {
        assertThat(FunctionAllowList.DEFAULTS).doesNotContainAnyElementsOf(FunctionAllowList.NEVER_ALLOWED);
        assertThat(FunctionAllowList.DEFAULTS).doesNotContain("row_to_json", "to_jsonb", "string_agg", "array_agg");
        assertThat(FunctionAllowList.isNeverAllowed("pg_catalog.pg_read_file")).isTrue();
    }

    @Test
    void problemsRenderLikeCompilerMessages() {
        assertThat(new PolicyProblem(Path.of("p", "study-42.yaml"), 14, 7, "bad"))
                .hasToString("p/study-42.yaml:14:7: bad");
        assertThat(PolicyProblem.ofFile(Path.of("x.yaml"), "no such file"))
                .hasToString("x.yaml: no such file");
    }
}
