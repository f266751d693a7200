package dev.phiguard.broker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the route table: a method and a path template such as {@code /v1/leases/{id}/approve}, whose
 * {@code {name}} segments match one path segment each.
 *
 * @param method        the HTTP method
 * @param template      the path template, as written in the docs
 * @param authenticated whether a bearer token is required
 * @param endpoint      what answers
 * @param pattern       the template as a regular expression
 */
record Route(String method, String template, boolean authenticated, Endpoint endpoint, Pattern pattern) {

    Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(pattern, "pattern");
    }

    static Route of(String method, String template, boolean authenticated, Endpoint endpoint) {
        return new Route(method, template, authenticated, endpoint, compile(template));
    }

    /** The values of the template's {@code {name}} segments if the path matches, in order. */
    Optional<List<String>> match(String path) {
        Matcher matcher = pattern.matcher(path);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= matcher.groupCount(); i++) {
            values.add(matcher.group(i));
        }
        return Optional.of(values);
    }

    private static Pattern compile(String template) {
        StringBuilder regex = new StringBuilder();
        for (String segment : template.substring(1).split("/")) {
            regex.append('/');
            regex.append(segment.startsWith("{") ? "([^/]+)" : Pattern.quote(segment));
        }
        return Pattern.compile(regex.toString());
    }
}
