package dev.phiguard.policies.policy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads {@code approval}: how many approvals, from which groups. */
final class ApprovalReader {

    static final List<String> KEYS = List.of("required", "from_groups");

    private final Values values;

    ApprovalReader(Values values) {
        this.values = values;
    }

    Optional<ApprovalRule> read(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS, values.problems());
        Optional<YamlNode> requiredNode = keys.required("required");
        Optional<Integer> required = requiredNode
                .flatMap(value -> values.smallInteger(value, keys.path("required"), 0, ApprovalRule.MAX_REQUIRED));
        Optional<List<String>> fromGroups = keys.optional("from_groups")
                .map(value -> values.list(value, keys.path("from_groups"), true,
                        (item, itemPath) -> values.matching(item, itemPath, Names.GROUP,
                                "a group name (up to 256 characters, no spaces at either end)")))
                .orElse(Optional.of(List.of()));
        if (required.isPresent() && required.get() > 0 && fromGroups.isPresent() && fromGroups.get().isEmpty()) {
            values.problems().at(requiredNode.get(), "'" + keys.path("required") + "' is " + required.get()
                    + " but '" + keys.path("from_groups") + "' names no group: list the groups whose members may approve");
        }
        if (values.problems().count() > before || required.isEmpty() || fromGroups.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ApprovalRule(required.get(), Set.copyOf(fromGroups.get())));
    }
}
