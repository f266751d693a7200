package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fact records validate what they hold and are immutable. */
class FactsModelTest {

    private static final TableRef PATIENTS = TableRef.of("public", "patients");

    @Test
    void namesParseAndPrint() {
        assertThat(TableRef.parse("public.patients")).isEqualTo(PATIENTS);
        assertThat(TableRef.parse("patients")).isEqualTo(new TableRef(null, "patients"));
        assertThat(ColumnRef.parse("public.patients.ssn")).isEqualTo(new ColumnRef(PATIENTS, "ssn"));
        assertThat(new ColumnRef(PATIENTS, "ssn")).hasToString("public.patients.ssn");
        assertThat(new Lineage.Derived(Set.of(new ColumnRef(PATIENTS, "ssn")), Set.of("lower")))
                .hasToString("derived(public.patients.ssn | lower)");
        assertThatThrownBy(() -> new TableRef("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColumnRef.parse("ssn")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void factsAreCopiedAndValidated() {
        java.util.Set<TableRef> read = new java.util.HashSet<>(Set.of(PATIENTS));
        StatementFacts facts = new StatementFacts(StatementKind.SELECT, List.of(), read, Set.of(), Set.of(), Set.of(), Set.of(),
                OptionalLong.empty(), Optional.empty(), Set.of(), List.of(), Optional.empty());
        read.clear();

        assertThat(facts.tablesRead()).containsExactly(PATIENTS);
        assertThatThrownBy(() -> facts.tablesRead().add(PATIENTS)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new StatementFacts(StatementKind.SELECT, List.of(), Set.of(), Set.of(), Set.of(PATIENTS),
                Set.of(), Set.of(), OptionalLong.empty(), Optional.empty(), Set.of(), List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subset");
    }

    @Test
    void catalogAndSettingsRejectNonsense() {
        assertThatThrownBy(() -> new TableShape(new TableRef(null, "t"), List.of("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableShape(PATIENTS, List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaticCatalog.builder().table("patients", "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StaticCatalog.builder().table("public.t", "a").table("public.t", "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchPath.of("$user")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalyzerSettings(SearchPath.defaultPath(), 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(StaticCatalog.builder().view("public.v", "select 1", "x").build().viewDefinition(TableRef.of("public", "v")))
                .contains("select 1");
    }
}
