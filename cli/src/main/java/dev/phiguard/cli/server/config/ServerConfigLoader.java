package dev.phiguard.cli.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads a {@link ServerConfig} from a YAML file, strictly: an unknown key, a missing required key or a value of
 * the wrong type is a {@link ConfigException} naming {@code file:line:column} and the key, so a typo never
 * silently falls back to a default. Relative paths in the file are resolved against the file's folder.
 */
public final class ServerConfigLoader {

    private static final int MAX_FILE_SIZE = 1 << 20;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads and checks the file. */
    public ServerConfig load(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new ConfigException(file + ": larger than " + MAX_FILE_SIZE + " bytes; is this the right file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        ServerConfig config;
        try {
            config = yaml.readValue(bytes, ServerConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(file, bytes, e));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        if (config == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        ServerConfig resolved = ConfigPaths.resolve(config, file.toAbsolutePath().getParent());
        ConfigChecks.check(resolved).ifPresent(problem -> {
            String where = KeyLocator.find(bytes, problem.key())
                    .map(at -> file + ":" + at.getLineNr() + ":" + at.getColumnNr()).orElse(file.toString());
            throw new ConfigException(where + ": " + problem.message());
        });
        return resolved;
    }

    private static String describe(Path file, byte[] bytes, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            at = KeyLocator.find(bytes, elements(mapping)).orElse(at);
        }
        String where = at == null ? file.toString() : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            List<String> elements = elements(unknown);
            String parent = String.join(".", elements.subList(0, elements.size() - 1)).replace(".[", "[");
            return where + ": unknown key '" + unknown.getPropertyName() + "' in "
                    + (parent.isEmpty() ? "the top level" : parent)
                    + (known.isEmpty() ? "" : " (known keys: " + known + ")");
        }
        if (e instanceof JsonMappingException mapping) {
            Throwable root = rootCause(mapping);
            String message = root != mapping && root.getMessage() != null ? root.getMessage() : mapping.getOriginalMessage();
            return where + ": " + path(mapping) + ": " + firstLine(message);
        }
        return where + ": not valid YAML: " + firstLine(e.getOriginalMessage());
    }

    private static List<String> elements(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .toList();
    }

    private static String path(JsonMappingException e) {
        String path = String.join(".", elements(e)).replace(".[", "[");
        return path.isEmpty() ? "the top level" : path;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
