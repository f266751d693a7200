package dev.phiguard.bench.endtoend;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL connection described by libpq's environment variables, as {@code scripts/bench} sets them for each
 * column (direct, PgBouncer, phiguard). TLS is off for every column, so that all of them pay the same.
 * The password stays out of {@link #toString()}.
 */
record PgEnv(String host, int port, String user, String database, String password) {

    /** Reads PGHOST, PGPORT, PGUSER, PGDATABASE and PGPASSWORD; fails naming the missing variable. */
    static PgEnv fromEnvironment(Map<String, String> env) {
        return new PgEnv(required(env, "PGHOST"), Integer.parseInt(required(env, "PGPORT")), required(env, "PGUSER"),
                required(env, "PGDATABASE"), required(env, "PGPASSWORD"));
    }

    /** Reads the same variables from a file of {@code NAME=value} lines ({@link EnvFile}), e.g. a lease's. */
    static PgEnv fromFile(Path file) throws IOException {
        return fromEnvironment(EnvFile.read(file));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("variable " + name + " is not set");
        }
        return value;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A new connection without TLS; {@code extra} adds pgjdbc properties (e.g. prepareThreshold). */
    Connection connect(Map<String, String> extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "disable");
        properties.setProperty("ApplicationName", "phiguard-bench");
        extra.forEach(properties::setProperty);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    @Override
    public String toString() {
        return "PgEnv[" + host + ":" + port + "/" + database + ", user=" + user + "]";
    }
}
