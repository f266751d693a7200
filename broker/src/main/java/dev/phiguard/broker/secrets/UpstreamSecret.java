package dev.phiguard.broker.secrets;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A target's login for the proxy's upstream connection: a user name and a password, held in memory only.
 *
 * <p>The password is a {@code char[]} so that it can be wiped: {@link #close()} overwrites it, and
 * {@link #password()} hands out copies that the caller wipes in turn. A secret that came from Vault's database
 * engine also carries Vault's lease id and the lease's duration, so that it can be renewed and revoked.
 * {@link #toString()} shows the user name only; {@link #equals} is identity-based, so a password never feeds a hash.
 */
public final class UpstreamSecret implements AutoCloseable {

    private final String user;
    private final char[] password;
    private final String vaultLeaseId;
    private final Duration leaseDuration;

    private UpstreamSecret(String user, char[] password, String vaultLeaseId, Duration leaseDuration) {
        this.user = requireUser(user);
        this.password = Objects.requireNonNull(password, "password").clone();
        this.vaultLeaseId = vaultLeaseId;
        this.leaseDuration = leaseDuration;
    }

    /** A login without a Vault lease; the array is copied, the caller may wipe its own. */
    public static UpstreamSecret of(String user, char[] password) {
        return new UpstreamSecret(user, password, null, null);
    }

    /** A login handed out under a Vault lease that can be renewed for {@code leaseDuration} at a time. */
    public static UpstreamSecret leased(String user, char[] password, String vaultLeaseId, Duration leaseDuration) {
        Objects.requireNonNull(vaultLeaseId, "vaultLeaseId");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        return new UpstreamSecret(user, password, vaultLeaseId, leaseDuration);
    }

    /** The user name: not a secret. */
    public String user() {
        return user;
    }

    /** A copy of the password; wipe it ({@code Arrays.fill(p, '\0')}) when done. */
    public char[] password() {
        synchronized (password) {
            return password.clone();
        }
    }

    /** Vault's lease id of a dynamic credential, empty for any other source. */
    public Optional<String> vaultLeaseId() {
        return Optional.ofNullable(vaultLeaseId);
    }

    /** How long Vault's lease lasts from its issue or last renewal, empty for any other source. */
    public Optional<Duration> leaseDuration() {
        return Optional.ofNullable(leaseDuration);
    }

    /** An independent copy (its own password array), for a caller that will wipe it. */
    public UpstreamSecret copy() {
        synchronized (password) {
            return new UpstreamSecret(user, password, vaultLeaseId, leaseDuration);
        }
    }

    /** Whether the password has been wiped. */
    public boolean isWiped() {
        synchronized (password) {
            for (char c : password) {
                if (c != '\0') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Overwrites the password with NUL characters. */
    @Override
    public void close() {
        synchronized (password) {
            Arrays.fill(password, '\0');
        }
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "UpstreamSecret[user=" + user + ", password=<redacted>"
                + (vaultLeaseId == null ? "" : ", vaultLease=<redacted>, leaseDuration=" + leaseDuration) + "]";
    }

    private static String requireUser(String user) {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        return user;
    }
}
