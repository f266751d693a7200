package dev.phiguard.broker.http;

import dev.phiguard.broker.identity.DevelopmentIssuer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/whoami}: the caller's identity as the broker sees it; {@code POST /v1/tokens}: a development token,
 * only when the broker runs its development issuer (the route does not exist otherwise).
 */
final class IdentityResource {

    /** The lifetime of a development token that names none. */
    static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

    /** The body of {@code POST /v1/tokens}. */
    record TokenBody(String subject, Set<String> groups, Map<String, String> claims, String ttl) {
    }

    private final Optional<DevelopmentIssuer> issuer;

    IdentityResource(Optional<DevelopmentIssuer> issuer) {
        this.issuer = issuer;
    }

    void register(Router router) {
        router.add("GET", "/v1/whoami", true, this::whoami);
        issuer.ifPresent(development -> router.add("POST", "/v1/tokens", false, call -> token(call, development)));
    }

    private Reply whoami(Call call) {
        call.allowQuery(Set.of());
        return Reply.ok(Views.identity(call.identity()));
    }

    private Reply token(Call call, DevelopmentIssuer development) {
        call.allowQuery(Set.of());
        TokenBody body = call.body(TokenBody.class);
        if (body.subject() == null || body.subject().isBlank()) {
            throw ApiException.badRequest("missing field \"subject\"");
        }
        Duration ttl = body.ttl() == null ? DEFAULT_TOKEN_TTL : DurationParameter.parse(body.ttl(), "ttl");
        try {
            String token = development.issue(body.subject(), body.groups() == null ? Set.of() : body.groups(),
                    body.claims() == null ? Map.of() : body.claims(), ttl);
            return new Reply.Json(201, Map.of("token", token));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
