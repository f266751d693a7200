package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import dev.phiguard.policies.sql.StatementTrait;
import dev.phiguard.policies.sql.TableRef;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** Accumulates the facts of one statement while it is analysed; not thread-safe. */
final class FactsCollector {

    final Set<TableRef> read = new TreeSet<>();
    final Set<TableRef> written = new TreeSet<>();
    final Set<TableRef> readWithoutWhere = new TreeSet<>();
    final Set<String> functions = new TreeSet<>();
    final Set<ColumnRef> referenced = new TreeSet<>();
    final Set<StatementTrait> traits = EnumSet.noneOf(StatementTrait.class);
    final Set<String> unresolved = new LinkedHashSet<>();

    void read(TableRef table, boolean withWhere) {
        read.add(table);
        if (!withWhere) {
            readWithoutWhere.add(table);
        }
    }

    void note(String reason) {
        unresolved.add(reason);
    }

    /** Adds everything another statement's facts say (for a wrapped statement). */
    void include(StatementFacts inner) {
        read.addAll(inner.tablesRead());
        written.addAll(inner.tablesWritten());
        readWithoutWhere.addAll(inner.readsWithoutWhere());
        functions.addAll(inner.functions());
        referenced.addAll(inner.referenced());
        traits.addAll(inner.traits());
        unresolved.addAll(inner.unresolved());
    }

    StatementFacts toFacts(StatementKind kind, List<OutputColumn> outputs, OptionalLong limit, Optional<String> objectName,
            Optional<StatementFacts> inner) {
        return new StatementFacts(kind, outputs, read, written, readWithoutWhere, functions, referenced, limit, objectName,
                traits, new ArrayList<>(unresolved), inner);
    }

    StatementFacts toFacts(StatementKind kind) {
        return toFacts(kind, List.of(), OptionalLong.empty(), Optional.empty(), Optional.empty());
    }
}
