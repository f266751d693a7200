package dev.phiguard.policies.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.phiguard.policies.masking.Masking;
import java.util.ArrayList;
import java.util.List;

/**
 * An expected verdict and result plan, written compactly: {@code allow().col("ssn", masked(SSN_RULE,
 * "patients.ssn"))}. The verdict's class and rule are compared exactly, and so is every column of the plan: its name,
 * its treatment, and for masked columns the rule and the source. Suppression reasons are free text and not compared.
 */
final class Expect {

    /** One expected column treatment. */
    record Col(String name, Class<? extends ColumnTreatment> kind, ColumnTreatment.Masked masked) {
        @Override
        public String toString() {
            return name + "=" + (masked != null ? "masked(" + masked.source() + ")" : kind.getSimpleName().toLowerCase());
        }
    }

    private final Class<? extends Verdict> verdict;
    private final String rule;
    private final List<String> messageParts = new ArrayList<>();
    private final List<Col> columns = new ArrayList<>();
    private int statement;
    private boolean unknownPlan;
    private boolean planChecked;

    private Expect(Class<? extends Verdict> verdict, String rule) {
        this.verdict = verdict;
        this.rule = rule;
    }

    static Expect allow() {
        return new Expect(Verdict.Allow.class, null);
    }

    static Expect deny(String rule) {
        return new Expect(Verdict.Deny.class, rule);
    }

    static Expect hold(String rule) {
        return new Expect(Verdict.Hold.class, rule);
    }

    /** The message (or hold reason) must contain this text. */
    Expect saying(String part) {
        messageParts.add(part);
        return this;
    }

    /** The plan checked is that of statement {@code index} (0-based) of the string; the default is 0. */
    Expect plan(int index) {
        statement = index;
        return this;
    }

    /** A column that is forwarded as it is. */
    Expect clear(String... names) {
        for (String name : names) {
            columns.add(new Col(name, ColumnTreatment.Clear.class, null));
        }
        planChecked = true;
        return this;
    }

    /** A column masked with a rule; {@code source} as the policy names it. */
    Expect masked(String name, Masking rule, String source) {
        columns.add(new Col(name, ColumnTreatment.Masked.class, new ColumnTreatment.Masked(rule, source)));
        planChecked = true;
        return this;
    }

    /** A column that is suppressed. */
    Expect suppressed(String... names) {
        for (String name : names) {
            columns.add(new Col(name, ColumnTreatment.Suppressed.class, null));
        }
        planChecked = true;
        return this;
    }

    /** The statement returns no rows: the plan has no columns. */
    Expect noRows() {
        planChecked = true;
        return this;
    }

    /** The plan is {@link ResultPlan#unknown}. */
    Expect unknownPlan() {
        unknownPlan = true;
        planChecked = true;
        return this;
    }

    void verifyVerdict(Verdict actual) {
        assertThat(actual).as("verdict").isInstanceOf(verdict);
        if (actual instanceof Verdict.Deny deny) {
            assertThat(deny.rule()).as("rule of %s", deny).isEqualTo(rule);
            messageParts.forEach(part -> assertThat(deny.message()).as("message").contains(part));
        } else if (actual instanceof Verdict.Hold hold) {
            assertThat(hold.rule()).as("rule of %s", hold).isEqualTo(rule);
            messageParts.forEach(part -> assertThat(hold.reason()).as("reason").contains(part));
        }
    }

    void verifyPlan(ResultPlan plan) {
        if (!planChecked) {
            throw new AssertionError("every case must state its expected plan");
        }
        if (unknownPlan) {
            assertThat(plan.isUnknown()).as("plan is unknown: %s", plan).isTrue();
            return;
        }
        assertThat(plan.isUnknown()).as("plan is known: %s", plan).isFalse();
        assertThat(plan.columnNames()).as("column names").isEqualTo(columns.stream().map(Col::name).toList());
        for (int i = 0; i < columns.size(); i++) {
            Col expected = columns.get(i);
            ColumnTreatment actual = plan.columns().get(i);
            if (expected.masked() != null) {
                assertThat(actual).as("treatment of column %d (%s)", i + 1, expected.name()).isEqualTo(expected.masked());
            } else {
                assertThat(actual).as("treatment of column %d (%s)", i + 1, expected.name()).isInstanceOf(expected.kind());
            }
        }
    }

    /** Decides {@code sql} on a fresh session and checks the verdict and the plan. */
    void verify(PolicyEngine engine, String sql) {
        SessionState session = new SessionState();
        verifyVerdict(engine.decide(sql, session));
        verifyPlan(engine.resultPlan(sql, statement, session));
    }

    int statement() {
        return statement;
    }

    @Override
    public String toString() {
        return verdict.getSimpleName().toLowerCase() + (rule == null ? "" : "(" + rule + ")")
                + (unknownPlan ? " unknown plan" : " " + columns);
    }
}
