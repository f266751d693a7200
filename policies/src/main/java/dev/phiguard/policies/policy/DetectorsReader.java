package dev.phiguard.policies.policy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads {@code detectors}: which value detectors run, the site's MRN patterns, how findings are written. */
final class DetectorsReader {

    static final List<String> KEYS =
            List.of("ssn", "email", "phone", "card", "date_of_birth", "mrn_patterns", "replacement");
    static final List<String> STYLES = Arrays.stream(ReplacementStyle.values()).map(ReplacementStyle::yamlName).toList();
    static final int MAX_PATTERN_LENGTH = 500;

    private final Values values;

    DetectorsReader(Values values) {
        this.values = values;
    }

    Optional<DetectorSettings> read(YamlNode node, String path) {
        Optional<YamlNode.Mapping> mapping = values.mapping(node, path);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        int before = values.problems().count();
        MappingReader keys = new MappingReader(mapping.get(), path, KEYS, values.problems());
        Optional<Boolean> ssn = flag(keys, "ssn");
        Optional<Boolean> email = flag(keys, "email");
        Optional<Boolean> phone = flag(keys, "phone");
        Optional<Boolean> card = flag(keys, "card");
        Optional<Boolean> dateOfBirth = flag(keys, "date_of_birth");
        Optional<List<String>> mrnPatterns = keys.optional("mrn_patterns")
                .map(value -> values.list(value, keys.path("mrn_patterns"), true, this::pattern))
                .orElse(Optional.of(List.of()));
        Optional<ReplacementStyle> replacement = keys.optional("replacement")
                .map(value -> values.choice(value, keys.path("replacement"), STYLES))
                .orElse(Optional.of("tag"))
                .map(style -> ReplacementStyle.valueOf(style.toUpperCase(Locale.ROOT)));
        if (values.problems().count() > before) {
            return Optional.empty();
        }
        return Optional.of(new DetectorSettings(ssn.orElseThrow(), email.orElseThrow(), phone.orElseThrow(),
                card.orElseThrow(), dateOfBirth.orElseThrow(), mrnPatterns.orElseThrow(), replacement.orElseThrow()));
    }

    private Optional<Boolean> flag(MappingReader keys, String key) {
        return keys.optional(key).map(value -> values.bool(value, keys.path(key))).orElse(Optional.of(true));
    }

    private Optional<String> pattern(YamlNode node, String path) {
        return values.string(node, path).flatMap(regex -> {
            if (regex.length() > MAX_PATTERN_LENGTH) {
                return values.fail(node, "'" + path + "' must be at most " + MAX_PATTERN_LENGTH + " characters, got "
                        + regex.length());
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                return values.fail(node, "'" + path + "' is not a valid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "") + " in '" + regex + "'");
            }
            if (pattern.matcher("").find()) {
                return values.fail(node, "'" + path + "' matches the empty string, so it would flag every value; make "
                        + "it match at least one character (e.g. MRN\\d{8})");
            }
            return Optional.of(regex);
        });
    }
}
