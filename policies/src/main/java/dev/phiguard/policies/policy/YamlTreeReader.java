package dev.phiguard.policies.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the text of a policy file into a {@link YamlNode} tree that remembers line and column of every key and
 * value, reading Jackson's YAML token stream.
 *
 * <p>Besides syntax errors it reports, and keeps out of the tree, the YAML features that make a file read
 * differently from how it looks: duplicate keys, anchors and aliases, merge keys ({@code <<}), explicit tags,
 * and more than one document. {@code yes}/{@code no}/{@code on}/{@code off} are plain strings, not booleans, and an
 * empty value is null.
 */
final class YamlTreeReader {

    /** Policies nest a handful of levels; anything far deeper is a mistake or an attack on the parser. */
    static final int MAX_DEPTH = 20;

    private final YAMLFactory factory = YAMLFactory.builder()
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    /**
     * Reads one document. Problems go to {@code problems}; the tree is empty only when the text is not YAML at all
     * (or holds no document), in which case exactly one problem says why.
     */
    Optional<YamlNode> read(String text, Problems problems) {
        try (YAMLParser parser = factory.createParser(text)) {
            try {
                return document(parser, problems);
            } catch (StreamConstraintsException e) {
                problems.at(Position.of(parser.currentLocation()), "lists and mappings are nested more than " + MAX_DEPTH
                        + " levels deep; no policy needs that");
                return Optional.empty();
            }
        } catch (JacksonException e) {
            problems.at(YamlSyntaxError.position(e), YamlSyntaxError.message(e));
        } catch (IOException | RuntimeException e) {
            problems.at(new Position(1, 1), "invalid YAML: " + YamlSyntaxError.oneLine(e.getMessage()));
        }
        return Optional.empty();
    }

    private static Optional<YamlNode> document(YAMLParser parser, Problems problems) throws IOException {
        if (parser.nextToken() == null) {
            problems.at(new Position(1, 1), "the file holds no YAML document; a policy starts with 'purpose: ...'");
            return Optional.empty();
        }
        YamlNode root = new TreeBuilder(parser, problems).node("");
        if (parser.nextToken() != null) {
            problems.at(Position.of(parser.currentTokenLocation()),
                    "a policy file holds exactly one YAML document; remove the second one (after '---')");
        }
        return Optional.of(root);
    }

    /** Walks the token stream of one document; one instance per read. */
    private static final class TreeBuilder {
        private final YAMLParser parser;
        private final Problems problems;

        TreeBuilder(YAMLParser parser, Problems problems) {
            this.parser = parser;
            this.problems = problems;
        }

        /** Builds the node whose first token is the current one, leaving the parser on its last token. */
        YamlNode node(String path) throws IOException {
            Position position = Position.of(parser.currentTokenLocation());
            JsonToken token = parser.currentToken();
            rejectAnchorAndTag(position);
            if (token == JsonToken.START_OBJECT) {
                return mapping(position, path);
            }
            if (token == JsonToken.START_ARRAY) {
                return sequence(position, path);
            }
            if (parser.isCurrentAlias()) {
                problems.at(position, "aliases (*" + parser.getText() + ") are not allowed in policy files: write the "
                        + "value out in full; a glob or \"*\" must be quoted");
                return new YamlNode.Scalar(position, YamlNode.ScalarType.INVALID, "");
            }
            return new YamlNode.Scalar(position, scalarType(token), token == JsonToken.VALUE_NULL ? "" : parser.getText());
        }

        private void rejectAnchorAndTag(Position position) throws IOException {
            String anchor = parser.getObjectId();
            if (anchor != null) {
                problems.at(position, "anchors (&" + anchor + ") are not allowed in policy files: write every "
                        + "value out where it applies");
            }
            String tag = parser.getTypeId();
            if (tag != null) {
                problems.at(position, "YAML tags (" + tag + ") are not allowed in policy files: quote the value "
                        + "if it must be read as text");
            }
        }

        private YamlNode mapping(Position position, String path) throws IOException {
            List<YamlNode.Entry> entries = new ArrayList<>();
            Map<String, Position> seen = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Position keyPosition = Position.of(parser.currentTokenLocation());
                parser.nextToken();
                YamlNode value = node(KeyPath.child(path, key));
                Position first = seen.putIfAbsent(key, keyPosition);
                if (first != null) {
                    problems.at(keyPosition, "duplicate key '" + key + "' " + KeyPath.in(path)
                            + " (first at line " + first.line() + ")");
                } else if ("<<".equals(key)) {
                    problems.at(keyPosition, "merge keys (<<) are not allowed in policy files: write the keys out in full");
                } else {
                    entries.add(new YamlNode.Entry(key, keyPosition, value));
                }
            }
            return new YamlNode.Mapping(position, entries);
        }

        private YamlNode sequence(Position position, String path) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(node(KeyPath.item(path, items.size())));
            }
            return new YamlNode.Sequence(position, items);
        }

        private static YamlNode.ScalarType scalarType(JsonToken token) {
            return switch (token) {
                case VALUE_NUMBER_INT -> YamlNode.ScalarType.INTEGER;
                case VALUE_NUMBER_FLOAT -> YamlNode.ScalarType.DECIMAL;
                case VALUE_TRUE, VALUE_FALSE -> YamlNode.ScalarType.BOOLEAN;
                case VALUE_NULL -> YamlNode.ScalarType.NULL;
                default -> YamlNode.ScalarType.STRING;
            };
        }
    }
}
