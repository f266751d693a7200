package dev.phiguard.sampledata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one {@link EmbeddedTarget} up: fresh cluster with the superuser's password set by {@code initdb}, our
 * {@code postgresql.conf} settings and {@code pg_hba.conf} in place before the server first accepts a connection
 * (so there is never a moment of {@code trust}), then database, application role and sample rows. On any failure
 * everything started so far is stopped again.
 */
final class TargetStarter {

    private static final Logger LOG = LoggerFactory.getLogger(TargetStarter.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);
    private static final String APPLICATION_NAME = "phiguard-embedded-target";

    private final TargetSettings settings;
    private final SecureRandom random;

    TargetStarter(TargetSettings settings, SecureRandom random) {
        this.settings = settings;
        this.random = random;
    }

    EmbeddedTarget start() {
        long started = System.nanoTime();
        if (settings.tls() != null) {
            settings.tls().validate();
        }
        int port = settings.port() == 0 ? LoopbackPorts.free() : settings.port();
        if (settings.port() != 0) {
            LoopbackPorts.requireFree(port);
        }
        boolean temporary = settings.dataDirectory() == null;
        Path dataDirectory = temporary ? createTemporaryDataDirectory() : requireUsableDataDirectory();
        // datafaker's first use costs about a second: build the generator while the server starts
        CompletableFuture<SyntheticPatients> generator = CompletableFuture.supplyAsync(
                () -> new SyntheticPatients(settings.seed()), command -> daemon(command).start());
        char[] superuserPassword = Passwords.generate(random);
        char[] appPassword = Passwords.generate(random);
        EmbeddedPostgres postgres = null;
        boolean ready = false;
        try {
            postgres = startServer(dataDirectory, temporary, port, superuserPassword);
            long serverReady = System.nanoTime();
            PGSimpleDataSource superuser = dataSource(port, EmbeddedTarget.DATABASE, superuserPassword);
            createDatabase(dataSource(port, "postgres", superuserPassword));
            try (Connection connection = superuser.getConnection()) {
                AppRole.create(connection, EmbeddedTarget.APP_USER, EmbeddedTarget.DATABASE,
                        EmbeddedTarget.SCRATCH_SCHEMA);
                AppRole.storePassword(connection, EmbeddedTarget.APP_USER, appPassword, settings.authMethod());
            }
            LoadResult load = new SampleLoader(awaitGenerator(generator)).load(superuser, settings.patients());
            try (Connection connection = superuser.getConnection()) {
                AppRole.grantRead(connection, EmbeddedTarget.APP_USER);
            }
            Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
            EmbeddedTarget target = new EmbeddedTarget(postgres, port, dataDirectory, settings.tls() != null,
                    appPassword, superuser, generator.join(), load, settings.authMethod(), startupTime);
            LOG.info("{} ready in {} ms (server {} ms, {} patients + {} encounters loaded in {} ms)", target,
                    startupTime.toMillis(), Duration.ofNanos(serverReady - started).toMillis(), load.patients(),
                    load.encounters(), load.elapsed().toMillis());
            ready = true;
            return target;
        } catch (EmbeddedTargetException e) {
            throw e;
        } catch (RuntimeException | SQLException e) {
            throw new EmbeddedTargetException(failureMessage(port, dataDirectory, e), e);
        } finally {
            Arrays.fill(superuserPassword, '\0');
            if (!ready) {
                Arrays.fill(appPassword, '\0');
                stopQuietly(postgres);
                if (temporary) {
                    deleteQuietly(dataDirectory);
                }
            }
        }
    }

    private EmbeddedPostgres startServer(Path dataDirectory, boolean temporary, int port, char[] superuserPassword) {
        Path passwordFile = writePasswordFile(superuserPassword);
        try {
            return EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(temporary)
                    // initdb options (zonky passes each as --key=value)
                    .setLocaleConfig("locale", "C")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    // used by zonky's readiness probe; pg_hba.conf demands SCRAM from the first connection on
                    .setConnectConfig("password", new String(superuserPassword))
                    .setConnectConfig("ApplicationName", APPLICATION_NAME)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setDataDirectoryCustomizer(directory -> {
                        deleteFile(passwordFile);
                        prepareDataDirectory(directory.toPath());
                    })
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteFile(passwordFile);
        }
    }

    /** Runs between {@code initdb} and the first server start. */
    private void prepareDataDirectory(Path directory) {
        try {
            ServerSettings.appendTo(directory, EmbeddedTarget.HOST, settings.tls() != null);
            PgHbaFile.write(directory, PgHbaFile.render(EmbeddedTarget.DATABASE, EmbeddedTarget.SUPERUSER,
                    EmbeddedTarget.APP_USER, settings.authMethod()));
            if (settings.tls() != null) {
                settings.tls().installInto(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not configure data directory " + directory, e);
        }
    }

    private static void createDatabase(PGSimpleDataSource maintenance) throws SQLException {
        try (Connection connection = maintenance.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + EmbeddedTarget.DATABASE + " OWNER " + EmbeddedTarget.SUPERUSER
                    + " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'");
        }
    }

    private static PGSimpleDataSource dataSource(int port, String database, char[] password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {EmbeddedTarget.HOST});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(EmbeddedTarget.SUPERUSER);
        dataSource.setPassword(new String(password));
        dataSource.setApplicationName(APPLICATION_NAME);
        return dataSource;
    }

    /** initdb reads the superuser's password from a file: it must not appear in any process argument. */
    private static Path writePasswordFile(char[] password) {
        try {
            Path file = Files.createTempFile("phiguard-pg-", ".pw",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] bytes = new byte[password.length];
            for (int i = 0; i < password.length; i++) {
                bytes[i] = (byte) password[i]; // URL-safe base64: ASCII only
            }
            try {
                Files.write(file, bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the initdb password file", e);
        }
    }

    /**
     * A fresh directory inside zonky's working directory: should this JVM die without closing the target, a later
     * start (in any JVM) finds the stale, unlocked directory there, stops its postmaster and deletes it.
     */
    private static Path createTemporaryDataDirectory() {
        Path workingDirectory = Path.of(System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
        try {
            Files.createDirectories(workingDirectory);
            return Files.createTempDirectory(workingDirectory, "phiguard-pg-");
        } catch (IOException e) {
            throw new EmbeddedTargetException("could not create a temporary data directory", e);
        }
    }

    private Path requireUsableDataDirectory() {
        Path directory = settings.dataDirectory().toAbsolutePath();
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new EmbeddedTargetException("data directory " + directory + " is not a directory");
            }
            if (!isEmptyOrAbsent(directory)) {
                throw new EmbeddedTargetException("data directory " + directory
                        + " is not empty; EmbeddedTarget initialises a fresh cluster and needs an empty or absent"
                        + " directory");
            }
            Files.createDirectories(directory);
            return directory;
        } catch (IOException e) {
            throw new EmbeddedTargetException("data directory " + directory + " cannot be used", e);
        }
    }

    private static SyntheticPatients awaitGenerator(CompletableFuture<SyntheticPatients> generator) {
        try {
            return generator.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("could not build the synthetic patient generator", e.getCause());
        }
    }

    private static String failureMessage(int port, Path dataDirectory, Throwable cause) {
        StringBuilder message = new StringBuilder("could not start embedded PostgreSQL on ")
                .append(EmbeddedTarget.HOST).append(':').append(port)
                .append(" (data directory ").append(dataDirectory).append(')');
        if (!LoopbackPorts.isFree(port)) {
            message.append(": port ").append(port).append(" is in use by another process");
        } else if (cause.getMessage() != null) {
            message.append(": ").append(cause.getMessage());
        }
        return message.toString();
    }

    private static boolean isEmptyOrAbsent(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void stopQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not stop PostgreSQL after a failed start", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete data directory {} after a failed start", directory, e);
        }
    }

    private static void deleteFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + file, e);
        }
    }

    private static Thread daemon(Runnable runnable) {
        Thread thread = new Thread(runnable, "sampledata-generator-init");
        thread.setDaemon(true);
        return thread;
    }
}
