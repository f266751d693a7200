package dev.phiguard.cli;

import dev.phiguard.sampledata.EmbeddedTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL that {@code phiguard server} fronts: the embedded target it started itself, or an existing server
 * named by {@code --target-env FILE} (used by {@code scripts/bench}, so that a direct connection, PgBouncer and
 * phiguard in both modes measure the same server). The password never appears in {@link #toString()}.
 */
final class UpstreamDatabase implements AutoCloseable {
    private static final List<String> KEYS = List.of("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE");

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String description;
    private final AutoCloseable owned;

    private UpstreamDatabase(String host, int port, String database, String user, String password,
            String description, AutoCloseable owned) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.description = description;
        this.owned = owned;
    }

    /** The embedded target, closed with this. */
    static UpstreamDatabase embedded(EmbeddedTarget target) {
        return new UpstreamDatabase(target.host(), target.port(), target.database(), target.appUser(),
                target.appPassword(), "embedded PostgreSQL 17, database " + target.database() + ", "
                        + target.patientCount() + " synthetic patients", target);
    }

    /**
     * An existing server from a file of {@code KEY=VALUE} lines holding PGHOST, PGPORT, PGUSER, PGPASSWORD and
     * PGDATABASE. The file holds a password, so it must not be readable by group or others.
     *
     * @throws ExitCodes.UserFacingException naming the file and the missing or invalid key (never a value)
     */
    static UpstreamDatabase fromEnvFile(Path file) {
        Map<String, String> values = new HashMap<>();
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                throw usage(file, "must be readable by its owner only (chmod 600)");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new ExitCodes.UserFacingException(ExitCodes.USAGE, "--target-env " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        for (String key : KEYS) {
            if (values.getOrDefault(key, "").isEmpty()) {
                throw usage(file, key + " is missing");
            }
        }
        int port;
        try {
            port = Integer.parseInt(values.get("PGPORT"));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw usage(file, "PGPORT must be a port number 1..65535");
        }
        String host = values.get("PGHOST");
        String database = values.get("PGDATABASE");
        return new UpstreamDatabase(host, port, database, values.get("PGUSER"), values.get("PGPASSWORD"),
                "existing PostgreSQL " + host + ":" + port + ", database " + database, () -> { });
    }

    private static ExitCodes.UserFacingException usage(Path file, String problem) {
        return new ExitCodes.UserFacingException(ExitCodes.USAGE, "--target-env " + file + ": " + problem, null);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String database() {
        return database;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** One line for the start-up banner. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the target", e);
        }
    }

    @Override
    public String toString() {
        return "UpstreamDatabase[" + host + ":" + port + "/" + database + ", user=" + user + "]";
    }
}
