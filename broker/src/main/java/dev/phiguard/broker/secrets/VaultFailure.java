package dev.phiguard.broker.secrets;

import java.util.Objects;

/**
 * A Vault request failed. The message names the operation and Vault's answer (an HTTP status, or that Vault could not
 * be reached), never a token, a secret or Vault's response body; no cause is attached.
 */
public final class VaultFailure extends Exception {

    private final UpstreamSecretException.Reason reason;
    private final int status;

    VaultFailure(UpstreamSecretException.Reason reason, int status, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.status = status;
    }

    /** The failure for an HTTP status (0: no answer). */
    static VaultFailure forStatus(String operation, int status, String address) {
        return switch (status) {
            case 0 -> new VaultFailure(UpstreamSecretException.Reason.VAULT_UNREACHABLE, 0,
                    operation + ": Vault at " + address + " could not be reached");
            case 403 -> new VaultFailure(UpstreamSecretException.Reason.PERMISSION_DENIED, 403,
                    operation + ": Vault answered 403 permission denied");
            case 404 -> new VaultFailure(UpstreamSecretException.Reason.SECRET_MISSING, 404,
                    operation + ": Vault answered 404 not found");
            default -> new VaultFailure(UpstreamSecretException.Reason.VAULT_ERROR, status,
                    operation + ": Vault answered HTTP " + status);
        };
    }

    public UpstreamSecretException.Reason reason() {
        return reason;
    }

    /** The HTTP status, 0 when Vault did not answer. */
    public int status() {
        return status;
    }

    /** The same failure as seen by a target's login. */
    public UpstreamSecretException forTarget(String target) {
        return new UpstreamSecretException(target, reason, getMessage());
    }
}
