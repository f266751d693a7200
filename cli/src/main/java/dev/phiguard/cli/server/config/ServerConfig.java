package dev.phiguard.cli.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's configuration file ({@code phiguard server --config FILE}), as read from YAML: where the broker and
 * the proxy listen, where state lives, which token issuers are trusted, where the policies are, and the database
 * targets with the source of their upstream credential. Documented with a commented example in
 * {@code docs/configuration.md}. Relative paths are resolved against the file's folder by {@link ServerConfigLoader}.
 *
 * @param listen            the broker API's address, {@code HOST:PORT}
 * @param node              this node's name in session records and logs (default: the host name)
 * @param dataDir           the data directory (keys, embedded store, recordings)
 * @param proxy             the PostgreSQL proxy
 * @param store             the state store
 * @param issuers           trusted OIDC token issuers
 * @param developmentIssuer whether to run the local development token issuer ({@code phiguard token issue})
 * @param policies          the folder of purpose policies
 * @param targets           the databases, by name (policies name them in {@code lease.target})
 * @param recordings        where and how sessions are recorded
 * @param audit             how statements are written to the audit log
 * @param vault             how to reach HashiCorp Vault; required when a target's credentials come from Vault
 */
public record ServerConfig(
        String listen,
        String node,
        @JsonProperty("data_dir") Path dataDir,
        ProxySection proxy,
        StoreSection store,
        List<IssuerSection> issuers,
        @JsonProperty("development_issuer") boolean developmentIssuer,
        Path policies,
        Map<String, TargetSection> targets,
        RecordingsSection recordings,
        AuditSection audit,
        VaultSection vault) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8420";
    public static final String DEFAULT_PROXY_LISTEN = "127.0.0.1:6432";

    public ServerConfig {
        listen = listen == null ? DEFAULT_LISTEN : listen;
        dataDir = dataDir == null ? Path.of(".phiguard") : dataDir;
        proxy = proxy == null ? new ProxySection(null, null, null) : proxy;
        store = store == null ? new StoreSection(null) : store;
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        targets = targets == null ? Map.of() : Map.copyOf(targets);
        recordings = recordings == null ? new RecordingsSection(null, null, null, null) : recordings;
        audit = audit == null ? new AuditSection(null) : audit;
    }

    /** The proxy: listen address, what clients are told to connect to, client TLS. */
    public record ProxySection(String listen,
                               @JsonProperty("public_address") String publicAddress,
                               TlsSection tls) {
        public ProxySection {
            listen = listen == null ? DEFAULT_PROXY_LISTEN : listen;
        }

        /** The address handed out with credentials ({@code HOST:PORT}); default: the listen address. */
        public String advertisedAddress() {
            return publicAddress == null ? listen : publicAddress;
        }
    }

    /** Client-facing TLS of the proxy; without it a self-signed development certificate is made in the data dir. */
    public record TlsSection(Path certificate, Path key, boolean require) {
        public TlsSection {
            Objects.requireNonNull(certificate, "tls.certificate is required when tls is configured");
            Objects.requireNonNull(key, "tls.key is required when tls is configured");
        }
    }

    /** Embedded (default) or a shared PostgreSQL store. */
    public record StoreSection(PostgresStore postgres) {
        public Optional<PostgresStore> shared() {
            return Optional.ofNullable(postgres);
        }
    }

    /** A PostgreSQL database holding the state of several nodes; the password is read from a file. */
    public record PostgresStore(String url, String user, @JsonProperty("password_file") Path passwordFile) {
        public PostgresStore {
            Objects.requireNonNull(url, "store.postgres.url is required");
            Objects.requireNonNull(user, "store.postgres.user is required");
        }
    }

    /** A trusted token issuer: its keys from its JWKS endpoint or a file. */
    public record IssuerSection(String issuer, String audience,
                                @JsonProperty("jwks_uri") String jwksUri,
                                @JsonProperty("jwks_file") Path jwksFile,
                                @JsonProperty("groups_claim") String groupsClaim,
                                @JsonProperty("clock_skew") String clockSkew) {
        public IssuerSection {
            Objects.requireNonNull(issuer, "issuers[].issuer is required");
            Objects.requireNonNull(audience, "issuers[].audience is required (the audience your CI requests)");
        }
    }

    /** A database target and where its upstream login comes from. */
    public record TargetSection(String host, Integer port, String database, String tls,
                                @JsonProperty("ca_file") Path caFile,
                                CredentialsSection credentials) {
        public TargetSection {
            Objects.requireNonNull(host, "targets.<name>.host is required");
            Objects.requireNonNull(database, "targets.<name>.database is required");
            Objects.requireNonNull(credentials, "targets.<name>.credentials is required");
            port = port == null ? 5432 : port;
            tls = tls == null ? "verify-full" : tls;
        }
    }

    /**
     * Exactly one source of the upstream credential (checked by {@link ServerConfigLoader}): {@code env} and
     * {@code file} for development, {@code vault_kv}, {@code vault_database} or {@code ephemeral_role} in production.
     */
    public record CredentialsSection(EnvCredentials env, FileCredentials file,
                                     @JsonProperty("vault_kv") VaultKvCredentials vaultKv,
                                     @JsonProperty("vault_database") VaultDatabaseCredentials vaultDatabase,
                                     @JsonProperty("ephemeral_role") EphemeralRoleCredentials ephemeralRole) {
        /** A development source (env or file) only. */
        public CredentialsSection(EnvCredentials env, FileCredentials file) {
            this(env, file, null, null, null);
        }
    }

    /** A standing login kept in Vault's KV version 2 engine: the secret's path and the names of its two fields. */
    public record VaultKvCredentials(String path, String mount,
                                     @JsonProperty("username_field") String usernameField,
                                     @JsonProperty("password_field") String passwordField,
                                     @JsonProperty("refresh_after") String refreshAfter) {
        public VaultKvCredentials {
            Objects.requireNonNull(path, "credentials.vault_kv.path (the secret's path below the mount) is required");
            mount = mount == null ? "secret" : mount;
            usernameField = usernameField == null ? "username" : usernameField;
            passwordField = passwordField == null ? "password" : passwordField;
            refreshAfter = refreshAfter == null ? "5m" : refreshAfter;
        }
    }

    /** A dynamic login per lease from Vault's database secrets engine. */
    public record VaultDatabaseCredentials(String role, String mount) {
        public VaultDatabaseCredentials {
            Objects.requireNonNull(role, "credentials.vault_database.role (the Vault role) is required");
            mount = mount == null ? "database" : mount;
        }
    }

    /**
     * A PostgreSQL role made by phiguard for each lease, member of one read role; {@code admin} is the login that
     * creates and drops it, {@code catalog} (default: {@code admin}) the login the node reads the target's catalog with.
     */
    public record EphemeralRoleCredentials(@JsonProperty("read_role") String readRole,
                                           @JsonProperty("read_roles") Map<String, String> readRoles,
                                           StandingCredentials admin,
                                           @JsonProperty("role_prefix") String rolePrefix,
                                           StandingCredentials catalog) {
        public EphemeralRoleCredentials {
            Objects.requireNonNull(readRole, "credentials.ephemeral_role.read_role (the role each lease's role"
                    + " joins) is required");
            Objects.requireNonNull(admin, "credentials.ephemeral_role.admin (the login that creates the roles: env,"
                    + " file or vault_kv) is required");
            readRoles = readRoles == null ? Map.of() : Map.copyOf(readRoles);
            rolePrefix = rolePrefix == null ? "phiguard_" : rolePrefix;
        }
    }

    /** A standing login for {@code ephemeral_role}'s admin or catalog: exactly one of env, file, vault_kv. */
    public record StandingCredentials(EnvCredentials env, FileCredentials file,
                                      @JsonProperty("vault_kv") VaultKvCredentials vaultKv) {
    }

    /** How phiguard reaches Vault. Its credentials come from files, never from this file. */
    public record VaultSection(String address, String namespace, @JsonProperty("ca_file") Path caFile,
                               @JsonProperty("request_timeout") String requestTimeout, VaultAuthSection auth) {
        public VaultSection {
            Objects.requireNonNull(address, "vault.address (e.g. https://vault.internal:8200) is required");
            Objects.requireNonNull(auth, "vault.auth (token_file or approle) is required");
            requestTimeout = requestTimeout == null ? "10s" : requestTimeout;
        }
    }

    /** Exactly one way of logging in to Vault: a token file, or AppRole. */
    public record VaultAuthSection(@JsonProperty("token_file") Path tokenFile, AppRoleSection approle) {
    }

    /** AppRole login: files holding the role_id and the secret_id. */
    public record AppRoleSection(@JsonProperty("role_id_file") Path roleIdFile,
                                 @JsonProperty("secret_id_file") Path secretIdFile, String mount) {
        public AppRoleSection {
            Objects.requireNonNull(roleIdFile, "vault.auth.approle.role_id_file is required");
            Objects.requireNonNull(secretIdFile, "vault.auth.approle.secret_id_file is required");
            mount = mount == null ? "approle" : mount;
        }
    }

    /** Development only: user and password from environment variables (names, not values). */
    public record EnvCredentials(String user, String password) {
        public EnvCredentials {
            Objects.requireNonNull(user, "credentials.env.user (the variable's name) is required");
            Objects.requireNonNull(password, "credentials.env.password (the variable's name) is required");
        }
    }

    /** Development only: a user name and a file holding the password. */
    public record FileCredentials(String user, @JsonProperty("password_file") Path passwordFile) {
        public FileCredentials {
            Objects.requireNonNull(user, "credentials.file.user is required");
            Objects.requireNonNull(passwordFile, "credentials.file.password_file is required");
        }
    }

    /** Session recordings. */
    public record RecordingsSection(Path directory, String literals,
                                    @JsonProperty("encryption_key_file") Path encryptionKeyFile,
                                    @JsonProperty("flush_interval") String flushInterval) {
        /** The default {@code flush_interval}. */
        public static final String DEFAULT_FLUSH_INTERVAL = "10ms";

        public RecordingsSection {
            literals = literals == null ? "hash" : literals;
            flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        }

        /** {@code flush_interval} as a duration ({@link ConfigChecks} has checked it). */
        public java.time.Duration flushIntervalDuration() {
            return ShortDuration.parse(flushInterval).orElseThrow();
        }
    }

    /**
     * The audit log.
     *
     * @param statementWindow how long repeated executions of one allowed statement in a session are gathered into one
     *                        event; {@code 0}: every execution is an event of its own
     */
    public record AuditSection(@JsonProperty("statement_window") String statementWindow) {
        /** The default {@code statement_window}. */
        public static final String DEFAULT_STATEMENT_WINDOW = "1s";

        public AuditSection {
            statementWindow = statementWindow == null ? DEFAULT_STATEMENT_WINDOW : statementWindow;
        }

        /** {@code statement_window} as a duration ({@link ConfigChecks} has checked it). */
        public java.time.Duration statementWindowDuration() {
            return ShortDuration.parse(statementWindow).orElseThrow();
        }
    }
}
