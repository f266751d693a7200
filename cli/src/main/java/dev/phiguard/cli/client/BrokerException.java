package dev.phiguard.cli.client;

/**
 * The broker answered a call with an error: the API's machine-readable {@code code} (docs/api.md, "Errors"),
 * the HTTP status and the broker's human message. The broker never echoes tokens or passwords in messages, and
 * this client never adds them.
 */
public final class BrokerException extends RuntimeException {
    private final int status;
    private final String code;

    public BrokerException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The API's error code ({@code self_approval}, {@code not_found}, ...), or {@code http_<status>} when the
     * answer carried no error object. */
    public String code() {
        return code;
    }

    /** {@code true} for the codes that mean "this identity may not do that" (exit code 3). */
    public boolean isRefusal() {
        return switch (code) {
            case "requester_not_admitted", "not_an_approver", "not_an_auditor", "self_approval", "not_allowed",
                 "ttl_above_max", "already_approved", "request_changed" -> true;
            default -> false;
        };
    }
}
