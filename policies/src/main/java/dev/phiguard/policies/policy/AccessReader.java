package dev.phiguard.policies.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code access}: statement kinds, tables and columns, functions and the row limit. */
final class AccessReader {

    static final List<String> KEYS = List.of("statements", "tables", "functions", "default_functions", "row_limit");
    static final List<String> STATEMENT_KINDS = Arrays.stream(StatementKind.values()).map(StatementKind::yamlName).toList();
    static final long MAX_ROW_LIMIT = 1_000_000_000L;

    /** What was read: the rules if valid, and the declared tables for the other sections' checks. */
    record Section(Optional<AccessRules> rules, DeclaredTables tables) {
    }

    private final Values values;

    AccessReader(Values values) {
        this.values = values;
    }

    Section read(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return new Section(Optional.empty(), DeclaredTables.unknown());
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS, values.problems());
        Optional<List<StatementKind>> statements = keys.optional("statements")
                .map(value -> values.list(value, keys.path("statements"), false, this::statementKind))
                .orElse(Optional.of(List.of(StatementKind.SELECT)));
        Map<String, Optional<TableAccess>> declared = new LinkedHashMap<>();
        boolean tablesKnown = keys.required("tables")
                .map(value -> tables(value, keys.path("tables"), declared))
                .orElse(false);
        Optional<List<String>> functions = keys.optional("functions")
                .map(value -> values.list(value, keys.path("functions"), true, this::function))
                .orElse(Optional.of(List.of()));
        Optional<Boolean> defaultFunctions = keys.optional("default_functions")
                .map(value -> values.bool(value, keys.path("default_functions")))
                .orElse(Optional.of(true));
        Optional<Long> rowLimit = keys.optional("row_limit")
                .map(value -> values.integer(value, keys.path("row_limit"), 1, MAX_ROW_LIMIT))
                .orElse(Optional.of(AccessRules.DEFAULT_ROW_LIMIT));

        DeclaredTables tables = tablesKnown ? DeclaredTables.of(declared) : DeclaredTables.unknown();
        if (values.problems().count() > before || statements.isEmpty() || functions.isEmpty()
                || defaultFunctions.isEmpty() || rowLimit.isEmpty() || !tablesKnown) {
            return new Section(Optional.empty(), tables);
        }
        Set<String> allowedFunctions = new HashSet<>(functions.get());
        if (defaultFunctions.get()) {
            allowedFunctions.addAll(FunctionAllowList.DEFAULTS);
        }
        Map<String, TableAccess> tableAccess = new LinkedHashMap<>();
        declared.forEach((name, access) -> tableAccess.put(name, access.orElseThrow()));
        return new Section(Optional.of(new AccessRules(Set.copyOf(statements.get()), tableAccess, allowedFunctions,
                rowLimit.get())), tables);
    }

    private Optional<StatementKind> statementKind(YamlNode node, String path) {
        return values.string(node, path).flatMap(text -> STATEMENT_KINDS.contains(text)
                ? Optional.of(StatementKind.valueOf(text.toUpperCase(Locale.ROOT)))
                : values.fail(node, "'" + path + "' is not a statement kind: '" + text + "' (valid: "
                        + String.join(", ", STATEMENT_KINDS) + ")"));
    }

    private Optional<String> function(YamlNode node, String path) {
        return values.matching(node, path, Names.FUNCTION, "a lower-case function name like lower or pg_catalog.lower")
                .map(Names::normaliseFunction)
                .flatMap(name -> FunctionAllowList.isNeverAllowed(name)
                        ? values.fail(node, "'" + path + "': function '" + name + "' can never be allowed: it runs SQL "
                                + "text, reads server files, reaches other databases or affects other sessions")
                        : Optional.of(name));
    }

    /** Reads the table map into {@code declared}; returns whether {@code access.tables} is a mapping at all. */
    private boolean tables(YamlNode node, String path, Map<String, Optional<TableAccess>> declared) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return false;
        }
        if (mapping.get().entries().isEmpty()) {
            values.fail(node, "'" + path + "' is an empty mapping; list at least one table");
        }
        Map<String, YamlNode.Entry> firstByName = new HashMap<>();
        for (YamlNode.Entry entry : mapping.get().entries()) {
            if (!Names.TABLE.matcher(entry.key()).matches()) {
                values.problems().at(entry.keyPosition(), "table name '" + entry.key() + "' " + KeyPath.in(path)
                        + " must be a lower-case SQL identifier, optionally schema-qualified (patients, lab.results)");
                continue;
            }
            String name = Names.normaliseTable(entry.key());
            YamlNode.Entry first = firstByName.putIfAbsent(name, entry);
            if (first != null) {
                values.problems().at(entry.keyPosition(), "table '" + entry.key() + "' " + KeyPath.in(path)
                        + " is the same table as '" + first.key() + "' (line " + first.keyPosition().line() + ")");
                continue;
            }
            declared.put(name, columns(entry.value(), KeyPath.child(path, entry.key()), name));
        }
        return true;
    }

    private Optional<TableAccess> columns(YamlNode node, String path, String table) {
        if (node instanceof YamlNode.Scalar scalar && "*".equals(scalar.text())) {
            return Optional.of(TableAccess.allColumns(table));
        }
        if (!(node instanceof YamlNode.Sequence)) {
            return values.fail(node, "'" + path + "' must be \"*\" (every column) or a list of columns, got "
                    + node.describe());
        }
        return values.list(node, path, false, (item, itemPath) -> {
            if (item instanceof YamlNode.Scalar scalar && "*".equals(scalar.text())) {
                return values.fail(item, "'" + itemPath + "': \"*\" stands for every column and must be the whole "
                        + "value, not a list entry: write " + table + ": \"*\"");
            }
            return values.matching(item, itemPath, Names.IDENTIFIER, "a lower-case column name");
        }).map(columns -> TableAccess.only(table, Set.copyOf(columns)));
    }
}
