package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;
import dev.strata.store.route.RouteModelStore;
import dev.strata.store.route.RouteStores;

/**
 * Issue #16's sharding figure: one commit of 1,000,000 new tasks (in 480 projects) into the JDBC
 * store on one PostgreSQL database, and into a route store over two and over three PostgreSQL
 * databases (test, strata_shard_a, strata_shard_b on the same server, made by .ci/databases), the
 * parts committed in two phases in parallel. The change set is made once (by a session over a
 * memory store) and given to each target; each target is a fresh schema. Writes
 * target/benchmarks/route.md.
 */
class RouteBenchmark {

    private static final String PG_HOST = env("STRATA_BENCH_PG_HOST_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final List<String> DATABASES = List.of("test", "strata_shard_a", "strata_shard_b");
    private static final String SCHEMA = "strata_bench_route";
    private static final int PROJECTS = 480;
    private static final int TASKS_PER_PROJECT = 2084; // 1,000,320 tasks

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

    @Test
    void run() throws Exception {
        ChangeSet load = changeSet();
        StringBuilder md = new StringBuilder("# Route store benchmark\n\n").append(ZonedDateTime.now())
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, one PostgreSQL server on loopback\n\n")
                .append("| one commit of ").append(load.created().size()).append(" new objects (")
                .append(PROJECTS * TASKS_PER_PROJECT).append(" tasks in ").append(PROJECTS)
                .append(" projects) | s | objects/s | vs one database | CPU s of this JVM | CPU s of PostgreSQL | busy cores |\n|---|---|---|---|---|---|---|\n");
        double one = 0;
        double oneCpu = 0;
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        // 0: the JDBC store alone; then a route store over 1, 2 and 3 databases
        for (int run = 0; run <= 3; run++) {
            int shards = Math.max(1, run);
            dropSchemas();
            List<JdbcModelStore> dbs = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                dbs.add(JdbcStores.open("bench-" + DATABASES.get(i), JdbcStoreOptions.of(PG_HOST + DATABASES.get(i))
                        .withCredentials("postgres", "").withSchema(SCHEMA), NO_EVENTS, Progress.NONE));
            }
            Path dir = Files.createTempDirectory("strata-bench-route");
            RouteModelStore route = null;
            try {
                ModelStore target = run == 0 ? dbs.getFirst()
                        : (route = RouteStores.open("bench-route", List.<ModelStore>copyOf(dbs), List.of(), dir, NO_EVENTS));
                target.useModel(List.of(TasksPackage.eINSTANCE), List.of());
                System.gc();
                long cpu0 = os.getProcessCpuTime();
                double server0 = postgresCpuSeconds();
                long t0 = System.nanoTime();
                target.commit(load);
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double server = postgresCpuSeconds() - server0;
                if (run == 0) {
                    one = s;
                    oneCpu = cpu + server;
                }
                String what = run == 0 ? "JDBC store, one PostgreSQL database"
                        : "route store over " + shards + " PostgreSQL database" + (shards == 1 ? "" : "s");
                StringBuilder spread = new StringBuilder();
                for (JdbcModelStore db : dbs) {
                    spread.append(spread.isEmpty() ? "" : " / ").append(db.roots().size());
                }
                md.append(String.format("| %s (projects per database: %s) | %.1f | %.0f | %.2f× | %.1f | %.1f | %.2f |%n",
                        what, spread, s, load.created().size() / s, one / s, cpu, server, (cpu + server) / s));
                System.out.println(md);
            } finally {
                if (route != null) {
                    route.close();
                }
                dbs.forEach(JdbcModelStore::close);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
        dropSchemas();
        md.append("\nAll databases are on one PostgreSQL server on the same machine as the benchmark, so the shards'")
                .append(" server processes and this JVM share its ").append(Runtime.getRuntime().availableProcessors())
.append(" cores and its disk; on separate servers the parts would not compete. \"Busy cores\" is the CPU")
                .append(" time of this JVM and of every PostgreSQL process over the wall time: when it nears the")
                .append(" number of cores, more shards on this machine cannot go faster.\n");
        int cores = Runtime.getRuntime().availableProcessors();
        if (oneCpu > 0) {
            md.append(String.format("%nThe one-database commit used %.1f CPU s in all; spread perfectly over %d cores that"
                    + " is at least %.1f s, so no number of shards on this machine can make it more than %.2f× faster.%n",
                    oneCpu, cores, oneCpu / cores, one / (oneCpu / cores)));
        }
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("route.md"), md.toString());
        System.out.println(md);
    }

    /** The projects as one change set, as a session commits them. */
    private static ChangeSet changeSet() {
        ModelStore memory = Repositories.memoryStore("bench-memory", NO_EVENTS);
        Repository repo = Repositories.builder("bench", memory).packages(TasksPackage.eINSTANCE).validate(false).build();
        try (Session s = repo.openSession()) {
            for (int p = 0; p < PROJECTS; p++) {
                dev.strata.example.tasks.Project project = Models.project(TASKS_PER_PROJECT, 0);
                project.setName("bench-" + p); // project names are unique
                s.add(project);
            }
            s.commit();
        }
        return memory.log(0, 1).getFirst().changes();
    }

    /**
     * CPU seconds used so far by the PostgreSQL server's processes on this machine (user + system,
     * from /proc), to show how much of the machine the shards take; 0 where /proc cannot tell.
     */
    private static double postgresCpuSeconds() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
                } catch (java.io.IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return 0;
        }
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    private static void dropSchemas() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        for (String db : DATABASES) {
            try (Connection c = new org.postgresql.Driver().connect(PG_HOST + db, p); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }
}
