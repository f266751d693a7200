package dev.phiguard.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.phiguard.broker.identity.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One API call as an endpoint sees it: the path parameters, the query parameters, the caller's verified identity
 * and the JSON body.
 */
final class Call {

    /** The largest request body read. */
    static final int MAX_BODY = 64 * 1024;

    private final HttpExchange exchange;
    private final List<String> pathParameters;
    private final Map<String, String> query;
    private final Optional<Identity> identity;
    private final ObjectMapper json;

    Call(HttpExchange exchange, List<String> pathParameters, Optional<Identity> identity, ObjectMapper json) {
        this.exchange = exchange;
        this.pathParameters = List.copyOf(pathParameters);
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
        this.identity = identity;
        this.json = json;
    }

    /** The {@code index}-th {@code {name}} segment of the route's template. */
    String path(int index) {
        return pathParameters.get(index);
    }

    /** The caller (routes that need a token always have one). */
    Identity identity() {
        return identity.orElseThrow(() -> new IllegalStateException("the route does not authenticate"));
    }

    /** A query parameter. */
    Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** Refuses query parameters other than {@code allowed}, so a typo never silently changes a request. */
    void allowQuery(Set<String> allowed) {
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown query parameter \"" + printable(name) + "\""
                        + (allowed.isEmpty() ? "" : "; known: " + String.join(", ", allowed.stream().sorted().toList())));
            }
        }
    }

    /**
     * The body as {@code type}; an empty body reads as {@code {}}. Unknown fields, trailing content and bodies
     * above {@value #MAX_BODY} bytes are refused.
     */
    <T> T body(Class<T> type) {
        byte[] bytes = readBody();
        try {
            return json.readValue(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes, type);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field \"" + printable(e.getPropertyName()) + "\"; known: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON body: " + printable(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body");
        }
    }

    private byte[] readBody() {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(413, "too_large", "the request body is larger than " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("unreadable body");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null) {
                throw ApiException.badRequest("query parameter \"" + printable(name) + "\" is given twice");
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed query string");
        }
    }

    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
