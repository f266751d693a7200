package dev.phiguard.policies.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds policy texts for tests: a snippet comes first, so its line and column numbers are the file's, and every
 * required section the snippet does not define is appended from a small valid policy.
 */
final class PolicyTexts {

    static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("purpose", "purpose: study-42\n");
        DEFAULTS.put("description", "description: test policy\n");
        DEFAULTS.put("requesters", "requesters:\n  - issuer: local\n    groups: [ci]\n");
        DEFAULTS.put("approval", "approval:\n  required: 1\n  from_groups: [reviewers]\n");
        DEFAULTS.put("lease", "lease:\n  target: clinic\n");
        DEFAULTS.put("access", "access:\n  tables:\n    patients: [patient_id, mrn, ssn, first_name, notes]\n"
                + "    encounters: \"*\"\n");
    }

    private static final Pattern TOP_LEVEL_KEY = Pattern.compile("(?m)^([a-z_]+):");

    private PolicyTexts() {
    }

    /** The snippet followed by every default section it does not define. */
    static String compose(String snippet) {
        StringBuilder text = new StringBuilder(snippet);
        if (!snippet.isEmpty() && !snippet.endsWith("\n")) {
            text.append('\n');
        }
        Matcher matcher = TOP_LEVEL_KEY.matcher(snippet);
        java.util.Set<String> defined = new java.util.HashSet<>();
        while (matcher.find()) {
            defined.add(matcher.group(1));
        }
        DEFAULTS.forEach((key, section) -> {
            if (!defined.contains(key)) {
                text.append(section);
            }
        });
        return text.toString();
    }

    /** The default valid policy. */
    static String valid() {
        return compose("");
    }
}
