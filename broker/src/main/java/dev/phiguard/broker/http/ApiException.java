package dev.phiguard.broker.http;

import java.util.Objects;

/**
 * A refusal made by the HTTP layer itself (a malformed body, a bad parameter, a missing token), with the status and
 * machine-readable code it is answered with. The message is for the client and never echoes a token.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
