package dev.phiguard.policies.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The policy's MRN patterns, compiled once and searched over the bytes of a value through a
 * {@link Latin1View}. A match counts only if it contains an ASCII digit (so values without digits
 * are never searched); its ends are widened to whole UTF-8 characters, so that a pattern such as
 * {@code MRN.\d+} never cuts a multi-byte character in half.
 */
final class MrnDetector {

    private final Pattern[] patterns;

    private MrnDetector(Pattern[] patterns) {
        this.patterns = patterns;
    }

    /** Compiles the patterns, or returns {@code null} when there are none. */
    static MrnDetector compile(List<String> sources) {
        if (sources.isEmpty()) {
            return null;
        }
        Pattern[] patterns = new Pattern[sources.size()];
        for (int i = 0; i < patterns.length; i++) {
            String source = sources.get(i);
            if (source == null || source.isBlank()) {
                throw new DetectorSettingsException(i, "MRN pattern " + (i + 1) + " is empty; give a regular expression such as MRN\\d{8}", null);
            }
            for (int c = 0; c < source.length(); c++) {
                if (source.charAt(c) > 0x7F) {
                    throw new DetectorSettingsException(i, "MRN pattern " + (i + 1) + " '" + source
                            + "' contains a non-ASCII character at " + (c + 1) + "; MRN patterns must be ASCII", null);
                }
            }
            try {
                patterns[i] = Pattern.compile(source);
            } catch (PatternSyntaxException e) {
                throw new DetectorSettingsException(i, "MRN pattern " + (i + 1) + " '" + source
                        + "' is not a valid regular expression: " + e.getDescription()
                        + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""), e);
            }
            if (patterns[i].matcher("").matches()) {
                throw new DetectorSettingsException(i, "MRN pattern " + (i + 1) + " '" + source
                        + "' matches the empty string; it must describe an identifier such as MRN\\d{8}", null);
            }
        }
        return new MrnDetector(patterns);
    }

    /** Adds every finding in {@code v[start, end)} to {@code found}; returns it, or a new list if it was null. */
    FindingList scan(byte[] v, int start, int end, FindingList found) {
        Latin1View text = new Latin1View(v, start, end - start);
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                int s = start + m.start();
                int e = start + m.end();
                if (!containsDigit(v, s, e)) {
                    continue;
                }
                while (s > start && (v[s] & 0xC0) == 0x80) {
                    s--;
                }
                while (e < end && (v[e] & 0xC0) == 0x80) {
                    e++;
                }
                if (found == null) {
                    found = new FindingList();
                }
                found.add(DetectorKind.MRN, s, e);
            }
        }
        return found;
    }

    private static boolean containsDigit(byte[] v, int s, int e) {
        for (int i = s; i < e; i++) {
            if (Ascii.isDigit(v[i])) {
                return true;
            }
        }
        return false;
    }
}
