package dev.strata.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.strata.core.CommitResult;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ChildJvm;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * The JDBC store on the real PostgreSQL server and embedded H2: committing 100k new tasks against
 * raw PgJDBC (plain batches, rewritten batches, COPY) of the same rows, commit rate on H2, indexed
 * equality queries on 1M tasks, and walking 1.5M tasks in a 256 MB heap. PostgreSQL is reached
 * through STRATA_BENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test, user postgres).
 * Writes target/benchmarks/jdbc-store.md.
 */
class JdbcBenchmark {

    private static final String PG_URL = env("STRATA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("STRATA_BENCH_PG_USER", "postgres");
    private static final int INSERTS = 100_000;
    private static final int QUERY_TASKS = 1_000_000;
    private static final int TRAVERSE_TASKS = 1_500_000;
    private static final int QUERIES = 2_000;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final List<String> lines = new ArrayList<>();
    /**
     * The committing thread's CPU time of the last commitProject, in ms: the JVM's own work, less
     * disturbed than the wall clock by other work on a shared machine and apart from the database's.
     */
    private static double lastCpuMs;
    private final List<String> cpuNotes = new ArrayList<>();

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static JdbcStoreOptions pg(String schema) {
        return JdbcStoreOptions.of(PG_URL).withCredentials(PG_USER, "").withSchema(schema);
    }

    private static Connection rawPg(boolean rewrite) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        if (rewrite) {
            p.setProperty("reWriteBatchedInserts", "true");
        }
        return new org.postgresql.Driver().connect(PG_URL, p);
    }

    private static void dropSchema(String schema) throws Exception {
        try (Connection c = rawPg(false); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Repository repository(JdbcModelStore store) {
        return Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).build();
    }

    private static Project project(int tasks) {
        Project p = Models.project(tasks, 0);
        long base = 1_700_000_000_000L;
        int i = 0;
        for (Task t : p.getTasks()) {
            t.setCreated(new Date(base + i++));
        }
        return p;
    }

    private static double rate(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    private void line(String s) {
        System.out.println(s);
        lines.add(s);
    }

    @Test
    void run() throws Exception {
        line("## Committing " + INSERTS + " new tasks into PostgreSQL (same rows)\n");
        SameRows rows = templatePg();
        line("A session commit of " + String.format("%,d", INSERTS) + " new tasks adds " + String.format("%,d", rows.rowCount())
                + " rows: " + rows.describe() + ". The raw baselines write exactly these rows (read back from a Strata"
                + " commit) into the tables of a fresh store; rates are tasks per second.\n");
        line("| method | tasks/s | vs COPY |");
        line("|---|---|---|");
        double copy = rawInsert("COPY", rows, true);
        double rewritten = rawInsert("batch-rewritten", rows, true);
        double plain = rawInsert("batch", rows, false);
        double taskRowsOnly = rawTaskRowsCopy();
        double strata = strataInsertPg(false);
        double storeOnly = strataInsertPg(true);
        for (String[] r : new String[][] { { "raw PgJDBC COPY of the same rows", String.valueOf(copy) },
                { "raw PgJDBC batches of the same rows, reWriteBatchedInserts", String.valueOf(rewritten) },
                { "raw PgJDBC plain batches of the same rows", String.valueOf(plain) },
                { "raw PgJDBC COPY of the task rows only (one row per task; the former baseline)", String.valueOf(taskRowsOnly) },
                { "Strata session commit (JDBC store, COPY)", String.valueOf(strata) },
                { "Strata store commit of the same change set (no session work)", String.valueOf(storeOnly) } }) {
            double v = Double.parseDouble(r[1]);
            line(String.format("| %s | %,.0f | %.2f× |", r[0], v, v / copy));
        }
        line("");
        line("Strata on PostgreSQL, " + String.join("; ", cpuNotes) + ".");
        line("");
        line("## H2 (embedded default), PostgreSQL: commit rate, queries, traversal\n");
        h2AndQueries();
        StringBuilder md = new StringBuilder("# JDBC store benchmark\n\n").append(ZonedDateTime.now())
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n\n");
        lines.forEach(l -> md.append(l).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("jdbc-store.md"), md.toString());
    }

    /** The rows one session commit of INSERTS new tasks adds to PostgreSQL (untimed). */
    private SameRows templatePg() throws Exception {
        dropSchema("strata_bench_tpl");
        try (JdbcModelStore store = JdbcStores.open("bench", pg("strata_bench_tpl"))) {
            repository(store); // the model's tables and catalog rows first: not the commit's
            try (Connection c = rawPg(false)) {
                var before = SameRows.before(c, "strata_bench_tpl");
                commitProject(store, INSERTS, false);
                return SameRows.read(c, "strata_bench_tpl", before);
            }
        } finally {
            dropSchema("strata_bench_tpl");
        }
    }

    /** The same rows as a Strata commit, written by hand into a fresh store's tables: the baseline. Best of three runs. */
    private double rawInsert(String method, SameRows rows, boolean rewrite) throws Exception {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            dropSchema("strata_bench_raw");
            try (JdbcModelStore store = JdbcStores.open("bench", pg("strata_bench_raw"))) {
                repository(store); // the tables, as Strata creates them for the model
            }
            try (Connection c = rawPg(rewrite)) {
                var before = SameRows.before(c, "strata_bench_raw");
                c.setAutoCommit(false);
                long t0 = System.nanoTime();
                if (method.equals("COPY")) {
                    rows.copy(c, "strata_bench_raw");
                } else {
                    rows.insertBatches(c, "strata_bench_raw");
                }
                c.commit();
                best = Math.max(best, rate(INSERTS, System.nanoTime() - t0));
                checkWritten("raw PgJDBC " + method, rows, SameRows.read(c, "strata_bench_raw", before));
            }
        }
        dropSchema("strata_bench_raw");
        return best;
    }

    private static void checkWritten(String step, SameRows expected, SameRows written) {
        if (!written.describe().equals(expected.describe())) {
            throw new IllegalStateException(step + " wrote " + written.describe() + ", expected " + expected.describe());
        }
    }

    /** Only the task rows by COPY (one table, no object index, list or log rows), for comparison. Best of three runs. */
    private double rawTaskRowsCopy() throws Exception {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            dropSchema("strata_bench_raw");
            try (Connection c = rawPg(false)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA strata_bench_raw");
                    s.execute("CREATE TABLE strata_bench_raw.task (id UUID PRIMARY KEY, version BIGINT NOT NULL, container UUID,"
                            + " title TEXT, status TEXT, priority INTEGER, created TIMESTAMP(3) WITH TIME ZONE)");
                    s.execute("CREATE INDEX ON strata_bench_raw.task (status)");
                    s.execute("CREATE INDEX ON strata_bench_raw.task (created)");
                }
                c.setAutoCommit(false);
                UUID container = UUID.randomUUID();
                long t0 = System.nanoTime();
                StringBuilder b = new StringBuilder();
                var in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY strata_bench_raw.task FROM STDIN");
                for (int i = 0; i < INSERTS; i++) {
                    b.append(UUID.randomUUID()).append("\t1\t").append(container).append("\ttask ").append(i)
                            .append("\tOPEN\t").append(i % 5).append('\t')
                            .append(OffsetDateTime.ofInstant(new Date(1_700_000_000_000L + i).toInstant(), ZoneOffset.UTC))
                            .append('\n');
                    SameRows.send(in, b, false);
                }
                SameRows.send(in, b, true);
                c.commit();
                best = Math.max(best, rate(INSERTS, System.nanoTime() - t0));
                try (Statement s = c.createStatement();
                        var r = s.executeQuery("SELECT COUNT(*) FROM strata_bench_raw.task")) {
                    r.next();
                    if (r.getLong(1) != INSERTS) {
                        throw new IllegalStateException("raw PgJDBC COPY of the task rows: strata_bench_raw.task holds "
                                + r.getLong(1) + " rows, expected " + INSERTS);
                    }
                }
            }
        }
        dropSchema("strata_bench_raw");
        return best;
    }

    /**
     * A project of n tasks added to a session and committed, as an application does (or, with
     * storeOnly, the session's change set built first and only the store's commit timed); objects/s.
     */
    private static double commitProject(JdbcModelStore store, int n, boolean storeOnly) throws Exception {
        Repository repo = repository(store);
        String step = (storeOnly ? "Strata store commit" : "Strata session commit") + " of " + n + " new tasks ("
                + store.database() + ", " + store.name() + ")";
        String tasks = store.tableOf(TypeRef.of(TasksPackage.Literals.TASK));
        long tasksBefore = countRows(store, tasks);
        long objectsBefore = countRows(store, "strata_object");
        double rate;
        try (Session s = repo.openSession()) {
            s.add(project(n));
            dev.strata.core.ChangeSet changes = storeOnly ? s.pendingChanges() : null;
            if (storeOnly && changes.created().size() != n + 1) {
                throw new IllegalStateException(step + ": the change set creates " + changes.created().size()
                        + " objects, expected " + (n + 1));
            }
            long t0 = System.nanoTime();
            long cpu0 = CPU.getCurrentThreadCpuTime();
            CommitResult result;
            if (storeOnly) {
                result = store.commit(changes);
            } else {
                result = s.commit();
            }
            rate = rate(n, System.nanoTime() - t0);
            lastCpuMs = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6;
            if (result.sequence() < 0 || result.newVersions().size() != n + 1) {
                throw new IllegalStateException(step + ": the commit gave versions to " + result.newVersions().size()
                        + " objects (sequence " + result.sequence() + "), expected " + (n + 1));
            }
        }
        long tasksAdded = countRows(store, tasks) - tasksBefore;
        long objectsAdded = countRows(store, "strata_object") - objectsBefore;
        if (tasksAdded != n || objectsAdded != n + 1) {
            throw new IllegalStateException(step + ": " + tasks + " gained " + tasksAdded + " rows and strata_object "
                    + objectsAdded + ", expected " + n + " and " + (n + 1));
        }
        return rate;
    }

    /** A plain connection to an embedded H2 store's database. */
    private static Connection h2(JdbcStoreOptions o) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", o.user());
        p.setProperty("password", o.password());
        return new org.h2.Driver().connect(o.url(), p);
    }

    /** COUNT(*) of a table of the store, read with a connection of its own. */
    private static long countRows(JdbcModelStore store, String table) throws Exception {
        JdbcStoreOptions o = store.options();
        Properties p = new Properties();
        if (!o.user().isEmpty()) {
            p.setProperty("user", o.user());
        }
        if (!o.password().isEmpty()) {
            p.setProperty("password", o.password());
        }
        java.sql.Driver driver = store.database().equals("H2") ? new org.h2.Driver() : new org.postgresql.Driver();
        try (Connection c = driver.connect(o.url(), p)) {
            if (!o.schema().isEmpty()) {
                c.setSchema(o.schema());
            }
            try (Statement s = c.createStatement(); var r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** Best of three, each into a fresh schema. */
    private double strataInsertPg(boolean storeOnly) throws Exception {
        double best = 0;
        double cpu = Double.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            dropSchema("strata_bench_pg");
            try (JdbcModelStore store = JdbcStores.open("bench", pg("strata_bench_pg"))) {
                best = Math.max(best, commitProject(store, INSERTS, storeOnly));
                cpu = Math.min(cpu, lastCpuMs);
            }
        }
        dropSchema("strata_bench_pg");
        cpuNotes.add(String.format("%s: %,.0f ms of the committing thread's CPU (least of 3)",
                storeOnly ? "store commit" : "session commit", cpu));
        return best;
    }

    private void h2AndQueries() throws Exception {
        Path dir = Files.createTempDirectory("strata-jdbc-bench");
        try {
            line("| measure | figure |");
            line("|---|---|");
            // H2 commit rate, 100k tasks in one commit, against raw batches of the same rows (durable).
            SameRows rows;
            try (JdbcModelStore store = JdbcStores.open("h2tpl", JdbcStoreOptions.h2(dir, "h2tpl"));
                    Connection c = h2(store.options())) {
                repository(store); // the model's tables and catalog rows first: not the commit's
                var before = SameRows.before(c, null);
                commitProject(store, INSERTS, false);
                rows = SameRows.read(c, null, before);
            }
            double rawH2 = 0;
            for (int run = 0; run < 3; run++) {
                JdbcStoreOptions o = JdbcStoreOptions.h2(dir, "h2raw" + run);
                try (JdbcModelStore store = JdbcStores.open("h2raw", o)) {
                    repository(store); // the tables, as Strata creates them for the model
                }
                try (Connection c = h2(o)) {
                    var before = SameRows.before(c, null);
                    c.setAutoCommit(false);
                    long t0 = System.nanoTime();
                    rows.insertBatches(c, null);
                    c.commit();
                    try (Statement st = c.createStatement()) { // durable, as the store's commit
                        st.execute("CHECKPOINT SYNC");
                    }
                    c.commit();
                    rawH2 = Math.max(rawH2, rate(INSERTS, System.nanoTime() - t0));
                    checkWritten("raw H2 batches", rows, SameRows.read(c, null, before));
                }
            }
            double strataH2 = 0;
            double h2Cpu = Double.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                try (JdbcModelStore store = JdbcStores.open("h2rate", JdbcStoreOptions.h2(dir, run == 2 ? "h2rate" : "h2rate" + run))) {
                    strataH2 = Math.max(strataH2, commitProject(store, INSERTS, false));
                    h2Cpu = Math.min(h2Cpu, lastCpuMs);
                }
            }
            line(String.format("| H2: raw batches of the same %,d rows a commit of %,d new tasks adds, + CHECKPOINT SYNC"
                    + " (best of 3) | %,.0f tasks/s |", rows.rowCount(), INSERTS, rawH2));
            line(String.format("| H2: %,d new tasks in one session commit (best of 3) | %,.0f objects/s (%.2f× raw; the"
                    + " committing thread's CPU %,.0f ms, least of 3) |", INSERTS, strataH2, strataH2 / rawH2, h2Cpu));
            // H2 small commits: one changed title per commit, each forced to disk.
            try (JdbcModelStore store = JdbcStores.open("h2rate", JdbcStoreOptions.h2(dir, "h2rate"))) {
                Session s = repository(store).openSession();
                if (s.roots().size() != 1 || ((Project) s.roots().get(0)).getTasks().size() != INSERTS) {
                    throw new IllegalStateException("H2 small commits: the reopened store has " + s.roots().size()
                            + " roots" + (s.roots().isEmpty() ? "" : " and " + ((Project) s.roots().get(0)).getTasks().size()
                            + " tasks") + ", expected 1 project with " + INSERTS + " tasks");
                }
                Project p = (Project) s.roots().get(0);
                Task t = p.getTasks().get(0);
                long versionBefore = s.versionOf(t);
                int n = 500;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    t.setTitle("changed " + i);
                    s.commit();
                }
                long elapsed = System.nanoTime() - t0;
                Record stored = store.load(s.idOf(t)).orElseThrow();
                if (stored.version() != versionBefore + n || !("changed " + (n - 1)).equals(stored.value("title"))) {
                    throw new IllegalStateException("H2 small commits: the task is stored at version " + stored.version()
                            + " with title '" + stored.value("title") + "', expected version " + (versionBefore + n)
                            + " and title 'changed " + (n - 1) + "'");
                }
                line(String.format("| H2: one changed title per commit (synced) | %.2f ms per commit |", elapsed / 1e6 / n));
            }
            if (Boolean.getBoolean("strata.bench.jdbc.bulkOnly")) {
                return;
            }
            // Equality queries through the ordered index on created.
            try (JdbcModelStore store = JdbcStores.open("h2big", JdbcStoreOptions.h2(dir, "h2big"))) {
                line(String.format("| H2: %,d new tasks in one commit | %,.0f objects/s |", TRAVERSE_TASKS,
                        commitProject(store, TRAVERSE_TASKS, false)));
                line(String.format("| H2: indexed equality query on %,d tasks, median of %,d | %s |", TRAVERSE_TASKS, QUERIES,
                        medianQuery(store, TRAVERSE_TASKS)));
            }
            dropSchema("strata_bench_q");
            try (JdbcModelStore store = JdbcStores.open("pgq", pg("strata_bench_q"))) {
                line(String.format("| PostgreSQL: %,d new tasks in one commit | %,.0f objects/s |", QUERY_TASKS,
                        commitProject(store, QUERY_TASKS, false)));
                line(String.format("| PostgreSQL: indexed equality query on %,d tasks, median of %,d | %s |", QUERY_TASKS,
                        QUERIES, medianQuery(store, QUERY_TASKS)));
            }
            dropSchema("strata_bench_q");
            line(traverse(dir, "h2big"));
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String medianQuery(JdbcModelStore store, int tasks) {
        Random random = new Random(7);
        long[] samples = new long[QUERIES];
        for (int i = 0; i < QUERIES + 200; i++) {
            Date when = new Date(1_700_000_000_000L + random.nextInt(tasks));
            long t0 = System.nanoTime();
            List<Record> found = store.query(Query.on(TasksPackage.Literals.TASK).eq("created", when));
            long t = System.nanoTime() - t0;
            if (found.size() != 1) {
                throw new AssertionError("expected one task created at " + when + ", found " + found.size());
            }
            if (i >= 200) { // the first 200 warm up
                samples[i - 200] = t;
            }
        }
        Arrays.sort(samples);
        return String.format("%.3f ms (p90 %.3f ms)", samples[QUERIES / 2] / 1e6, samples[QUERIES * 9 / 10] / 1e6);
    }

    /** Walks the big H2 store in a child JVM limited to 256 MB of heap. */
    private static String traverse(Path dir, String db) throws Exception {
        Process child = ChildJvm.of(TraverseChild.class, List.of(JdbcStores.class, Record.class, EPackage.class,
                org.eclipse.emf.common.util.URI.class, org.osgi.service.event.EventAdmin.class, org.h2.Driver.class),
                List.of("-Xmx256m"), dir.toString(), db).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                out.add(l);
            }
        }
        if (!child.waitFor(10, TimeUnit.MINUTES) || child.exitValue() != 0) {
            throw new IllegalStateException("H2 walk of " + TRAVERSE_TASKS + " tasks with -Xmx256m failed, expected a RESULT"
                    + " line: " + String.join(" / ", out));
        }
        String[] f = out.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow().split(" ");
        long expectedSum = 0; // Models gives task i priority i % 5
        for (int i = 0; i < TRAVERSE_TASKS; i++) {
            expectedSum += i % 5;
        }
        if (Long.parseLong(f[1]) != TRAVERSE_TASKS || Long.parseLong(f[5]) != expectedSum) {
            throw new IllegalStateException("H2 walk with -Xmx256m: read " + f[1] + " tasks with priorities summing to "
                    + f[5] + ", expected " + TRAVERSE_TASKS + " and " + expectedSum);
        }
        return String.format("| H2: walking %,d tasks by id in pages of 1,000, -Xmx256m | %s tasks in %.1f s within a %s MB heap"
                + " (old generation peaked at %s MB) |", TRAVERSE_TASKS, f[1], Long.parseLong(f[2]) / 1000.0, f[3], f[4]);
    }
}
