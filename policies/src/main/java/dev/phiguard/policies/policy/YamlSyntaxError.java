package dev.phiguard.policies.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns a YAML syntax error into a position and a one-line message.
 *
 * <p>Jackson 2 exposes SnakeYAML's precise problem mark only through its deprecated
 * {@link MarkedYAMLException} wrapper; the parser's own location points at the last token read, often a line
 * early. The wrapper is used here, and only here, until Jackson 3 replaces it.
 */
@SuppressWarnings("deprecation")
final class YamlSyntaxError {

    private YamlSyntaxError() {
    }

    static Position position(JacksonException e) {
        if (e instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            return new Position(mark.getLine() + 1, mark.getColumn() + 1);
        }
        return Position.of(e.getLocation());
    }

    static String message(JacksonException e) {
        if (e instanceof MarkedYAMLException marked) {
            return markedMessage(marked);
        }
        String message = e.getOriginalMessage();
        if (message == null) {
            return "invalid YAML";
        }
        if (message.startsWith("Expected a field name")) {
            return "invalid YAML: mapping keys must be plain names, not lists or mappings";
        }
        int newline = message.indexOf('\n');
        return "invalid YAML: " + oneLine(newline < 0 ? message : message.substring(0, newline));
    }

    private static String markedMessage(MarkedYAMLException e) {
        String context = e.getContext();
        if (context != null && context.contains("alias")) {
            return "invalid YAML: a bare * starts a YAML alias; quote globs and the column wildcard: \"*\"";
        }
        StringBuilder message = new StringBuilder("invalid YAML: ").append(oneLine(e.getProblem()));
        Mark contextMark = e.getContextMark();
        if (context != null && contextMark != null) {
            message.append(" (").append(oneLine(context)).append(" that starts at line ")
                    .append(contextMark.getLine() + 1).append(", column ").append(contextMark.getColumn() + 1).append(')');
        }
        return message.toString();
    }

    /** Collapses line breaks and runs of whitespace, so that every problem is one line. */
    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
