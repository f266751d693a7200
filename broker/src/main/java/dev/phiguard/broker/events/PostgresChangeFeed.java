package dev.phiguard.broker.events;

import dev.phiguard.broker.lease.LeaseState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of nodes that share one PostgreSQL store, over {@code LISTEN}/{@code NOTIFY} on the channel
 * {@value #CHANNEL}.
 *
 * <ul>
 *   <li>{@link #publish} delivers the change to this node's subscribers at once, then sends
 *       {@code pg_notify(channel, "<feed id> <lease id> <version> <state>")} on a publishing connection (autocommit,
 *       so after the store's own commit).</li>
 *   <li>One daemon thread per feed holds a dedicated connection that has run {@code LISTEN} and waits in
 *       {@link PGConnection#getNotifications(int)}: pgjdbc returns from it as soon as a notification arrives, so a
 *       change on another node is seen within the network round trip. The wait's timeout ({@value #WAIT_MILLIS} ms)
 *       only bounds how long {@link #close()} takes; it is not a polling interval. Notifications this feed sent
 *       itself (its random feed id) are skipped: they were delivered locally already, so each subscriber sees a
 *       change once.</li>
 *   <li>When the connection fails, the thread reconnects with exponential backoff (100 ms doubling up to 5 s) and,
 *       once listening again, tells the subscribers that changes may have been missed.</li>
 * </ul>
 * Payloads hold a lease id, a version and a state: no secret ever goes through the channel.
 */
public final class PostgresChangeFeed implements LeaseChangeFeed {

    /** The notification channel. */
    public static final String CHANNEL = "phiguard_lease_changes";
    /** The {@code application_name} of the listening connection (handy in {@code pg_stat_activity}). */
    public static final String APPLICATION_NAME = "phiguard-change-feed";
    static final int WAIT_MILLIS = 500;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);

    private final DataSource dataSource;
    private final String feedId = UUID.randomUUID().toString();
    private final Subscribers subscribers = new Subscribers();
    private final Object publishLock = new Object();
    private final Object backoffLock = new Object();
    private final Thread listener;
    private Connection publishing; // guarded by publishLock
    private volatile boolean closed;

    private PostgresChangeFeed(DataSource dataSource, Connection listening) {
        this.dataSource = dataSource;
        this.listener = new Thread(() -> listen(listening), "phiguard-change-feed");
        listener.setDaemon(true);
    }

    /**
     * Connects, runs {@code LISTEN} and starts the listening thread; returns once this node receives every change
     * published from now on.
     *
     * @throws IllegalStateException if the database cannot be reached (the message names no credential)
     */
    public static PostgresChangeFeed start(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        Connection listening;
        try {
            listening = listen(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot LISTEN for lease changes on the PostgreSQL store: SQLState "
                    + e.getSQLState());
        }
        PostgresChangeFeed feed = new PostgresChangeFeed(dataSource, listening);
        feed.listener.start();
        return feed;
    }

    @Override
    public void publish(LeaseChange change) {
        Objects.requireNonNull(change, "change");
        if (closed) {
            return;
        }
        subscribers.deliver(change);
        String payload = feedId + ' ' + change.leaseId() + ' ' + change.version() + ' ' + change.state().name();
        synchronized (publishLock) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try {
                    if (publishing == null || publishing.isClosed()) {
                        publishing = dataSource.getConnection();
                        publishing.setAutoCommit(true);
                    }
                    try (PreparedStatement notify = publishing.prepareStatement("SELECT pg_notify(?, ?)")) {
                        notify.setString(1, CHANNEL);
                        notify.setString(2, payload);
                        notify.execute();
                    }
                    return;
                } catch (SQLException e) {
                    closeQuietly(publishing);
                    publishing = null;
                    if (attempt == 2) {
                        LOG.warn("could not notify other nodes of lease {} v{} (SQLState {})", change.leaseId(),
                                change.version(), e.getSQLState());
                    }
                }
            }
        }
    }

    @Override
    public Subscription subscribe(LeaseChangeListener listener) {
        return subscribers.add(listener);
    }

    @Override
    public void close() {
        closed = true;
        synchronized (backoffLock) {
            backoffLock.notifyAll();
        }
        try {
            listener.join(WAIT_MILLIS * 4L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (publishLock) {
            closeQuietly(publishing);
            publishing = null;
        }
        subscribers.clear();
    }

    // --- the listening thread -------------------------------------------------------------------------------------

    private static Connection listen(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
            statement.execute("LISTEN " + CHANNEL);
            return connection;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void listen(Connection first) {
        Connection connection = first;
        Duration backoff = FIRST_BACKOFF;
        while (!closed) {
            if (connection == null) {
                try {
                    connection = listen(dataSource);
                    backoff = FIRST_BACKOFF;
                    LOG.info("listening for lease changes again");
                    subscribers.changesMayHaveBeenMissed();
                } catch (SQLException e) {
                    LOG.warn("cannot LISTEN for lease changes (SQLState {}); retrying in {} ms", e.getSQLState(),
                            backoff.toMillis());
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    continue;
                }
            }
            try {
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        received(notification.getParameter());
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("the lease change connection failed (SQLState {}); reconnecting", e.getSQLState());
                }
                closeQuietly(connection);
                connection = null;
            }
        }
        closeQuietly(connection);
    }

    private void received(String payload) {
        Optional<LeaseChange> change = parse(payload);
        if (change.isEmpty()) {
            LOG.warn("ignoring a malformed notification on {}", CHANNEL);
        } else if (!payload.startsWith(feedId + ' ')) {
            subscribers.deliver(change.get());
        }
    }

    static Optional<LeaseChange> parse(String payload) {
        String[] parts = payload == null ? new String[0] : payload.split(" ");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LeaseChange(parts[1], Long.parseLong(parts[2]), LeaseState.valueOf(parts[3])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void pause(Duration duration) {
        synchronized (backoffLock) {
            if (closed) {
                return;
            }
            try {
                backoffLock.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a broken connection: nothing left to release
            }
        }
    }

    @Override
    public String toString() {
        return "PostgresChangeFeed[" + CHANNEL + "]";
    }
}
