package dev.phiguard.cli.lease;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.phiguard.cli.client.BrokerClient;
import dev.phiguard.cli.client.DatabaseCredential;
import dev.phiguard.cli.client.Lease;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credential in the forms a job uses: libpq's environment variables (for a command's environment), shell
 * lines for {@code eval "$(phiguard lease ...)"}, or one JSON object. These are the only places the password is
 * written.
 */
public final class CredentialOutput {
    private CredentialOutput() {}

    /** PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE and DATABASE_URL, in that order (a part the
     * broker left out is left out). */
    public static Map<String, String> variables(DatabaseCredential c) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PGHOST", c.host());
        vars.put("PGPORT", Integer.toString(c.port()));
        vars.put("PGUSER", c.user());
        vars.put("PGPASSWORD", c.password());
        vars.put("PGDATABASE", c.database());
        vars.put("PGSSLMODE", c.sslmode());
        vars.put("DATABASE_URL", databaseUrl(c));
        vars.values().removeIf(java.util.Objects::isNull);
        return vars;
    }

    /** {@code export NAME='value'} lines, quoted so that {@code eval} reproduces every value exactly. */
    public static String env(DatabaseCredential c) {
        StringBuilder sb = new StringBuilder();
        variables(c).forEach((name, value) ->
                sb.append("export ").append(name).append('=').append(ShellQuote.quote(value)).append('\n'));
        return sb.toString();
    }

    /** One JSON object: the lease id and expiry, and every part of the credential. */
    public static String json(Lease lease, DatabaseCredential c) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("lease", lease.id());
        object.put("expiresAt", lease.expiresAt());
        object.put("host", c.host());
        object.put("port", c.port());
        object.put("user", c.user());
        object.put("password", c.password());
        object.put("database", c.database());
        object.put("sslmode", c.sslmode());
        object.put("databaseUrl", databaseUrl(c));
        try {
            return BrokerClient.mapper().writeValueAsString(object) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the credential as JSON");
        }
    }

    /** {@code postgresql://user:password@host:port/database?sslmode=...}, each part percent-encoded. */
    static String databaseUrl(DatabaseCredential c) {
        String host = c.host().contains(":") && !c.host().startsWith("[") ? "[" + c.host() + "]" : c.host();
        return "postgresql://" + encode(c.user()) + ":" + encode(c.password()) + "@" + host + ":" + c.port() + "/"
                + encode(c.database()) + (c.sslmode() == null ? "" : "?sslmode=" + encode(c.sslmode()));
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
