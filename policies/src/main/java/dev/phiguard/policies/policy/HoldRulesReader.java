package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads {@code hold}: the query-level approval rules. */
final class HoldRulesReader {

    /** The keys each kind of rule takes, {@code when} first. */
    static final Map<String, List<String>> KEYS = Map.of(
            "no_where", List.of("when", "tables", "estimated_rows_above"),
            "estimated_rows_above", List.of("when", "rows", "tables"),
            "any_write", List.of("when", "tables"));
    static final long MAX_ROWS = 1_000_000_000_000L;

    private final Values values;

    HoldRulesReader(Values values) {
        this.values = values;
    }

    Optional<List<HoldRule>> read(YamlNode node, String path, DeclaredTables tables) {
        return values.list(node, path, true, (item, itemPath) -> rule(item, itemPath, tables));
    }

    private Optional<HoldRule> rule(YamlNode node, String path, DeclaredTables tables) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Optional<YamlNode.Entry> whenEntry = mapping.get().entry("when");
        if (whenEntry.isEmpty()) {
            return values.fail(node, "missing required key 'when' in '" + path + "': say which statements are held ("
                    + String.join(", ", HoldRule.KINDS) + ")");
        }
        Optional<String> kind = values.choice(whenEntry.get().value(), KeyPath.child(path, "when"), HoldRule.KINDS);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS.get(kind.get()), values.problems());
        Optional<Set<String>> ruleTables = keys.optional("tables")
                .map(value -> values.list(value, keys.path("tables"), false, (item, itemPath) -> table(item, itemPath, tables)))
                .orElse(Optional.of(List.of()))
                .map(Set::copyOf);
        Optional<HoldRule> rule = switch (kind.get()) {
            case "no_where" -> {
                Optional<OptionalLong> above = keys.optional("estimated_rows_above")
                        .map(value -> values.integer(value, keys.path("estimated_rows_above"), 0, MAX_ROWS)
                                .map(OptionalLong::of))
                        .orElse(Optional.of(OptionalLong.empty()));
                yield ruleTables.flatMap(t -> above.map(a -> new HoldRule.NoWhere(t, a)));
            }
            case "estimated_rows_above" -> {
                Optional<Long> rows = keys.required("rows")
                        .flatMap(value -> values.integer(value, keys.path("rows"), 0, MAX_ROWS));
                yield ruleTables.flatMap(t -> rows.map(r -> new HoldRule.EstimatedRowsAbove(t, r)));
            }
            case "any_write" -> ruleTables.map(HoldRule.AnyWrite::new);
            default -> throw new IllegalStateException("kinds are checked before: " + kind.get());
        };
        return values.problems().count() > before ? Optional.empty() : rule;
    }

    private Optional<String> table(YamlNode node, String path, DeclaredTables tables) {
        return values.matching(node, path, Names.TABLE, "a lower-case table name like patients")
                .flatMap(table -> tables.checkTable(values.problems(), node.position(), table, "'" + path + "'")
                        ? Optional.of(Names.normaliseTable(table)) : Optional.empty());
    }
}
