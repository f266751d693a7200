package dev.phiguard.bench.endtoend;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the shell variable files {@code scripts/bench} keeps its credentials in: the output of
 * {@code phiguard lease --format env} ({@code export NAME='value'}, single-quoted, {@code '\''} for a quote) and
 * plain {@code NAME=value} lines. Blank lines and comments are skipped; anything else is an error that names the
 * file and the line number, never the line (it may hold a password).
 */
final class EnvFile {
    private static final Pattern LINE = Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    private EnvFile() {
    }

    /** The variables of {@code file}, in file order; a later line overrides an earlier one. */
    static Map<String, String> read(Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static Map<String, String> parse(String name, List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": not a NAME=value line");
            }
            variables.put(m.group(1), unquote(m.group(2), name, i + 1));
        }
        return variables;
    }

    /** A value as the shell reads it: bare, or single-quoted pieces joined by escaped quotes ({@code '\''}). */
    private static String unquote(String value, String name, int line) {
        if (!value.startsWith("'")) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            if (value.startsWith("\\'", i)) {
                out.append('\'');
                i += 2;
            } else if (value.charAt(i) == '\'') {
                int end = value.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException(name + ":" + line + ": unterminated quote");
                }
                out.append(value, i + 1, end);
                i = end + 1;
            } else {
                throw new IllegalArgumentException(name + ":" + line + ": text outside the quotes");
            }
        }
        return out.toString();
    }
}
