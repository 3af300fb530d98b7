package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.cache.CacheModelStore;
import dev.strata.store.cache.CacheStores;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Issue #16's cache figure: reading a task by id from a cache that holds it, against reading it
 * from the JDBC store on PostgreSQL directly (the store the cache wraps). Each figure is the median
 * of 5 rounds of reading every task once in random order, after one warm-up round. Writes
 * target/benchmarks/cache.md.
 */
class CacheBenchmark {

    private static final String PG_URL = env("STRATA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("STRATA_BENCH_PG_USER", "postgres");
    private static final String SCHEMA = "strata_bench_cache";
    private static final int TASKS = 10_000;
    private static final int ROUNDS = 5;

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** Events go nowhere: the benchmark commits nothing while it reads. */
    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    @Test
    void run() throws Exception {
        dropSchema();
        try (JdbcModelStore pg = JdbcStores.open("bench-pg",
                JdbcStoreOptions.of(PG_URL).withCredentials(PG_USER, "").withSchema(SCHEMA), NO_EVENTS, Progress.NONE)) {
            Repository repo = Repositories.builder("bench", pg).packages(TasksPackage.eINSTANCE).validate(false).build();
            List<ObjectId> ids = new ArrayList<>();
            try (Session s = repo.openSession()) {
                Project p = s.add(Models.project(TASKS, 0));
                s.commit();
                for (EObject t : p.getTasks()) {
                    ids.add(s.idOf(t));
                }
            }
            CacheModelStore cache = CacheStores.open("bench-cache", pg, TASKS * 2, NO_EVENTS);
            Collections.shuffle(ids, new Random(1));
            for (ObjectId id : ids) {
                cache.load(id); // fills the cache
            }
            long[] direct = new long[ROUNDS];
            long[] cached = new long[ROUNDS];
            for (int round = -1; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                for (ObjectId id : ids) {
                    if (pg.load(id).isEmpty()) {
                        throw new AssertionError("no task " + id + " in PostgreSQL");
                    }
                }
                long t1 = System.nanoTime();
                for (ObjectId id : ids) {
                    if (cache.load(id).isEmpty()) {
                        throw new AssertionError("no task " + id + " in the cache");
                    }
                }
                long t2 = System.nanoTime();
                if (round >= 0) {
                    direct[round] = t1 - t0;
                    cached[round] = t2 - t1;
                }
            }
            if (cache.figures().get("misses") != TASKS) {
                throw new AssertionError("reads after the first reached PostgreSQL: " + cache.figures());
            }
            double directUs = median(direct) / 1e3 / TASKS;
            double cachedUs = median(cached) / 1e3 / TASKS;
            String md = "# Cache benchmark\n\n" + ZonedDateTime.now() + ", max heap "
                    + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB, "
                    + Runtime.getRuntime().availableProcessors() + " cores, PostgreSQL on loopback\n\n"
                    + "| one task read by id (`load`), " + TASKS + " tasks in random order, median of " + ROUNDS
                    + " rounds | µs per read |\n|---|---|\n"
                    + String.format("| JDBC store on PostgreSQL, directly | %.2f |%n", directUs)
                    + String.format("| cache over it, the task held (a hit) | %.3f |%n", cachedUs)
                    + String.format("%nThe hit is %.0f× faster than the read from PostgreSQL. Figures: %s%n",
                            directUs / cachedUs, cache.figures());
            Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
            Files.createDirectories(out);
            Files.writeString(out.resolve("cache.md"), md);
            System.out.println(md);
        } finally {
            dropSchema();
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void dropSchema() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        try (Connection c = new org.postgresql.Driver().connect(PG_URL, p); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
