package dev.phiguard.cli.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reads PostgreSQL's lock table: how many backends wait for a lock (a test's way to know a query is blocked). */
public final class Locks {

    private Locks() {
    }

    /** The number of lock requests not granted, seen from {@code connection} (which must not itself wait). */
    public static int waiting(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
