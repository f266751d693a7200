package dev.phiguard.policies.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the tree of one policy file into a {@link Policy}, reading every section even after a problem so that all
 * problems of the file are reported together, then checking what the sections say about each other.
 */
final class PolicyReader {

    static final List<String> KEYS = List.of("version", "purpose", "description", "requesters", "approval", "lease",
            "access", "masking", "detectors", "record_keys", "hold");
    static final int VERSION = 1;
    static final int MAX_DESCRIPTION_LENGTH = 2000;

    /** A policy and where its purpose id was written (to point at it when another file has the same id). */
    record Result(Policy policy, Position purposePosition) {
    }

    private final Values values;
    private final Problems problems;

    PolicyReader(Problems problems) {
        this.problems = problems;
        this.values = new Values(problems);
    }

    /**
     * @param root     the parsed file
     * @param source   the file, kept in the policy
     * @param fileName how messages name the file ({@code study-42.yaml})
     * @param stem     the file name without extension, which the purpose id must equal
     */
    Optional<Result> read(YamlNode root, Path source, String fileName, String stem) {
        try {
            return readSections(root, source, fileName, stem);
        } catch (IllegalArgumentException e) {
            // the readers check everything the records check; this only keeps a gap between the two from escaping
            problems.at(root, "the policy is inconsistent: " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Result> readSections(YamlNode root, Path source, String fileName, String stem) {
        if (!(root instanceof YamlNode.Mapping mapping)) {
            return values.fail(root, "a policy file must be a mapping with the keys " + String.join(", ", KEYS)
                    + "; got " + root.describe());
        }
        MappingReader keys = new MappingReader(mapping, "", KEYS, problems);
        keys.optional("version").ifPresent(value -> values.integer(value, "version", 0, Integer.MAX_VALUE)
                .filter(version -> version != VERSION)
                .ifPresent(version -> problems.at(value, "'version' must be " + VERSION
                        + " (the only policy file version), got " + version)));
        Optional<YamlNode> purposeNode = keys.required("purpose");
        Optional<String> purpose = purposeNode.flatMap(value -> purpose(value, fileName, stem));
        Optional<String> description = keys.required("description").flatMap(this::description);
        Optional<List<RequesterRule>> requesters = keys.required("requesters")
                .flatMap(value -> new RequestersReader(values).read(value, "requesters"));
        Optional<ApprovalRule> approval = keys.required("approval")
                .flatMap(value -> new ApprovalReader(values).read(value, "approval"));
        Optional<LeaseLimits> lease = keys.required("lease")
                .flatMap(value -> new LeaseReader(values).read(value, "lease"));
        AccessReader.Section access = keys.required("access")
                .map(value -> new AccessReader(values).read(value, "access"))
                .orElse(new AccessReader.Section(Optional.empty(), DeclaredTables.unknown()));
        Optional<Map<ColumnRef, MaskingRule>> masking = keys.optional("masking")
                .map(value -> new MaskingReader(values).read(value, "masking", access.tables()))
                .orElse(Optional.of(Map.of()));
        Optional<DetectorSettings> detectors = keys.optional("detectors")
                .map(value -> new DetectorsReader(values).read(value, "detectors"))
                .orElse(Optional.of(DetectorSettings.defaults()));
        Optional<List<ColumnRef>> recordKeys = keys.optional("record_keys")
                .map(value -> new RecordKeysReader(values).read(value, "record_keys", access.tables()))
                .orElse(Optional.of(List.of()));
        Optional<List<HoldRule>> holds = keys.optional("hold")
                .map(value -> new HoldRulesReader(values).read(value, "hold", access.tables()))
                .orElse(Optional.of(List.of()));
        if (holds.isPresent() && !holds.get().isEmpty() && approval.isPresent() && approval.get().fromGroups().isEmpty()) {
            problems.at(keys.keyPosition("hold"), "'hold' rules need reviewers, but 'approval.from_groups' names no "
                    + "group: list the groups whose members may approve held statements");
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        Policy policy = new Policy(source, purpose.orElseThrow(), description.orElseThrow(), requesters.orElseThrow(),
                approval.orElseThrow(), lease.orElseThrow(), access.rules().orElseThrow(), masking.orElseThrow(),
                detectors.orElseThrow(), recordKeys.orElseThrow(), holds.orElseThrow());
        return Optional.of(new Result(policy, purposeNode.orElseThrow().position()));
    }

    private Optional<String> purpose(YamlNode node, String fileName, String stem) {
        return values.matching(node, "purpose", Names.PURPOSE,
                        "a purpose id: lower-case letters, digits and '-', at most 63 characters, like study-42")
                .flatMap(purpose -> purpose.equals(stem)
                        ? Optional.of(purpose)
                        : values.fail(node, "purpose '" + purpose + "' does not match the file name '" + fileName
                                + "': the purpose id must equal the file name without .yaml (rename the file to "
                                + purpose + ".yaml or change the purpose to '" + stem + "')"));
    }

    private Optional<String> description(YamlNode node) {
        return values.string(node, "description").flatMap(text -> text.length() <= MAX_DESCRIPTION_LENGTH
                ? Optional.of(text.strip())
                : values.fail(node, "'description' must be at most " + MAX_DESCRIPTION_LENGTH + " characters, got "
                        + text.length()));
    }
}
