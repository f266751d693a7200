package dev.phiguard.broker.http;

import dev.phiguard.broker.service.CredentialAnswer;
import dev.phiguard.broker.service.LeaseService;
import java.util.Set;

/**
 * {@code POST /v1/leases/{id}/credential}: the one-time credential, to the requester, once. The password goes from
 * the minted {@code char[]} into the response bytes (Jackson writes a {@code char[]} as a JSON string without making
 * a {@code String} of it); both are wiped once the answer is written.
 */
final class CredentialResource {

    /** The answer's shape. */
    record CredentialBody(String user, char[] password, String host, int port, String database, String sslmode) {

        @Override
        public String toString() {
            return "CredentialBody[user=" + user + ", password=<redacted>]";
        }
    }

    private final LeaseService service;

    CredentialResource(LeaseService service) {
        this.service = service;
    }

    void register(Router router) {
        router.add("POST", "/v1/leases/{id}/credential", true, this::fetch);
    }

    private Reply fetch(Call call) {
        call.allowQuery(Set.of());
        call.body(LeaseActionsResource.EmptyBody.class);
        CredentialAnswer answer = service.fetchCredential(call.identity(), call.path(0));
        CredentialBody body = new CredentialBody(answer.credential().userName(), answer.credential().password(),
                answer.connection().host(), answer.connection().port(), answer.connection().database(),
                answer.connection().sslmode());
        return new Reply.Json(200, body, answer::close);
    }
}
