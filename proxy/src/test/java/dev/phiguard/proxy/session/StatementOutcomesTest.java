package dev.phiguard.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Splitting normalised statement text into the statements of a multi-statement Query. */
class StatementOutcomesTest {

    @Test
    void splitsAtSemicolonsAndDropsEmptyStatements() {
        assertThat(StatementOutcomes.split("SELECT ?; ; SELECT a FROM t WHERE b = ?;"))
                .containsExactly("SELECT ?", "SELECT a FROM t WHERE b = ?");
    }

    @Test
    void aSemicolonInAQuotedIdentifierDoesNotSplit() {
        assertThat(StatementOutcomes.split("SELECT \"a;b\" FROM t; SELECT ?"))
                .containsExactly("SELECT \"a;b\" FROM t", "SELECT ?");
    }

    @Test
    void oneStatementStaysWhole() {
        assertThat(StatementOutcomes.split("  SELECT mrn FROM patients WHERE patient_id = $1  "))
                .containsExactly("SELECT mrn FROM patients WHERE patient_id = $1");
    }
}
