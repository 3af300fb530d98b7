package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.CommitEvents;
import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * Announces commits made by other processes on the same database as Event Admin commit events. On
 * PostgreSQL a commit sends a NOTIFY and this thread LISTENs; on H2 and MariaDB it polls the commit
 * log. Either way it reads the log from the last commit it saw, so none is skipped, and skips the
 * commits of its own store (those are announced when they are made).
 */
final class ChangeFeed {

    private static final System.Logger LOG = System.getLogger(ChangeFeed.class.getName());
    /** Even with notifications, look at the log this often: a NOTIFY sent while reconnecting is lost. */
    private static final long SAFETY_POLL_MS = 5000;
    /** How long one wait for a notification lasts; closing the store waits at most this long for the feed. */
    private static final long LISTEN_WAIT_MS = 200;
    private static final int PAGE = 500;

    private final CommitLog log;
    private final JdbcStoreOptions options;
    private final UUID origin;
    private final String name;
    private final Dialect dialect;
    private final Pool pool;
    private final EventAdmin events;
    private final Duration pollInterval;
    private volatile boolean stopped;
    private Thread thread;
    private long lastSeen;
    private Connection listening;

    ChangeFeed(StoreContext s, CommitLog log, EventAdmin events) {
        this.log = log;
        this.options = s.options;
        this.origin = s.origin;
        this.name = s.name;
        this.dialect = s.dialect;
        this.pool = s.pool;
        this.events = events;
        this.pollInterval = s.options.pollInterval();
    }

    /** The NOTIFY channel of a store's schema. */
    static String channel(JdbcStoreOptions options) {
        return Catalog.name("strata_" + (options.schema().isEmpty() ? "default" : options.schema()), 60);
    }

    void start(long afterSequence) {
        lastSeen = afterSequence;
        thread = new Thread(this::run, "strata-jdbc-feed-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (listening != null) {
            Pool.closeQuietly(listening);
        }
    }

    private void run() {
        long lastPoll = 0;
        int failures = 0;
        while (!stopped) {
            try {
                boolean due;
                if (dialect == Dialect.POSTGRESQL) {
                    due = awaitNotification() || System.currentTimeMillis() - lastPoll > SAFETY_POLL_MS;
                } else {
                    Thread.sleep(pollInterval.toMillis());
                    due = true;
                }
                if (due && !stopped) {
                    lastPoll = System.currentTimeMillis();
                    publishNewCommits();
                }
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (stopped) {
                    return;
                }
                if (failures++ == 0) {
                    LOG.log(System.Logger.Level.WARNING, "Store '" + name
                            + "': cannot follow commits of other processes for now; retrying", e);
                }
                if (listening != null) {
                    Pool.closeQuietly(listening);
                    listening = null;
                }
                try {
                    Thread.sleep(Math.min(10_000, 500L * failures));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private boolean awaitNotification() throws SQLException {
        if (listening == null) {
            listening = pool.connect();
            try (Statement s = listening.createStatement()) {
                s.execute("LISTEN " + dialect.quote(channel(options)));
            }
        }
        // Short waits: an interrupt does not end a socket read, so stop() waits for the current one.
        org.postgresql.PGNotification[] got = listening.unwrap(org.postgresql.PGConnection.class)
                .getNotifications((int) Math.min(LISTEN_WAIT_MS, SAFETY_POLL_MS));
        return got != null && got.length > 0;
    }

    private void publishNewCommits() {
        while (!stopped) {
            List<CommitLog.Logged> page = log.after(lastSeen, PAGE);
            for (CommitLog.Logged l : page) {
                lastSeen = l.sequence();
                if (!l.origin().equals(origin) && !l.changes().isEmpty()) {
                    events.postEvent(CommitEvents.of(name, l.changes(), Summary.result(l.changes(), l.sequence(), false)));
                }
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}
