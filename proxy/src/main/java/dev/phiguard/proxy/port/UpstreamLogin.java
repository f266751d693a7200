package dev.phiguard.proxy.port;

import dev.phiguard.proxy.auth.ScramClientKeys;
import java.util.Arrays;
import java.util.Objects;

/**
 * The target's own credential, used by the proxy to log in upstream. The client never learns it.
 * {@link #toString()} never shows the password.
 *
 * <p>It carries the SCRAM keys derived from its password ({@link ScramClientKeys}), which live exactly as long
 * as this object: a credential source that hands out the same login for every session (a password read once)
 * saves every login after the first the PBKDF2 of the password; one that makes a login per session derives the
 * keys per session.
 */
public final class UpstreamLogin {
    private final String user;
    private final char[] password;
    private final ScramClientKeys scramKeys = new ScramClientKeys();

    /** @param password the password, or null when the target trusts the proxy (development only) */
    public UpstreamLogin(String user, char[] password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password == null ? null : password.clone();
    }

    public String user() {
        return user;
    }

    /** A copy of the password, or null; the caller should clear it when done. */
    public char[] password() {
        return password == null ? null : password.clone();
    }

    /** The SCRAM keys derived from this login's password so far. */
    public ScramClientKeys scramKeys() {
        return scramKeys;
    }

    @Override
    public String toString() {
        return "UpstreamLogin[user=" + user + ", password=" + (password == null ? "none" : "<hidden>") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpstreamLogin other && user.equals(other.user) && Arrays.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }
}
