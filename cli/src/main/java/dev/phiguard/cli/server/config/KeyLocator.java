package dev.phiguard.cli.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds where a key sits in a YAML document. Jackson builds records through their constructors after reading all
 * of an object's keys, so its errors point at the end of the object; this second, streaming pass finds the line
 * and column of the key the error is about.
 */
final class KeyLocator {

    private static final YAMLFactory YAML = new YAMLFactory();

    private KeyLocator() {
    }

    /**
     * The location of the key at {@code path} (field names, and list indices as {@code "[n]"}), or of the deepest
     * existing ancestor's key when the key itself is absent (a missing required key is reported at its parent).
     */
    static Optional<JsonLocation> find(byte[] document, List<String> path) {
        JsonLocation best = null;
        int bestDepth = -1;
        try (JsonParser parser = YAML.createParser(document)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME) {
                    continue;
                }
                List<String> at = pathOf(parser.getParsingContext());
                int common = commonPrefix(at, path);
                if (common == at.size() && common > bestDepth) {
                    best = parser.currentTokenLocation();
                    bestDepth = common;
                    if (common == path.size()) {
                        break;
                    }
                }
            }
        } catch (IOException e) {
            return Optional.ofNullable(best);
        }
        return Optional.ofNullable(best);
    }

    private static List<String> pathOf(JsonStreamContext context) {
        List<String> reversed = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject()) {
                reversed.add(c.getCurrentName());
            } else if (c.inArray()) {
                reversed.add("[" + c.getCurrentIndex() + "]");
            }
        }
        List<String> path = new ArrayList<>(reversed.size());
        for (int i = reversed.size() - 1; i >= 0; i--) {
            path.add(reversed.get(i));
        }
        return path;
    }

    private static int commonPrefix(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }
}
