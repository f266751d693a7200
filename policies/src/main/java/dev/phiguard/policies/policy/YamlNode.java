package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Optional;

/** A node of a parsed policy file that remembers where it was written. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** Where the node starts. */
    Position position();

    /** How the node reads in a message: {@code a mapping}, {@code a list}, {@code 'forever'}, {@code no value}. */
    String describe();

    /** One key of a mapping, where the key was written, and its value. */
    record Entry(String key, Position keyPosition, YamlNode value) {
    }

    /** A mapping; keys are unique (duplicates are reported while reading and dropped). */
    record Mapping(Position position, List<Entry> entries) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        Optional<Entry> entry(String key) {
            return entries.stream().filter(entry -> entry.key().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A list. */
    record Sequence(Position position, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * What kind of value YAML resolved a scalar to. Only {@code true}/{@code false} are booleans here.
     * {@code INVALID} stands in for a value already reported as a problem (an alias), so it is not reported again.
     */
    enum ScalarType { STRING, INTEGER, DECIMAL, BOOLEAN, NULL, INVALID }

    /** A single value, with its text as written (without quotes). */
    record Scalar(Position position, ScalarType type, String text) implements YamlNode {
        /** Whether the value is null or empty: {@code key:}, {@code key: ~}, {@code key: null}, {@code key: ""}. */
        boolean isEmpty() {
            return type == ScalarType.NULL || type == ScalarType.INVALID || text.isBlank();
        }

        @Override
        public String describe() {
            if (isEmpty()) {
                return "no value";
            }
            return switch (type) {
                case BOOLEAN -> "the boolean " + text;
                case INTEGER, DECIMAL -> "the number " + text;
                default -> "'" + text + "'";
            };
        }
    }
}
