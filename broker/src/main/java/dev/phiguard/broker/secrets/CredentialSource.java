package dev.phiguard.broker.secrets;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a target's upstream login comes from, as configured per target ({@code credentials:} in the server
 * configuration, see {@code docs/configuration.md}). Each variant is validated when it is built, with a message
 * that says what would be valid.
 */
public sealed interface CredentialSource {

    /** A PostgreSQL role name: letters, digits, {@code _} and {@code $}, not starting with a digit, 1–63 bytes. */
    Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /**
     * A static login kept in Vault's KV version 2 engine, read with {@code GET /v1/<mount>/data/<path>}, held in
     * memory and read again after {@code refreshAfter} or after {@link UpstreamSecrets#invalidate} (a rotation).
     *
     * @param mount         the KV v2 mount, e.g. {@code secret} (may have several segments)
     * @param path          the secret's path below the mount, e.g. {@code phiguard/clinic}
     * @param usernameField the field holding the user name
     * @param passwordField the field holding the password
     * @param refreshAfter  how long a read value is used before it is read again (positive)
     */
    record VaultKv(String mount, String path, String usernameField, String passwordField, Duration refreshAfter)
            implements CredentialSource {
        /** Default {@code refreshAfter}: five minutes. */
        public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

        public VaultKv {
            mount = vaultPath("vault_kv.mount", mount);
            path = vaultPath("vault_kv.path", path);
            usernameField = nonBlank("vault_kv.username_field", usernameField);
            passwordField = nonBlank("vault_kv.password_field", passwordField);
            Objects.requireNonNull(refreshAfter, "refreshAfter");
            if (refreshAfter.isNegative() || refreshAfter.isZero()) {
                throw new IllegalArgumentException("vault_kv.refresh_after must be positive, was " + refreshAfter);
            }
        }

        /** Fields {@code username} and {@code password}, refreshed every five minutes. */
        public static VaultKv of(String mount, String path) {
            return new VaultKv(mount, path, "username", "password", DEFAULT_REFRESH);
        }
    }

    /**
     * Dynamic credentials from Vault's database secrets engine ({@code GET /v1/<mount>/creds/<role>}), one per lease,
     * renewed while the lease lives and revoked in Vault when it ends.
     *
     * @param mount the database engine's mount, e.g. {@code database}
     * @param role  the Vault role whose creation statements grant what the target's purposes need
     */
    record VaultDatabase(String mount, String role) implements CredentialSource {
        public VaultDatabase {
            mount = vaultPath("vault_database.mount", mount);
            role = vaultPath("vault_database.role", role);
        }
    }

    /**
     * A PostgreSQL role created by phiguard for each lease, member of exactly one read role, dropped when the lease
     * ends. The administrative login that creates and drops it comes from another (non-ephemeral) source.
     *
     * @param admin           where the administrative login comes from
     * @param defaultReadRole the read role of purposes not named in {@code readRoles}
     * @param readRoles       read role per purpose
     * @param rolePrefix      prefix of the per-lease role names ({@code <prefix><lease id>})
     */
    record EphemeralRole(CredentialSource admin, String defaultReadRole, Map<String, String> readRoles,
                         String rolePrefix) implements CredentialSource {
        /** The default {@code rolePrefix}. */
        public static final String DEFAULT_PREFIX = "phiguard_";
        private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,29}");

        public EphemeralRole {
            Objects.requireNonNull(admin, "admin");
            if (admin instanceof EphemeralRole) {
                throw new IllegalArgumentException("ephemeral_role.admin must be vault_kv, env or file, not another"
                        + " ephemeral_role");
            }
            if (admin instanceof VaultDatabase) {
                throw new IllegalArgumentException("ephemeral_role.admin must be a standing login (vault_kv, env or"
                        + " file), not vault_database");
            }
            defaultReadRole = roleName("ephemeral_role.read_role", defaultReadRole);
            readRoles = Map.copyOf(Objects.requireNonNull(readRoles, "readRoles"));
            readRoles.forEach((purpose, role) -> roleName("ephemeral_role.read_roles." + purpose, role));
            Objects.requireNonNull(rolePrefix, "rolePrefix");
            if (!PREFIX.matcher(rolePrefix).matches()) {
                throw new IllegalArgumentException("ephemeral_role.role_prefix must match " + PREFIX.pattern()
                        + " (lower-case letters, digits, _), was '" + rolePrefix + "'");
            }
        }

        /** The read role of a purpose. */
        public String readRoleFor(String purpose) {
            return readRoles.getOrDefault(purpose, defaultReadRole);
        }
    }

    /**
     * Development only: the login from two environment variables. A warning naming the target is logged at start.
     *
     * @param userVariable     the variable holding the user name
     * @param passwordVariable the variable holding the password
     */
    record Environment(String userVariable, String passwordVariable) implements CredentialSource {
        public Environment {
            userVariable = nonBlank("env.user_variable", userVariable);
            passwordVariable = nonBlank("env.password_variable", passwordVariable);
        }
    }

    /**
     * Development only: a fixed user name and a password read from a file (its first line). A warning naming the
     * target is logged at start.
     *
     * @param user         the user name
     * @param passwordFile the file holding the password
     */
    record File(String user, Path passwordFile) implements CredentialSource {
        public File {
            user = nonBlank("file.user", user);
            Objects.requireNonNull(passwordFile, "passwordFile");
        }
    }

    private static String nonBlank(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        return value.strip();
    }

    private static String vaultPath(String name, String value) {
        String path = nonBlank(name, value);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty() || path.contains("//") || path.contains("..") || path.contains("?") || path.contains("#")
                || path.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException(name + " must be a Vault path like 'secret' or 'team/db' (no spaces,"
                    + " '..', '?', '#'), was '" + value + "'");
        }
        return path;
    }

    private static String roleName(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!ROLE_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be a PostgreSQL role name matching " + ROLE_NAME.pattern()
                    + ", was '" + value + "'");
        }
        return value;
    }
}
