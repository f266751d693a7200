package dev.phiguard.proxy.recording;

import java.util.List;
import java.util.Map;

/** Just enough JSON writing for the transcript's JSON lines (strings, numbers, null, lists, objects). */
final class Json {

    private Json() {
    }

    static void string(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, values.get(i));
        }
        out.append(']');
    }

    static void fields(StringBuilder out, Map<Character, String> fields) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<Character, String> e : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, String.valueOf(e.getKey()));
            out.append(':');
            string(out, e.getValue());
        }
        out.append('}');
    }

    /** Starts an object with its {@code "event"} member. */
    static StringBuilder event(String name) {
        StringBuilder out = new StringBuilder(256).append("{\"event\":");
        string(out, name);
        return out;
    }

    static void member(StringBuilder out, String name) {
        out.append(',');
        string(out, name);
        out.append(':');
    }
}
