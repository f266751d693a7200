package dev.phiguard.policies.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code masking}: {@code table → column → rule}, where a rule is its name ({@code redact}) or a mapping
 * with exactly one key, the rule name, whose value holds the rule's parameters ({@code {partial: {keep_last: 4}}}).
 */
final class MaskingReader {

    static final List<String> TOKEN_FORMATS = Arrays.stream(TokenFormat.values()).map(TokenFormat::yamlName).toList();
    static final List<String> DATE_PRECISIONS = Arrays.stream(DatePrecision.values()).map(DatePrecision::yamlName).toList();
    static final int MAX_REPLACEMENT_LENGTH = 100;

    private final Values values;

    MaskingReader(Values values) {
        this.values = values;
    }

    Optional<Map<ColumnRef, MaskingRule>> read(YamlNode node, String path, DeclaredTables tables) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        Map<ColumnRef, MaskingRule> rules = new LinkedHashMap<>();
        Map<String, YamlNode.Entry> firstByTable = new HashMap<>();
        ShiftSeen firstShift = null;
        for (YamlNode.Entry tableEntry : mapping.get().entries()) {
            String table = tableEntry.key();
            String tablePath = KeyPath.child(path, table);
            if (!Names.TABLE.matcher(table).matches()) {
                values.problems().at(tableEntry.keyPosition(), "table name '" + table + "' " + KeyPath.in(path)
                        + " must be a lower-case SQL identifier, optionally schema-qualified (patients, lab.results)");
                continue;
            }
            YamlNode.Entry first = firstByTable.putIfAbsent(Names.normaliseTable(table), tableEntry);
            if (first != null) {
                values.problems().at(tableEntry.keyPosition(), "table '" + table + "' " + KeyPath.in(path)
                        + " is the same table as '" + first.key() + "' (line " + first.keyPosition().line() + ")");
                continue;
            }
            boolean tableListed = tables.checkTable(values.problems(), tableEntry.keyPosition(), table,
                    "'" + tablePath + "'");
            Optional<YamlNode.Mapping> columns = values.mapping(tableEntry.value(), tablePath);
            if (columns.isEmpty() || !tableListed) {
                continue;
            }
            for (YamlNode.Entry columnEntry : columns.get().entries()) {
                String column = columnEntry.key();
                String columnPath = KeyPath.child(tablePath, column);
                if (!Names.IDENTIFIER.matcher(column).matches()) {
                    values.problems().at(columnEntry.keyPosition(), "column name '" + column + "' " + KeyPath.in(tablePath)
                            + " must be a lower-case SQL identifier");
                    continue;
                }
                ColumnRef ref = new ColumnRef(table, column);
                tables.checkColumn(values.problems(), columnEntry.keyPosition(), table, column,
                        "masking rule for '" + ref + "'");
                Optional<MaskingRule> rule = rule(columnEntry.value(), columnPath);
                rule.ifPresent(found -> rules.put(ref, found));
                if (rule.orElse(null) instanceof MaskingRule.ShiftDate shift) {
                    firstShift = checkOneOffset(firstShift, shift, columnEntry, columnPath);
                }
            }
        }
        return values.problems().count() > before ? Optional.empty() : Optional.of(rules);
    }

    /** The first shift_date rule of the file, which every other one must agree with. */
    private record ShiftSeen(MaskingRule.ShiftDate rule, String path, int line) {
    }

    /** All shifted dates of a lease move by one offset, so every shift_date rule must share max_days. */
    private ShiftSeen checkOneOffset(ShiftSeen first, MaskingRule.ShiftDate shift, YamlNode.Entry entry, String path) {
        if (first == null) {
            return new ShiftSeen(shift, path, entry.keyPosition().line());
        }
        if (first.rule().maxDays() != shift.maxDays()) {
            values.problems().at(entry.value(), "'" + path + "' shifts dates by up to " + shift.maxDays()
                    + " days but '" + first.path() + "' (line " + first.line() + ") by up to " + first.rule().maxDays()
                    + ": all dates of a lease move by one offset, so every shift_date rule must have the same max_days");
        }
        return first;
    }

    /** One rule: a bare rule name, or {@code {name: parameters}}. */
    Optional<MaskingRule> rule(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar) {
            Optional<String> name = values.string(node, path);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            if (!MaskingRule.NAMES.contains(name.get())) {
                return values.fail(node, "unknown masking rule '" + name.get() + "' for '" + path + "' (valid: "
                        + String.join(", ", MaskingRule.NAMES) + ")");
            }
            return build(name.get(), new YamlNode.Mapping(scalar.position(), List.of()), path);
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            return values.fail(node, "'" + path + "' must be a masking rule (" + String.join(", ", MaskingRule.NAMES)
                    + "), got " + node.describe());
        }
        if (mapping.entries().isEmpty()) {
            return values.fail(node, "'" + path + "' must name a masking rule (" + String.join(", ", MaskingRule.NAMES)
                    + "), got an empty mapping");
        }
        YamlNode.Entry entry = mapping.entries().get(0);
        if (!MaskingRule.NAMES.contains(entry.key())) {
            values.problems().at(entry.keyPosition(), "unknown key '" + entry.key() + "' in '" + path + "' (valid: "
                    + String.join(", ", MaskingRule.NAMES) + ")");
            return Optional.empty();
        }
        if (mapping.entries().size() > 1) {
            YamlNode.Entry second = mapping.entries().get(1);
            values.problems().at(second.keyPosition(), "'" + path + "' must name exactly one masking rule, but names '"
                    + entry.key() + "' and '" + second.key() + "'");
            return Optional.empty();
        }
        return parameters(entry.key(), entry.value(), KeyPath.child(path, entry.key()));
    }

    /** The parameters of {@code {name: parameters}}; an empty value means "no parameters". */
    private Optional<MaskingRule> parameters(String name, YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && scalar.isEmpty()) {
            return build(name, new YamlNode.Mapping(node.position(), List.of()), path);
        }
        if (node instanceof YamlNode.Mapping mapping) {
            return build(name, mapping, path);
        }
        return values.fail(node, "'" + path + "' must be a mapping of the rule's parameters, got " + node.describe());
    }

    private Optional<MaskingRule> build(String name, YamlNode.Mapping parameters, String path) {
        int before = values.problems().count();
        Optional<MaskingRule> rule = switch (name) {
            case "redact" -> redact(parameters, path);
            case "partial" -> partial(parameters, path);
            case "tokenize" -> tokenize(parameters, path);
            case "nullify" -> nullify(parameters, path);
            case "generalise_date" -> generaliseDate(parameters, path);
            case "shift_date" -> shiftDate(parameters, path);
            default -> throw new IllegalStateException("rule names are checked before: " + name);
        };
        return values.problems().count() > before ? Optional.empty() : rule;
    }

    private Optional<MaskingRule> redact(YamlNode.Mapping parameters, String path) {
        MappingReader keys = new MappingReader(parameters, path, List.of("replacement"), values.problems());
        Optional<String> replacement = keys.optional("replacement")
                .map(value -> values.string(value, keys.path("replacement")).flatMap(text -> {
                    if (text.length() > MAX_REPLACEMENT_LENGTH) {
                        return values.fail(value, "'" + keys.path("replacement") + "' must be at most "
                                + MAX_REPLACEMENT_LENGTH + " characters, got " + text.length());
                    }
                    if (text.chars().anyMatch(Character::isISOControl)) {
                        return values.fail(value, "'" + keys.path("replacement") + "' must not contain control "
                                + "characters (line breaks, tabs, NUL)");
                    }
                    return Optional.of(text);
                }))
                .orElse(Optional.of(MaskingRule.Redact.DEFAULT_REPLACEMENT));
        return replacement.map(MaskingRule.Redact::new);
    }

    private Optional<MaskingRule> partial(YamlNode.Mapping parameters, String path) {
        int before = values.problems().count();
        MappingReader keys = new MappingReader(parameters, path, List.of("keep_last", "fill"), values.problems());
        Optional<YamlNode> keepLastNode = keys.optional("keep_last");
        if (keepLastNode.isEmpty()) {
            // a typo such as keep_lst is already reported as an unknown key: one mistake, one message
            return values.problems().count() > before ? Optional.empty() : values.fail(parameters, "'" + path
                    + "' needs keep_last, the number of trailing characters kept, e.g. {partial: {keep_last: 4}}");
        }
        Optional<Integer> keepLast =
                values.smallInteger(keepLastNode.get(), keys.path("keep_last"), 0, MaskingRule.Partial.MAX_KEEP);
        Optional<Character> fill = keys.optional("fill")
                .map(value -> fill(value, keys.path("fill")))
                .orElse(Optional.of(MaskingRule.Partial.DEFAULT_FILL));
        return keepLast.flatMap(keep -> fill.map(character -> new MaskingRule.Partial(keep, character)));
    }

    private Optional<Character> fill(YamlNode node, String path) {
        return values.string(node, path).flatMap(text -> {
            char fill = text.charAt(0);
            boolean printable = text.length() == 1 && !Character.isISOControl(fill) && !Character.isSurrogate(fill)
                    && !Character.isWhitespace(fill);
            return printable ? Optional.of(fill)
                    : values.fail(node, "'" + path + "' must be one printable character like \"*\" or \"#\", got '"
                            + text + "'");
        });
    }

    private Optional<MaskingRule> tokenize(YamlNode.Mapping parameters, String path) {
        MappingReader keys = new MappingReader(parameters, path, List.of("format"), values.problems());
        return keys.optional("format")
                .map(value -> values.choice(value, keys.path("format"), TOKEN_FORMATS))
                .orElse(Optional.of("text"))
                .map(format -> new MaskingRule.Tokenize(TokenFormat.valueOf(format.toUpperCase(Locale.ROOT))));
    }

    private Optional<MaskingRule> nullify(YamlNode.Mapping parameters, String path) {
        new MappingReader(parameters, path, List.of(), values.problems());
        return Optional.of(new MaskingRule.Nullify());
    }

    private Optional<MaskingRule> generaliseDate(YamlNode.Mapping parameters, String path) {
        MappingReader keys = new MappingReader(parameters, path, List.of("precision"), values.problems());
        return keys.optional("precision")
                .map(value -> values.choice(value, keys.path("precision"), DATE_PRECISIONS))
                .orElse(Optional.of("year"))
                .map(precision -> new MaskingRule.GeneraliseDate(DatePrecision.valueOf(precision.toUpperCase(Locale.ROOT))));
    }

    private Optional<MaskingRule> shiftDate(YamlNode.Mapping parameters, String path) {
        MappingReader keys = new MappingReader(parameters, path, List.of("max_days"), values.problems());
        return keys.optional("max_days")
                .map(value -> values.smallInteger(value, keys.path("max_days"), 1, MaskingRule.ShiftDate.LIMIT_MAX_DAYS))
                .orElse(Optional.of(MaskingRule.ShiftDate.DEFAULT_MAX_DAYS))
                .map(MaskingRule.ShiftDate::new);
    }
}
