package dev.phiguard.broker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.phiguard.broker.identity.Identity;
import dev.phiguard.broker.identity.InvalidTokenException;
import dev.phiguard.broker.identity.TokenVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles every exchange: route, authenticate, call the endpoint, write the reply. A deferred reply is written by
 * the thread that completes its future, so a long-poll holds no thread while it waits and is answered the moment
 * the change is committed (or reported by the feed). Logs name the method, the path and the caller's subject,
 * never a header, a body or the query string (a who-accessed query carries a raw record key there).
 */
final class Dispatcher implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final String BEARER = "bearer ";

    private final Router router;
    private final TokenVerifier verifier;
    private final ObjectMapper json;
    private final BrokerMetrics metrics;

    Dispatcher(Router router, TokenVerifier verifier, ObjectMapper json, BrokerMetrics metrics) {
        this.router = router;
        this.verifier = verifier;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String subject = "-";
        Reply reply;
        try {
            Router.Match match = router.route(method, path);
            Optional<Identity> identity = Optional.empty();
            if (match.route().authenticated()) {
                Identity caller = authenticate(exchange);
                subject = caller.subject();
                identity = Optional.of(caller);
            }
            reply = match.route().endpoint().handle(new Call(exchange, match.parameters(), identity, json));
        } catch (Exception e) {
            reply = ApiErrors.of(e);
        }
        send(exchange, reply, method, path, subject);
    }

    private Identity authenticate(HttpExchange exchange) throws InvalidTokenException {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(BEARER)
                || header.substring(BEARER.length()).isBlank()) {
            throw new ApiException(401, "unauthenticated",
                    "no bearer token: send the header Authorization: Bearer <token>");
        }
        try {
            return verifier.verify(header.substring(BEARER.length()).strip());
        } catch (InvalidTokenException e) {
            if (e.reason() == InvalidTokenException.Reason.KEYS_UNAVAILABLE) {
                throw new ApiException(503, e.reason().code(), e.getMessage());
            }
            throw e;
        }
    }

    private void send(HttpExchange exchange, Reply reply, String method, String path, String subject) {
        if (reply instanceof Reply.Deferred deferred) {
            // written by the thread that completes the future (the one that committed the change, or the service's
            // waiter thread): the answer leaves before that thread does anything else, and no thread waits meanwhile
            deferred.reply().whenComplete((answer, failure) -> send(exchange,
                    failure == null ? answer : ApiErrors.of(failure), method, path, subject));
            return;
        }
        int status;
        try {
            status = reply instanceof Reply.Stream stream ? stream(exchange, stream) : write(exchange, reply);
        } finally {
            if (reply instanceof Reply.Json body) {
                body.cleanup().run();
            }
        }
        metrics.countResponse(status);
        LOG.debug("{} {} -> {} ({})", method, Call.printable(path), status, subject);
    }

    private int stream(HttpExchange exchange, Reply.Stream reply) {
        try (OutputStream out = exchange.getResponseBody()) {
            headers(exchange, reply.status(), reply.contentType());
            exchange.sendResponseHeaders(reply.status(), 0); // chunked: the length is not known in advance
            reply.body().writeTo(out);
        } catch (IOException | RuntimeException e) {
            // the status is out already: the body ends early, which the client sees as a cut chunked stream
            LOG.debug("a streamed answer was cut short: {}", e.getClass().getSimpleName());
        } finally {
            exchange.close();
        }
        return reply.status();
    }

    private static void headers(HttpExchange exchange, int status, String contentType) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (status == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
    }

    private int write(HttpExchange exchange, Reply reply) {
        int status;
        byte[] bytes;
        String contentType;
        if (reply instanceof Reply.Json body) {
            status = body.status();
            contentType = "application/json; charset=utf-8";
            try {
                bytes = json.writeValueAsBytes(body.body());
            } catch (JsonProcessingException e) {
                Reply.Json error = ApiErrors.of(e);
                status = error.status();
                bytes = ("{\"error\":{\"code\":\"internal\",\"message\":\"the answer could not be written\"}}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        } else if (reply instanceof Reply.Text text) {
            status = text.status();
            contentType = text.contentType();
            bytes = text.body().getBytes(StandardCharsets.UTF_8);
        } else {
            throw new IllegalStateException("a deferred reply cannot be written directly");
        }
        try (OutputStream out = exchange.getResponseBody()) {
            headers(exchange, status, contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            out.write(bytes);
        } catch (IOException e) {
            LOG.debug("the client went away before its answer was written");
        } finally {
            Arrays.fill(bytes, (byte) 0); // the credential answer's bytes hold the password
            exchange.close();
        }
        return status;
    }
}
