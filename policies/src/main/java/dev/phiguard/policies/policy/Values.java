package dev.phiguard.policies.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Typed reading of single values. Every method either returns the value or reports one problem that names the
 * key path, what would be valid and what was found, and returns empty. A value already reported (an alias) is
 * not reported again.
 */
final class Values {

    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})");

    private final Problems problems;

    Values(Problems problems) {
        this.problems = problems;
    }

    Problems problems() {
        return problems;
    }

    Optional<YamlNode.Mapping> mapping(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping mapping) {
            return Optional.of(mapping);
        }
        return fail(node, "'" + path + "' must be a mapping of keys to values, got " + node.describe());
    }

    Optional<YamlNode.Sequence> sequence(YamlNode node, String path) {
        if (node instanceof YamlNode.Sequence sequence) {
            return Optional.of(sequence);
        }
        return fail(node, "'" + path + "' must be a list, got " + node.describe());
    }

    /** A non-empty string; numbers are taken as written, booleans must be quoted to count as text. */
    Optional<String> string(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            return fail(node, "'" + path + "' must be a single value, got " + node.describe());
        }
        if (scalar.isEmpty()) {
            return fail(node, "'" + path + "' has no value");
        }
        if (scalar.type() == YamlNode.ScalarType.BOOLEAN) {
            return fail(node, "'" + path + "' must be text, got " + node.describe() + " (quote it: \"" + scalar.text() + "\")");
        }
        return Optional.of(scalar.text());
    }

    /** A string of a given shape; {@code shape} describes it for the message ("a purpose id like study-42"). */
    Optional<String> matching(YamlNode node, String path, Pattern pattern, String shape) {
        return string(node, path).flatMap(text -> pattern.matcher(text).matches()
                ? Optional.of(text)
                : fail(node, "'" + path + "' must be " + shape + ", got '" + text + "'"));
    }

    /** A whole number between {@code min} and {@code max}, written in decimal. */
    Optional<Long> integer(YamlNode node, String path, long min, long max) {
        if (!(node instanceof YamlNode.Scalar scalar) || scalar.isEmpty()
                || scalar.type() == YamlNode.ScalarType.BOOLEAN || !DECIMAL.matcher(scalar.text()).matches()) {
            return fail(node, "'" + path + "' must be a whole number, got " + node.describe());
        }
        long value = Long.parseLong(scalar.text());
        if (value < min || value > max) {
            String range = max == Long.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            return fail(node, "'" + path + "' must be " + range + ", got " + value);
        }
        return Optional.of(value);
    }

    Optional<Integer> smallInteger(YamlNode node, String path, int min, int max) {
        return integer(node, path, min, max).map(Long::intValue);
    }

    Optional<Boolean> bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(scalar.text().toLowerCase(Locale.ROOT)));
        }
        return fail(node, "'" + path + "' must be true or false, got " + node.describe());
    }

    /** A duration like {@code 30m} between {@code min} and {@code max}. */
    Optional<Duration> duration(YamlNode node, String path, Duration min, Duration max) {
        Optional<Duration> duration = node instanceof YamlNode.Scalar scalar && !scalar.isEmpty()
                ? DurationText.parse(scalar.text()) : Optional.empty();
        if (duration.isEmpty()) {
            return fail(node, "'" + path + "' must be a duration like 30m or 8h (units d, h, m, s), got "
                    + node.describe());
        }
        if (duration.get().compareTo(min) < 0 || duration.get().compareTo(max) > 0) {
            return fail(node, "'" + path + "' must be between " + DurationText.format(min) + " and "
                    + DurationText.format(max) + ", got " + DurationText.format(duration.get()));
        }
        return duration;
    }

    /** One of a fixed list of lower-case names. */
    Optional<String> choice(YamlNode node, String path, List<String> choices) {
        return string(node, path).flatMap(text -> choices.contains(text)
                ? Optional.of(text)
                : fail(node, "'" + path + "' must be one of " + String.join(", ", choices) + "; got '" + text + "'"));
    }

    /**
     * A list whose items are read by {@code item} (given the item node and its path); reports items that read to
     * an equal value twice. The list is empty-or-absent only where {@code allowEmpty}.
     */
    <T> Optional<List<T>> list(YamlNode node, String path, boolean allowEmpty,
                               BiFunction<YamlNode, String, Optional<T>> item) {
        Optional<YamlNode.Sequence> sequence = sequence(node, path);
        if (sequence.isEmpty()) {
            return Optional.empty();
        }
        List<YamlNode> items = sequence.get().items();
        if (items.isEmpty() && !allowEmpty) {
            return fail(node, "'" + path + "' is an empty list; list at least one entry or leave the key out");
        }
        List<T> values = new ArrayList<>();
        Map<T, Integer> seen = new HashMap<>();
        boolean complete = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<T> value = item.apply(items.get(i), KeyPath.item(path, i));
            if (value.isEmpty()) {
                complete = false;
                continue;
            }
            Integer first = seen.putIfAbsent(value.get(), items.get(i).position().line());
            if (first != null) {
                String shown = items.get(i) instanceof YamlNode.Scalar scalar ? scalar.text() : String.valueOf(value.get());
                problems.at(items.get(i), "duplicate entry '" + shown + "' in '" + path + "' (first at line " + first + ")");
                complete = false;
            } else {
                values.add(value.get());
            }
        }
        return complete ? Optional.of(values) : Optional.empty();
    }

    /** Reports a problem at the node, unless the node stands for a value already reported, and returns empty. */
    <T> Optional<T> fail(YamlNode node, String message) {
        if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.ScalarType.INVALID) {
            problems.repeated();
        } else {
            problems.at(node, message);
        }
        return Optional.empty();
    }
}
