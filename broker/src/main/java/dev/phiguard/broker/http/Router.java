package dev.phiguard.broker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The route table: finds the route of a method and path, or says whether the path exists with another method. */
final class Router {

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, boolean authenticated, Endpoint endpoint) {
        routes.add(Route.of(method, template, authenticated, endpoint));
        return this;
    }

    /** A matched route and the values of its path parameters. */
    record Match(Route route, List<String> parameters) {
    }

    /**
     * The route for {@code method} and {@code path}.
     *
     * @throws ApiException 404 for an unknown path, 405 for a known path with another method
     */
    Match route(String method, String path) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<List<String>> parameters = route.match(path);
            if (parameters.isPresent()) {
                if (route.method().equals(method)) {
                    return new Match(route, parameters.get());
                }
                pathKnown = true;
            }
        }
        if (pathKnown) {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + printable(path));
        }
        throw new ApiException(404, "not_found", "no such resource: " + printable(path));
    }

    private static String printable(String path) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
