package dev.phiguard.broker.secrets;

import io.github.jopenlibs.vault.EnvironmentLoader;
import io.github.jopenlibs.vault.SslConfig;
import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.database.DatabaseCredential;
import io.github.jopenlibs.vault.json.Json;
import io.github.jopenlibs.vault.json.JsonObject;
import io.github.jopenlibs.vault.json.JsonValue;
import io.github.jopenlibs.vault.response.AuthResponse;
import io.github.jopenlibs.vault.response.DatabaseResponse;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import io.github.jopenlibs.vault.response.VaultResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * phiguard's Vault client, on io.github.jopenlibs:vault-java-driver: logs in (token file or AppRole), keeps the token
 * alive (renew-self at two thirds of its TTL; a new AppRole login when renewal is refused), and performs the few
 * requests the credential sources need. Every method blocks; callers run them on the secrets executor.
 *
 * <p>The driver is configured explicitly: its environment loader is disabled (no {@code VAULT_TOKEN} or
 * {@code ~/.vault-token} is picked up behind the configuration's back) and the KV engine version is set to 1, so
 * that the driver sends paths as given ({@code <mount>/data/<path>} is built here, which also works for mounts
 * with several segments). The driver's error texts, which contain response bodies, never leave this class: a
 * failure is a {@link VaultFailure} naming the operation and the HTTP status.
 */
public final class VaultClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultClient.class);
    /** The retry delay of a failed token renewal or login. */
    static final Duration RETRY_DELAY = Duration.ofSeconds(30);

    private final VaultSettings settings;
    private final ScheduledExecutorService scheduler;
    private volatile Vault vault;
    private ScheduledFuture<?> renewal;
    private boolean closed;

    /**
     * A client that logs in on first use.
     *
     * @param scheduler where token renewals run; owned by the caller
     */
    public VaultClient(VaultSettings settings, ScheduledExecutorService scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    /** Logs in now (if not yet logged in); a later failure of the token's renewal leads to a new login. */
    public void authenticate() throws VaultFailure {
        session();
    }

    /**
     * Reads two fields of a KV v2 secret: {@code GET /v1/<mount>/data/<path>}.
     *
     * @throws VaultFailure {@code SECRET_MISSING} on 404 or a deleted secret, {@code FIELD_MISSING} when a field is
     *                      absent or not a string, else as {@link VaultFailure#forStatus}
     */
    public UpstreamSecret readKv(String mount, String path, String usernameField, String passwordField)
            throws VaultFailure {
        String operation = "KV read of " + mount + "/" + path;
        LogicalResponse response = withLogin(operation, vault -> vault.logical().read(mount + "/data/" + path));
        int status = response.getRestResponse().getStatus();
        if (status != 200) {
            throw VaultFailure.forStatus(operation, status, settings.baseAddress());
        }
        JsonObject envelope = response.getDataObject();
        JsonValue data = envelope == null ? null : envelope.get("data");
        if (data == null || !data.isObject()) {
            throw new VaultFailure(UpstreamSecretException.Reason.SECRET_MISSING, status,
                    operation + ": the secret has no current version (deleted or destroyed)");
        }
        String user = stringField(data.asObject(), usernameField, operation);
        String password = stringField(data.asObject(), passwordField, operation);
        char[] chars = password.toCharArray();
        try {
            return UpstreamSecret.of(user, chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Asks the database engine for a fresh credential: {@code GET /v1/<mount>/creds/<role>}.
     *
     * @return the credential with Vault's lease id and lease duration
     */
    public UpstreamSecret databaseCredentials(String mount, String role) throws VaultFailure {
        String operation = "database credentials of " + mount + "/creds/" + role;
        DatabaseResponse response = withLogin(operation, vault -> vault.database(mount).creds(role));
        int status = response.getRestResponse().getStatus();
        if (status != 200) {
            throw VaultFailure.forStatus(operation, status, settings.baseAddress());
        }
        DatabaseCredential credential = response.getCredential();
        if (credential == null || credential.getUsername() == null || credential.getPassword() == null
                || response.getLeaseId() == null || response.getLeaseId().isEmpty()
                || response.getLeaseDuration() == null) {
            throw new VaultFailure(UpstreamSecretException.Reason.VAULT_ERROR, status,
                    operation + ": the answer lacks username, password, lease_id or lease_duration");
        }
        char[] chars = credential.getPassword().toCharArray();
        try {
            return UpstreamSecret.leased(credential.getUsername(), chars, response.getLeaseId(),
                    Duration.ofSeconds(response.getLeaseDuration()));
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Renews a secret's lease ({@code /v1/sys/leases/renew}).
     *
     * @return the lease duration Vault granted (it may be shorter than asked, up to the role's max TTL)
     */
    public Duration renewLease(String vaultLeaseId, Duration increment) throws VaultFailure {
        String operation = "lease renewal";
        VaultResponse response = withLogin(operation,
                vault -> vault.leases().renew(vaultLeaseId, increment.toSeconds()));
        try {
            JsonObject body = Json.parse(new String(response.getRestResponse().getBody(), StandardCharsets.UTF_8))
                    .asObject();
            return Duration.ofSeconds(body.getLong("lease_duration", 0));
        } catch (RuntimeException e) {
            throw new VaultFailure(UpstreamSecretException.Reason.VAULT_ERROR, 200,
                    operation + ": the answer is not the JSON Vault documents");
        }
    }

    /** Revokes a secret's lease ({@code /v1/sys/leases/revoke}); Vault then drops the database user. */
    public void revokeLease(String vaultLeaseId) throws VaultFailure {
        withLogin("lease revocation", vault -> vault.leases().revoke(vaultLeaseId));
    }

    /** Renews the token now ({@code POST /v1/auth/token/renew-self}) and schedules the next renewal. */
    public void renewToken() throws VaultFailure {
        Vault current = session();
        AuthResponse response;
        try {
            response = current.auth().renewSelf();
        } catch (VaultException e) {
            throw VaultFailure.forStatus("token renewal", e.getHttpStatusCode(), settings.baseAddress());
        }
        scheduleRenewal(Duration.ofSeconds(response.getAuthLeaseDuration()), response.isAuthRenewable());
    }

    /** Cancels the token renewal; the token itself is left to expire (it may be shared with other processes). */
    @Override
    public synchronized void close() {
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        vault = null;
    }

    /**
     * Sends a request with the current token. Under AppRole, a 403 (the token expired or was revoked) leads to one
     * new login and one more try.
     */
    private <T extends VaultResponse> T withLogin(String operation, Request<T> request) throws VaultFailure {
        try {
            T response = request.send(session());
            if (response.getRestResponse().getStatus() != 403 || !(settings.auth() instanceof VaultSettings.AppRole)) {
                return response;
            }
        } catch (VaultException e) {
            if (e.getHttpStatusCode() != 403 || !(settings.auth() instanceof VaultSettings.AppRole)) {
                throw VaultFailure.forStatus(operation, e.getHttpStatusCode(), settings.baseAddress());
            }
        }
        LOG.info("Vault refused the token for {}; logging in again with AppRole", operation);
        try {
            return request.send(login());
        } catch (VaultException again) {
            throw VaultFailure.forStatus(operation, again.getHttpStatusCode(), settings.baseAddress());
        }
    }

    private Vault session() throws VaultFailure {
        Vault current = vault;
        return current != null ? current : login();
    }

    /** Logs in afresh and installs the new token. */
    private synchronized Vault login() throws VaultFailure {
        if (closed) {
            throw new VaultFailure(UpstreamSecretException.Reason.CLOSED, 0, "the Vault client is closed");
        }
        Vault fresh;
        if (settings.auth() instanceof VaultSettings.TokenFile tokenFile) {
            fresh = driver(readSecret(tokenFile.tokenFile(), "token file"));
            LookupResponse self;
            try {
                self = fresh.auth().lookupSelf();
            } catch (VaultException e) {
                throw VaultFailure.forStatus("token lookup", e.getHttpStatusCode(), settings.baseAddress());
            }
            vault = fresh;
            scheduleRenewal(Duration.ofSeconds(self.getTTL()), self.isRenewable());
            LOG.info("Logged in to Vault at {} with a token file (ttl {} s, renewable {})", settings.baseAddress(),
                    self.getTTL(), self.isRenewable());
        } else if (settings.auth() instanceof VaultSettings.AppRole appRole) {
            String roleId = readSecret(appRole.roleIdFile(), "role_id file");
            String secretId = readSecret(appRole.secretIdFile(), "secret_id file");
            AuthResponse response;
            try {
                response = driver(null).auth().loginByAppRole(appRole.mount(), roleId, secretId);
            } catch (VaultException e) {
                throw VaultFailure.forStatus("AppRole login", e.getHttpStatusCode(), settings.baseAddress());
            }
            String token = response.getAuthClientToken();
            if (token == null || token.isEmpty()) {
                throw new VaultFailure(UpstreamSecretException.Reason.VAULT_ERROR, 200,
                        "AppRole login: the answer has no client token");
            }
            fresh = driver(token);
            vault = fresh;
            scheduleRenewal(Duration.ofSeconds(response.getAuthLeaseDuration()), response.isAuthRenewable());
            LOG.info("Logged in to Vault at {} with AppRole at auth/{} (ttl {} s, renewable {})",
                    settings.baseAddress(), appRole.mount(), response.getAuthLeaseDuration(),
                    response.isAuthRenewable());
        } else {
            throw new IllegalStateException("unknown Vault auth " + settings.auth().getClass().getSimpleName());
        }
        return fresh;
    }

    private synchronized void scheduleRenewal(Duration ttl, boolean renewable) {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
        if (closed || !renewable || ttl.isZero() || ttl.isNegative()) {
            return;
        }
        long delay = Math.max(1, ttl.toMillis() * 2 / 3);
        renewal = scheduler.schedule(this::renewInBackground, delay, TimeUnit.MILLISECONDS);
    }

    private void renewInBackground() {
        try {
            renewToken();
        } catch (VaultFailure renewFailure) {
            if (settings.auth() instanceof VaultSettings.AppRole) {
                try {
                    login();
                    return;
                } catch (VaultFailure loginFailure) {
                    LOG.warn("Vault token renewal failed ({}) and a new AppRole login failed ({}); retrying in {}",
                            renewFailure.getMessage(), loginFailure.getMessage(), RETRY_DELAY);
                }
            } else {
                LOG.warn("Vault token renewal failed ({}); retrying in {}", renewFailure.getMessage(), RETRY_DELAY);
            }
            synchronized (this) {
                if (!closed) {
                    renewal = scheduler.schedule(this::renewInBackground, RETRY_DELAY.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private String readSecret(java.nio.file.Path file, String what) throws VaultFailure {
        char[] chars;
        try {
            chars = SecretFiles.firstLine(file);
        } catch (IOException e) {
            throw new VaultFailure(UpstreamSecretException.Reason.SOURCE_UNREADABLE, 0,
                    "Vault " + what + ": " + e.getMessage());
        }
        try {
            return new String(chars).strip();
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private Vault driver(String token) throws VaultFailure {
        int timeout = (int) Math.max(1, settings.requestTimeout().toSeconds());
        try {
            VaultConfig config = new VaultConfig()
                    .environmentLoader(new NoEnvironment())
                    .address(settings.baseAddress())
                    .openTimeout(timeout)
                    .readTimeout(timeout)
                    .engineVersion(1);
            if (token != null) {
                config.token(token);
            }
            if (settings.namespace().isPresent()) {
                config.nameSpace(settings.namespace().get());
            }
            if (settings.caFile().isPresent()) {
                config.sslConfig(new SslConfig().verify(true).pemFile(settings.caFile().get().toFile()).build());
            }
            return Vault.create(config.build());
        } catch (VaultException e) {
            throw new VaultFailure(settings.caFile().isPresent() ? UpstreamSecretException.Reason.SOURCE_UNREADABLE
                    : UpstreamSecretException.Reason.VAULT_ERROR, 0, "Vault client configuration for "
                    + settings.baseAddress() + " is invalid" + settings.caFile().map(f -> " (is the CA file " + f
                    + " a readable PEM certificate?)").orElse(""));
        }
    }

    private static String stringField(JsonObject data, String field, String operation) throws VaultFailure {
        JsonValue value = data.get(field);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw new VaultFailure(UpstreamSecretException.Reason.FIELD_MISSING, 200,
                    operation + ": field '" + field + "' is missing or not a non-empty string");
        }
        return value.asString();
    }

    @FunctionalInterface
    private interface Request<T> {
        T send(Vault vault) throws VaultException;
    }

    /** The driver reads nothing from the environment or the home directory: everything comes from the settings. */
    private static final class NoEnvironment extends EnvironmentLoader {
        private static final long serialVersionUID = 1L;

        @Override
        public String loadVariable(String name) {
            return null;
        }
    }
}
