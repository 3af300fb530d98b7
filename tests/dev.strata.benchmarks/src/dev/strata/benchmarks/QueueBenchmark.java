package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.store.ForwardingStore;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;

/**
 * Issue #16's write-behind figure: the latency of a one-change commit (one task's title, through a
 * session) through a queue over the JDBC store on PostgreSQL, against the same commit to PostgreSQL
 * directly and to the file store (journal appended and forced to disk). Each store gets 100 warm-up
 * commits, then 1,000 measured ones, each changing another task; the figures are medians and
 * percentiles of those. The queue's journal is forced to disk as in production. Writes
 * target/benchmarks/queue.md.
 */
class QueueBenchmark {

    private static final String PG_URL = env("STRATA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("STRATA_BENCH_PG_USER", "postgres");
    private static final String SCHEMA = "strata_bench_queue";
    private static final String DIRECT_SCHEMA = "strata_bench_queue_direct";
    private static final String HELD_SCHEMA = "strata_bench_queue_held";
    private static final int TASKS = 2_000;
    private static final int WARM_UP = 100;
    private static final int COMMITS = 1_000;

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    /** Microseconds of each measured commit, sorted. */
    private static long[] commits(ModelStore store) {
        return commits(store, () -> {
        });
    }

    /** The same, {@code beforeMeasuring} run once the model is committed. */
    private static long[] commits(ModelStore store, Runnable beforeMeasuring) {
        Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false).build();
        try (Session s = repo.openSession()) {
            Project p = s.add(Models.project(TASKS, 0));
            s.commit();
            beforeMeasuring.run();
            long[] us = new long[COMMITS];
            for (int i = 0; i < WARM_UP + COMMITS; i++) {
                p.getTasks().get(i % TASKS).setTitle("title " + i);
                long t0 = System.nanoTime();
                s.commit();
                long t = (System.nanoTime() - t0) / 1000;
                if (i >= WARM_UP) {
                    us[i - WARM_UP] = t;
                }
            }
            Arrays.sort(us);
            return us;
        }
    }

    private static String row(String what, long[] us) {
        return String.format("| %s | %d | %d | %d | %d |%n", what, us[us.length / 2], us[us.length * 9 / 10],
                us[us.length * 99 / 100], us[us.length - 1]);
    }

    @Test
    void run() throws Exception {
        dropSchemas();
        Path files = Files.createTempDirectory("strata-bench-queue-file");
        Path journal = Files.createTempDirectory("strata-bench-queue-journal");
        try {
            long[] file;
            try (FileModelStore store = FileStores.open("bench-file", FileStoreOptions.defaults(files))) {
                file = commits(store);
            }
            long[] direct;
            try (JdbcModelStore pg = JdbcStores.open("bench-pg-direct", options(DIRECT_SCHEMA), NO_EVENTS,
                    Progress.NONE)) {
                direct = commits(pg);
            }
            long[] queued;
            long drainMs;
            String figures;
            try (JdbcModelStore pg = JdbcStores.open("bench-pg", options(SCHEMA), NO_EVENTS, Progress.NONE);
                    QueueModelStore queue = QueueStores.open("bench-queue", pg, QueueStoreOptions.defaults(journal),
                            NO_EVENTS)) {
                queued = commits(queue);
                long t0 = System.nanoTime();
                if (!queue.awaitDrained(Duration.ofMinutes(5))) {
                    throw new AssertionError("the queue did not drain: " + queue);
                }
                drainMs = (System.nanoTime() - t0) / 1_000_000;
                figures = queue.figures().toString();
            }
            // The same through a queue whose drain is held back until the commits are made, so that
            // neither the drain nor PostgreSQL compete with them for the machine's cores.
            long[] held;
            long heldDrainMs;
            Path heldJournal = Files.createTempDirectory("strata-bench-queue-held");
            try (JdbcModelStore pg = JdbcStores.open("bench-pg-held", options(HELD_SCHEMA), NO_EVENTS, Progress.NONE);
                    HeldBack gate = new HeldBack(pg);
                    QueueModelStore queue = QueueStores.open("bench-queue-held", gate,
                            QueueStoreOptions.defaults(heldJournal), NO_EVENTS)) {
                held = commits(queue, () -> {
                    awaitDrained(queue);
                    gate.hold();
                });
                long t0 = System.nanoTime();
                gate.release();
                awaitDrained(queue);
                heldDrainMs = (System.nanoTime() - t0) / 1_000_000;
            } finally {
                delete(heldJournal);
            }
            String md = "# Queue (write-behind) benchmark\n\n" + ZonedDateTime.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores, PostgreSQL on loopback, " + TASKS
                    + " tasks\n\n| a one-change commit through a session (" + COMMITS + " after " + WARM_UP
                    + " warm-up) | median µs | p90 µs | p99 µs | max µs |\n|---|---|---|---|---|\n"
                    + row("file store (journal append + fsync)", file)
                    + row("JDBC store on PostgreSQL, directly", direct)
                    + row("queue over that JDBC store (journal append + fsync, drained behind)", queued)
                    + row("the same queue, its drain held back until the last commit", held)
                    + String.format("%nThe queue's median commit is %.2f× the direct PostgreSQL commit's and %.2f× the"
                            + " file store's. After the last commit the drain needed %d ms more to reach PostgreSQL."
                            + " Figures: %s%n", queued[COMMITS / 2] / (double) direct[COMMITS / 2],
                            queued[COMMITS / 2] / (double) file[COMMITS / 2], drainMs, figures)
                    + String.format("%nWith the drain held back (nothing else using the cores) the queue's median commit"
                            + " is %.2f× the file store's; the held-back drain then needed %d ms.%n",
                            held[COMMITS / 2] / (double) file[COMMITS / 2], heldDrainMs);
            Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
            Files.createDirectories(out);
            Files.writeString(out.resolve("queue.md"), md);
            System.out.println(md);
        } finally {
            dropSchemas();
            delete(files);
            delete(journal);
        }
    }

    private static void awaitDrained(QueueModelStore queue) {
        try {
            if (!queue.awaitDrained(Duration.ofMinutes(5))) {
                throw new AssertionError("the queue did not drain: " + queue);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A store whose commits wait while it is held: the queue's drain stands still meanwhile. */
    private static final class HeldBack extends ForwardingStore implements AutoCloseable {
        private final ModelStore delegate;
        private boolean held;

        HeldBack(ModelStore delegate) {
            this.delegate = delegate;
        }

        @Override
        protected ModelStore delegate() {
            return delegate;
        }

        synchronized void hold() {
            held = true;
        }

        synchronized void release() {
            held = false;
            notifyAll();
        }

        @Override
        public CommitResult commit(ChangeSet changes) {
            synchronized (this) {
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (held && System.nanoTime() < deadline) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new dev.strata.core.StoreException("interrupted while held", e);
                    }
                }
            }
            return delegate.commit(changes);
        }

        @Override
        public void close() {
            release();
        }
    }

    private static JdbcStoreOptions options(String schema) {
        return JdbcStoreOptions.of(PG_URL).withCredentials(PG_USER, "").withSchema(schema);
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void dropSchemas() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        try (Connection c = new org.postgresql.Driver().connect(PG_URL, p); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + DIRECT_SCHEMA + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + HELD_SCHEMA + " CASCADE");
        }
    }
}
