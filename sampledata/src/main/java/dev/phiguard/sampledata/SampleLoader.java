package dev.phiguard.sampledata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the sample tables and fills them with {@code COPY ... FROM STDIN}, streaming rows from a
 * {@link SyntheticPatients} generator as PostgreSQL reads them, so memory use does not grow with the row count.
 *
 * <p>The two tables are loaded in parallel on two connections. Each table is created and filled in one transaction
 * with {@code COPY ... (FORMAT binary, FREEZE)}: binary rows spare the server parsing dates and timestamps (about
 * half its COPY time), no WAL is written with {@code wal_level=minimal}, and frozen rows need no later hint-bit
 * writes. The text-format encoders ({@link Patient#appendCopyText}) produce the same rows. Primary keys, the
 * unique MRN and the index on {@code encounters.patient_id} are added and each table analysed as soon as its rows
 * are in; the foreign key is added last. The data source must log in as a role that may create tables in
 * {@code public}.
 */
public final class SampleLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SampleLoader.class);
    private static final int COPY_BUFFER_BYTES = 256 * 1024;

    private final SyntheticPatients generator;

    /** @param generator the source of rows */
    public SampleLoader(SyntheticPatients generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /**
     * Creates {@code public.patients} and {@code public.encounters} and loads patients {@code 1..patients} with
     * their encounters. Fails if either table already exists.
     *
     * @param dataSource where to load; two connections are open at the same time
     * @param patients   number of patients, {@code 0..}{@link SyntheticPatients#MAX_PATIENTS}
     * @return the row counts and the time taken
     * @throws SQLException when PostgreSQL refuses a statement; tables may then be partly created
     */
    public LoadResult load(DataSource dataSource, long patients) throws SQLException {
        Objects.requireNonNull(dataSource, "dataSource");
        SyntheticPatients.checkCount(patients);
        long started = System.nanoTime();
        TableLoad patientTable = new TableLoad(SampleSchema.CREATE_PATIENTS,
                SampleSchema.copyPatients(CopyFormat.BINARY), () -> generator.patientsCopyBinary(patients),
                append(SampleSchema.PATIENT_KEYS, SampleSchema.ANALYZE_PATIENTS));
        TableLoad encounterTable = new TableLoad(SampleSchema.CREATE_ENCOUNTERS,
                SampleSchema.copyEncounters(CopyFormat.BINARY), () -> generator.encountersCopyBinary(patients),
                append(SampleSchema.ENCOUNTER_KEYS, SampleSchema.ANALYZE_ENCOUNTERS));
        ExecutorService executor = Executors.newFixedThreadPool(2, loaderThreads());
        try {
            CompletableFuture<Long> patientRows = CompletableFuture.supplyAsync(
                    () -> patientTable.runOn(dataSource), executor);
            CompletableFuture<Long> encounterRows = CompletableFuture.supplyAsync(
                    () -> encounterTable.runOn(dataSource), executor);
            long patientCount = await(patientRows, encounterRows);
            long encounterCount = await(encounterRows, patientRows);
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                long step = System.nanoTime();
                statement.execute(SampleSchema.ENCOUNTERS_FOREIGN_KEY);
                LOG.debug("foreign key validated in {} ms", millisSince(step));
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("Loaded {} patients and {} encounters in {} ms", patientCount, encounterCount,
                    elapsed.toMillis());
            return new LoadResult(patientCount, encounterCount, elapsed);
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * One table: created and filled in one transaction, then {@code afterCopy} (keys, ANALYZE) in autocommit.
     */
    private record TableLoad(String createTable, String copy, Supplier<InputStream> rows, List<String> afterCopy) {

        long runOn(DataSource dataSource) {
            try (Connection connection = dataSource.getConnection(); InputStream stream = rows.get()) {
                long copied = createAndCopy(connection, stream);
                try (Statement statement = connection.createStatement()) {
                    for (String sql : afterCopy) {
                        long started = System.nanoTime();
                        statement.execute(sql);
                        LOG.debug("{} took {} ms", sql, millisSince(started));
                    }
                }
                return copied;
            } catch (SQLException e) {
                throw new CompletionException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("could not stream generated rows into PostgreSQL", e);
            }
        }

        private long createAndCopy(Connection connection, InputStream stream) throws SQLException, IOException {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute(createTable);
                long started = System.nanoTime();
                long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(copy, stream, COPY_BUFFER_BYTES);
                connection.commit();
                LOG.debug("{} rows copied in {} ms", copied, millisSince(started));
                return copied;
            } catch (SQLException | IOException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** Waits for {@code first}; when it failed, lets {@code other} finish too so no connection outlives the call. */
    private static long await(CompletableFuture<Long> first, CompletableFuture<Long> other) throws SQLException {
        try {
            return first.get();
        } catch (ExecutionException e) {
            try {
                other.join();
            } catch (CompletionException | CancellationException ignored) {
                // the first failure is the one reported
            }
            Throwable cause = e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("loading sample data failed", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while loading sample data", e);
        }
    }

    private static List<String> append(List<String> statements, String last) {
        return Stream.concat(statements.stream(), Stream.of(last)).toList();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static ThreadFactory loaderThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "sampledata-loader-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
