package dev.phiguard.broker.http;

import dev.phiguard.broker.identity.InvalidTokenException;
import dev.phiguard.broker.lease.LeaseException;
import dev.phiguard.broker.service.LeaseServiceException;
import dev.phiguard.broker.store.StaleLeaseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every refusal into the API's error answer {@code {"error": {"code", "message"}}} with the HTTP status of its
 * machine-readable code (the table of docs/api.md). Anything unexpected is {@code internal}: logged with a reference
 * that the message carries, and no internals are shown.
 */
final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    /** The status of each code of the lease domain and the service. */
    static final Map<String, Integer> STATUS = Map.ofEntries(
            // LeaseRequestRefusedException
            Map.entry("requester_not_admitted", 403),
            Map.entry("ttl_invalid", 400),
            Map.entry("ttl_above_max", 422),
            Map.entry("reason_invalid", 400),
            // IllegalTransitionException
            Map.entry("wrong_state", 409),
            Map.entry("not_due", 409),
            Map.entry("deadline_passed", 409),
            Map.entry("request_changed", 409),
            Map.entry("self_approval", 403),
            Map.entry("not_an_approver", 403),
            Map.entry("already_approved", 409),
            Map.entry("reason_required", 400),
            Map.entry("credential_already_fetched", 409),
            Map.entry("credential_not_issued", 409),
            Map.entry("session_limit", 409),
            Map.entry("no_open_session", 409),
            // LeaseServiceException
            Map.entry("not_found", 404),
            Map.entry("unknown_purpose", 404),
            Map.entry("not_allowed", 403),
            Map.entry("conflict", 409),
            Map.entry("target_unavailable", 503),
            Map.entry("bad_request", 400));

    private ApiErrors() {
    }

    /** The error answer for a failure of an endpoint. */
    static Reply.Json of(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ApiException api) {
            return error(api.status(), api.code(), api.getMessage());
        }
        if (cause instanceof InvalidTokenException token) {
            return unauthenticated(token);
        }
        if (cause instanceof LeaseException lease) {
            return error(STATUS.getOrDefault(lease.code(), 409), lease.code(), lease.getMessage());
        }
        if (cause instanceof LeaseServiceException service) {
            return error(STATUS.getOrDefault(service.code(), 409), service.code(), service.getMessage());
        }
        if (cause instanceof StaleLeaseException stale) {
            return error(409, "conflict", stale.getMessage());
        }
        if (cause instanceof CancellationException) {
            return error(503, "unavailable", "the broker is shutting down; try again");
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("internal error, reference {}", reference, cause);
        return error(500, "internal", "internal error; the server log has reference " + reference);
    }

    /** 401: the token's refusal reason is in the message, never the token. */
    static Reply.Json unauthenticated(InvalidTokenException e) {
        return error(401, "unauthenticated", e.getMessage() + " (" + e.reason().code() + ")");
    }

    static Reply.Json error(int status, String code, String message) {
        return new Reply.Json(status, Map.of("error", Map.of("code", code, "message", message)));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
