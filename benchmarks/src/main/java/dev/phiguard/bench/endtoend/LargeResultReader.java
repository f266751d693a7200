package dev.phiguard.bench.endtoend;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

/**
 * Reads one large result through pgjdbc, streaming it (autocommit off, a fetch size, so the driver holds one batch of
 * rows at a time) and touching every value as a string, as an extract job would. Connection details come from the
 * environment ({@link PgEnv}). Usage: {@code LargeResultReader FETCH_SIZE SQL}. Prints one JSON object:
 * {@code {"rows":N,"chars":N,"seconds":S}}, the time running from sending the query to reading the last row.
 */
public final class LargeResultReader {

    private LargeResultReader() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LargeResultReader FETCH_SIZE SQL");
            System.exit(2);
        }
        int fetchSize = Integer.parseInt(args[0]);
        PgEnv env = PgEnv.fromEnvironment(System.getenv());
        try (Connection connection = env.connect(Map.of())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(fetchSize);
                long start = System.nanoTime();
                long rows = 0;
                long chars = 0;
                try (ResultSet result = statement.executeQuery(args[1])) {
                    int columns = result.getMetaData().getColumnCount();
                    while (result.next()) {
                        rows++;
                        for (int i = 1; i <= columns; i++) {
                            String value = result.getString(i);
                            chars += value == null ? 0 : value.length();
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                connection.commit();
                System.out.printf("{\"rows\":%d,\"chars\":%d,\"seconds\":%.3f}%n", rows, chars, seconds);
            }
        }
    }
}
