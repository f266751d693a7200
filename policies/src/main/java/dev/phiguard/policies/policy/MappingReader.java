package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Optional;

/**
 * Reads the keys of one mapping whose keys are fixed: reports every key that is not one of them (a typo must
 * never silently switch a rule off) and hands out values by key, reporting missing required keys.
 */
final class MappingReader {

    private final YamlNode.Mapping mapping;
    private final String path;
    private final Problems problems;

    MappingReader(YamlNode.Mapping mapping, String path, List<String> validKeys, Problems problems) {
        this.mapping = mapping;
        this.path = path;
        this.problems = problems;
        for (YamlNode.Entry entry : mapping.entries()) {
            if (!validKeys.contains(entry.key())) {
                problems.at(entry.keyPosition(), "unknown key '" + entry.key() + "' " + KeyPath.in(path)
                        + (validKeys.isEmpty() ? " (it takes no keys)" : " (valid: " + String.join(", ", validKeys) + ")"));
            }
        }
    }

    /** The value of a key the mapping may leave out. */
    Optional<YamlNode> optional(String key) {
        return mapping.entry(key).map(YamlNode.Entry::value);
    }

    /** The value of a key the mapping must have; reports it missing otherwise. */
    Optional<YamlNode> required(String key) {
        Optional<YamlNode> value = optional(key);
        if (value.isEmpty()) {
            problems.at(mapping, "missing required key '" + key + "' " + KeyPath.in(path));
        }
        return value;
    }

    /** Where a key was written, or where the mapping starts if the key is absent. */
    Position keyPosition(String key) {
        return mapping.entry(key).map(YamlNode.Entry::keyPosition).orElse(mapping.position());
    }

    /** The path of a key of this mapping, for messages. */
    String path(String key) {
        return KeyPath.child(path, key);
    }

    YamlNode.Mapping mapping() {
        return mapping;
    }
}
