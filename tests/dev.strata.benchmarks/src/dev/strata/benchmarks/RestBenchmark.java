package dev.strata.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.Await;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.server.StrataServer;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;
import dev.strata.store.rest.RestStores;

/**
 * Commits and loads through the REST store against a Strata server on loopback, next to the same
 * memory store used in-process: bulk commits (objects/s), one-change commits from one and from
 * four threads (commits/s) and loading a project tree. Writes target/benchmarks/rest.md.
 */
class RestBenchmark {

    private static final int BULK = 10_000;
    private static final int BULK_ROUNDS = 3;
    private static final int SINGLE = 1_000;
    private static final int WARMUP = 200;
    private static final int THREADS = 4;
    private static final String TOKEN = "bench-token";

    private final List<String> lines = new ArrayList<>();

    /** What one side measured. */
    private record Figures(long bulkNanos, long singleMedianNanos, double singlePerSecond, double threadedPerSecond,
            long loadNanos) {
    }

    @Test
    void run() throws Exception {
        BundleContext context = FrameworkUtil.getBundle(RestBenchmark.class).getBundleContext();
        ConfigurationAdmin admin = (ConfigurationAdmin) await(context, ConfigurationAdmin.class.getName());
        await(context, "org.osgi.service.servlet.runtime.HttpServiceRuntime");
        int port = port(context);

        ModelStore served = Repositories.memoryStore("bench-served");
        Dictionary<String, Object> storeProps = new Hashtable<>();
        storeProps.put(ModelStore.NAME, "bench-served");
        storeProps.put(ModelStore.TYPE, "memory");
        ServiceRegistration<ModelStore> registration = context.registerService(ModelStore.class, served, storeProps);
        Configuration config = admin.getFactoryConfiguration(StrataServer.PID, "bench", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(StrataServer.PATH, "/bench");
        props.put(StrataServer.STORES_TARGET, "(strata.store=bench-served)");
        props.put(StrataServer.TOKEN, TOKEN);
        config.update(props);
        URI base = URI.create("http://127.0.0.1:" + port + "/bench");
        awaitServed(base.resolve("/bench/stores/bench-served"));
        try (RestModelStore rest = RestStores.open("bench-rest", RestStoreOptions.of(base)
                .withRemoteStore("bench-served").withToken(TOKEN))) {
            Figures local = measure("in-process", Repositories.memoryStore("bench-local"));
            Figures remote = measure("REST", rest);
            table(local, remote);
        } finally {
            config.delete();
            registration.unregister();
        }
    }

    private Figures measure(String label, ModelStore store) throws Exception {
        System.out.println("REST benchmark: measuring " + label);
        Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false).build();
        // Bulk: one commit of BULK new tasks, a new project each round; the median round counts.
        long[] bulk = new long[BULK_ROUNDS];
        ObjectId projectId = null;
        for (int r = 0; r < BULK_ROUNDS; r++) {
            try (Session s = repo.openSession()) {
                Project p = Models.project(BULK, 0);
                p.setName("bench " + r); // project names are unique
                s.add(p);
                long t0 = System.nanoTime();
                CommitResult result = s.commit("bulk " + r);
                bulk[r] = System.nanoTime() - t0;
                projectId = s.idOf(p);
                if (result.sequence() < 0 || result.newVersions().size() != BULK + 1) {
                    throw new IllegalStateException(label + ", bulk commit " + r + ": versions for "
                            + result.newVersions().size() + " objects, expected " + (BULK + 1));
                }
            }
            int stored = store.loadTree(projectId).size();
            if (stored != BULK + 1) {
                throw new IllegalStateException(label + ", bulk commit " + r + ": the store holds " + stored
                        + " objects under the project, expected " + (BULK + 1));
            }
        }
        if (store.roots().size() != BULK_ROUNDS) {
            throw new IllegalStateException(label + ", bulk commits: the store holds " + store.roots().size()
                    + " roots, expected " + BULK_ROUNDS + " projects");
        }
        // One changed title per commit, from one session.
        long[] single = new long[SINGLE];
        long singleTotal;
        try (Session s = repo.openSession()) {
            Project p = (Project) s.get(projectId);
            List<Task> tasks = p.getTasks();
            for (int i = 0; i < WARMUP; i++) {
                tasks.get(i).setTitle("warm " + i);
                s.commit();
            }
            long start = System.nanoTime();
            for (int i = 0; i < SINGLE; i++) {
                tasks.get((i * 7) % BULK).setTitle("changed " + i);
                long t0 = System.nanoTime();
                CommitResult result = s.commit();
                single[i] = System.nanoTime() - t0;
                if (result.newVersions().size() != 1) { // a map's size: cheap next to a commit
                    throw new IllegalStateException(label + ", commit of one changed task (" + i + "): versions for "
                            + result.newVersions().size() + " objects, expected 1");
                }
            }
            singleTotal = System.nanoTime() - start;
            Task last = tasks.get(((SINGLE - 1) * 7) % BULK);
            Object title = store.load(s.idOf(last)).orElseThrow().value("title");
            if (!("changed " + (SINGLE - 1)).equals(title)) {
                throw new IllegalStateException(label + ", commits of one changed task: the store holds title '" + title
                        + "' for the last task changed, expected 'changed " + (SINGLE - 1) + "'");
            }
        }
        // THREADS sessions committing changes to their own tasks at the same time.
        ObjectId pid = projectId;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long threadedNanos;
        try {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (Session s = repo.openSession()) {
                        List<Task> tasks = ((Project) s.get(pid)).getTasks();
                        for (int i = 0; i < SINGLE / THREADS; i++) {
                            tasks.get(thread + THREADS * i).setTitle("thread " + thread + " " + i);
                            s.commit();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
            threadedNanos = System.nanoTime() - start;
            // Their titles are checked when the project is loaded below.
        } finally {
            pool.shutdownNow();
        }
        // Loading the project with its tasks into a new session.
        long[] loads = new long[3];
        for (int r = 0; r < loads.length; r++) {
            try (Session s = repo.openSession()) {
                long t0 = System.nanoTime();
                List<Task> tasks = ((Project) s.get(projectId)).getTasks();
                int n = tasks.size();
                loads[r] = System.nanoTime() - t0;
                if (n != BULK) {
                    throw new IllegalStateException(label + ": loaded " + n + " tasks, expected " + BULK);
                }
                // What the threads committed, read back: the title each thread gave each of its tasks.
                for (int thread = 0; thread < THREADS; thread++) {
                    for (int i = 0; i < SINGLE / THREADS; i++) {
                        String title = tasks.get(thread + THREADS * i).getTitle();
                        if (!("thread " + thread + " " + i).equals(title)) {
                            throw new IllegalStateException(label + ", " + THREADS + " threads committing: task "
                                    + (thread + THREADS * i) + " reads title '" + title + "', expected 'thread " + thread
                                    + " " + i + "'");
                        }
                    }
                }
            }
        }
        return new Figures(median(bulk), median(single), SINGLE / (singleTotal / 1e9),
                (SINGLE / THREADS * THREADS) / (threadedNanos / 1e9), median(loads));
    }

    private void table(Figures local, Figures remote) throws Exception {
        row("commit " + BULK + " new tasks in one commit", local, remote,
                f -> String.format("%.0f ms, %,.0f objects/s", f.bulkNanos / 1e6, (BULK + 1) / (f.bulkNanos / 1e9)),
                f -> f.bulkNanos);
        row("commit of one changed task, " + SINGLE + " commits in a row", local, remote,
                f -> String.format("%,.0f commits/s (median %.0f µs)", f.singlePerSecond, f.singleMedianNanos / 1e3),
                f -> (long) (1e9 / f.singlePerSecond));
        row(THREADS + " threads committing one changed task each, " + SINGLE + " commits", local, remote,
                f -> String.format("%,.0f commits/s", f.threadedPerSecond), f -> (long) (1e9 / f.threadedPerSecond));
        row("load a project of " + BULK + " tasks into a new session", local, remote,
                f -> String.format("%.0f ms, %,.0f objects/s", f.loadNanos / 1e6, (BULK + 1) / (f.loadNanos / 1e9)),
                f -> f.loadNanos);
        StringBuilder md = new StringBuilder("# REST store benchmark\n\n").append(ZonedDateTime.now())
                .append(", server and client in one JVM on loopback, memory store behind the server, validation off\n\n")
                .append("| measurement | in-process memory store | through REST | REST / in-process |\n")
                .append("|---|---|---|---|\n");
        lines.forEach(l -> md.append(l).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("rest.md"), md.toString());
        System.out.println(md);
    }

    private void row(String what, Figures local, Figures remote, Function<Figures, String> text,
            Function<Figures, Long> cost) {
        lines.add("| " + what + " | " + text.apply(local) + " | " + text.apply(remote) + " | "
                + String.format("%.1f× the time", (double) cost.apply(remote) / cost.apply(local)) + " |");
    }

    private static long median(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static Object await(BundleContext context, String objectClass) throws Exception {
        ServiceTracker<Object, Object> t = new ServiceTracker<>(context,
                context.createFilter("(objectClass=" + objectClass + ")"), null);
        t.open();
        Object service = t.waitForService(10_000);
        if (service == null) {
            throw new IllegalStateException("no " + objectClass + " within 10 s");
        }
        return service;
    }

    private static int port(BundleContext context) throws Exception {
        ServiceReference<?> ref = context.getServiceReferences((String) null,
                "(objectClass=org.osgi.service.servlet.runtime.HttpServiceRuntime)")[0];
        Object endpoint = ref.getProperty("osgi.http.endpoint");
        String first = endpoint instanceof String[] a ? a[0] : String.valueOf(endpoint);
        return URI.create(first).getPort();
    }

    private static void awaitServed(URI store) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest get = HttpRequest.newBuilder(store).header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(5)).build();
        Await.until(store + " is served",
                () -> http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
