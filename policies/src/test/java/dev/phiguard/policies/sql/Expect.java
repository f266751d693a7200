package dev.phiguard.policies.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The expected facts of one statement, written compactly. Kind, tables read and written, functions,
 * output columns and the absence of unresolved entries are always checked exactly; the other facts
 * are checked when the expectation names them.
 *
 * <p>Relation names without a dot mean {@code public.name}; a leading {@code ~} means an unqualified,
 * unresolved name. Column names are {@code table.column} or {@code schema.table.column}.
 */
final class Expect {

    private final StatementKind kind;
    private final Set<TableRef> reads = new TreeSet<>();
    private final Set<TableRef> writes = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();
    private final List<OutputColumn> outputs = new ArrayList<>();
    private boolean unresolved;
    private Set<TableRef> withoutWhere;
    private Set<ColumnRef> referenced;
    private OptionalLong limit;
    private Optional<String> objectName;
    private Set<StatementTrait> traits;
    private StatementKind innerKind;
    private boolean noInner;

    private Expect(StatementKind kind) {
        this.kind = kind;
    }

    static Expect of(StatementKind kind) {
        return new Expect(kind);
    }

    static Expect select() {
        return new Expect(StatementKind.SELECT);
    }

    Expect reads(String... tables) {
        Arrays.stream(tables).map(Expect::table).forEach(reads::add);
        return this;
    }

    Expect writes(String... tables) {
        Arrays.stream(tables).map(Expect::table).forEach(writes::add);
        return this;
    }

    Expect fns(String... names) {
        functions.addAll(List.of(names));
        return this;
    }

    Expect out(String name, Lineage lineage) {
        outputs.add(new OutputColumn(name, lineage));
        return this;
    }

    Expect out(List<OutputColumn> columns) {
        outputs.addAll(columns);
        return this;
    }

    /** The facts must list something as unresolved. */
    Expect unresolved() {
        unresolved = true;
        return this;
    }

    Expect withoutWhere(String... tables) {
        withoutWhere = Arrays.stream(tables).map(Expect::table).collect(Collectors.toCollection(TreeSet::new));
        return this;
    }

    Expect referenced(String... columns) {
        referenced = Arrays.stream(columns).map(Expect::column).collect(Collectors.toCollection(TreeSet::new));
        return this;
    }

    Expect limit(long rows) {
        limit = OptionalLong.of(rows);
        return this;
    }

    Expect noLimit() {
        limit = OptionalLong.empty();
        return this;
    }

    Expect object(String name) {
        objectName = Optional.of(name);
        return this;
    }

    Expect traits(StatementTrait... expected) {
        traits = Set.of(expected);
        return this;
    }

    Expect inner(StatementKind expected) {
        innerKind = expected;
        return this;
    }

    Expect noInner() {
        noInner = true;
        return this;
    }

    static TableRef table(String name) {
        if (name.startsWith("~")) {
            return new TableRef(null, name.substring(1));
        }
        return name.contains(".") ? TableRef.parse(name) : TableRef.of("public", name);
    }

    static ColumnRef column(String name) {
        long dots = name.chars().filter(c -> c == '.').count();
        return ColumnRef.parse(dots == 1 ? "public." + name : name);
    }

    static Lineage direct(String column) {
        return new Lineage.Direct(column(column));
    }

    static Lineage derived(List<String> columns, String... functions) {
        return new Lineage.Derived(columns.stream().map(Expect::column).collect(Collectors.toSet()), Set.of(functions));
    }

    static Lineage derived(String column, String... functions) {
        return derived(List.of(column), functions);
    }

    static Lineage wholeRow(String table) {
        return new Lineage.WholeRow(table(table));
    }

    static Lineage constant() {
        return Lineage.constant();
    }

    /** Matches any {@link Lineage.Unknown}, whatever its reason. */
    static Lineage unknown() {
        return new Lineage.Unknown("*");
    }

    static List<String> cols(String... columns) {
        return List.of(columns);
    }

    /** Every column of {@code public.patients} in {@code table.column} form. */
    static List<String> allPatientColumns() {
        return Arrays.stream(Fixtures.PATIENT_COLUMNS).map(c -> "patients." + c).toList();
    }

    void verify(StatementFacts facts) {
        assertThat(facts.kind()).as("kind").isEqualTo(kind);
        assertThat(facts.tablesRead()).as("tables read").isEqualTo(reads);
        assertThat(facts.tablesWritten()).as("tables written").isEqualTo(writes);
        assertThat(facts.functions()).as("functions").isEqualTo(functions);
        assertThat(facts.outputs().stream().map(OutputColumn::name).toList()).as("output names")
                .isEqualTo(outputs.stream().map(OutputColumn::name).toList());
        for (int i = 0; i < outputs.size(); i++) {
            Lineage expected = outputs.get(i).lineage();
            Lineage actual = facts.outputs().get(i).lineage();
            if (expected instanceof Lineage.Unknown) {
                assertThat(actual).as("lineage of output %d (%s)", i + 1, outputs.get(i).name()).isInstanceOf(Lineage.Unknown.class);
            } else {
                assertThat(actual).as("lineage of output %d (%s)", i + 1, outputs.get(i).name()).isEqualTo(expected);
            }
        }
        if (unresolved) {
            assertThat(facts.unresolved()).as("unresolved").isNotEmpty();
        } else {
            assertThat(facts.unresolved()).as("unresolved").isEmpty();
        }
        if (withoutWhere != null) {
            assertThat(facts.readsWithoutWhere()).as("reads without WHERE").isEqualTo(withoutWhere);
        }
        if (referenced != null) {
            assertThat(facts.referenced()).as("referenced").isEqualTo(referenced);
        }
        if (limit != null) {
            assertThat(facts.limit()).as("limit").isEqualTo(limit);
        }
        if (objectName != null) {
            assertThat(facts.objectName()).as("object name").isEqualTo(objectName);
        }
        if (traits != null) {
            assertThat(facts.traits()).as("traits").isEqualTo(traits);
        }
        if (innerKind != null) {
            assertThat(facts.inner()).as("inner statement").isPresent();
            assertThat(facts.inner().get().kind()).as("inner kind").isEqualTo(innerKind);
        }
        if (noInner) {
            assertThat(facts.inner()).as("inner statement").isEmpty();
        }
    }

    @Override
    public String toString() {
        return kind + " " + outputs;
    }
}
