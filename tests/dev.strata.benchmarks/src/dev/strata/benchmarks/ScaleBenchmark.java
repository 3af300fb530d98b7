package dev.strata.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.change.util.ChangeRecorder;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.Test;

import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.ChildJvm;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Issue #17's table in one JVM: plain EMF (binary and XMI resources) and Strata's file store on the
 * same model (tasks with tags and dependencies, 10 % coordinators) at 100k and 1M tasks — open,
 * first object in a session, heap, one commit of the whole model, compaction, tracked eSet,
 * attaching tracking — and a session walking 1.5M tasks within -Xmx256m from the file store and from
 * PostgreSQL, in a child JVM. Writes target/benchmarks/scale.md.
 * <p>
 * {@code -Dstrata.bench.scale.sizes=100000,1000000} picks the sizes, {@code -Dstrata.bench.scale.walk=N}
 * the walk (0 skips it); STRATA_BENCH_PG_URL / STRATA_BENCH_PG_USER the PostgreSQL server.
 */
class ScaleBenchmark {

    private static final String PG_URL = env("STRATA_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String PG_USER = env("STRATA_BENCH_PG_USER", "postgres");
    private static final String WALK_SCHEMA = "strata_bench_walk";
    private static final int ROUNDS = 4;

    private final List<String> rows = new ArrayList<>();

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static int[] sizes() {
        return Arrays.stream(System.getProperty("strata.bench.scale.sizes", "100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000_000L ? String.format("%.1f s", nanos / 1e9)
                : nanos >= 10_000_000 ? String.format("%.0f ms", nanos / 1e6) : String.format("%.2f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1e6);
    }

    private static String ratio(double strata, double plain) {
        return String.format("%.2f×", strata / plain);
    }

    private void row(String what, String plain, String strata, String ratio, String goal) {
        String r = "| " + what + " | " + plain + " | " + strata + " | " + ratio + " | " + goal + " |";
        rows.add(r);
        System.out.println(r);
    }

    @Test
    void run() throws Exception {
        Path work = Files.createTempDirectory("strata-scale-bench");
        try {
            for (int n : sizes()) {
                measure(work.resolve("n" + n), n);
            }
            int walk = Integer.getInteger("strata.bench.scale.walk", 1_500_000);
            if (walk > 0) {
                walks(work.resolve("walk"), walk);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StringBuilder md = new StringBuilder("# Scale benchmark (issue #17)\n\n").append(ZonedDateTime.now())
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n\n")
                .append("| measured | plain EMF | Strata | ratio | goal |\n|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("scale.md"), md.toString());
        System.out.println(md);
    }

    /** Figures of the size being measured, by name: nanoseconds, bytes or (eSet) per-op nanoseconds. */
    private final Map<String, Double> f = new java.util.HashMap<>();

    private void put(String key, double value) {
        f.put(key, value);
    }

    private long l(String key) {
        return f.get(key).longValue();
    }

    private double d(String key) {
        return f.get(key);
    }

    // Each phase is its own method, so that what it made is unreachable (no frame holds it) when
    // the next phase measures the heap.

    private void measure(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        f.clear();
        int objects = n + n / 10 + 100 + 1; // tasks, coordinators, tags, the project
        String size = String.format("%,d tasks", n);
        rows.add("| **" + size + "** | | | | |");
        Path binFile = dir.resolve("plain.bin");
        Path xmiFile = dir.resolve("plain.xmi");
        emfSave(n, binFile, xmiFile);
        emfBinaryLoad(n, binFile);
        retained("binHeap");
        emfXmiLoad(n, xmiFile);
        retained("xmiHeap");
        FileStoreOptions binary = FileStoreOptions.defaults(dir.resolve("strata")).withFormat(FileStoreOptions.Format.BINARY)
                .withCompactAfterBytes(0);
        ObjectId projectId = strataCommit(n, objects, binary);
        strataOpen(n, binary, projectId);
        retained("storeHeap");
        retained("sessionHeap");
        strataXmi(binary.withFormat(FileStoreOptions.Format.XMI), projectId);

        row("open the file store (binary snapshot), " + size, "binary load " + ms(l("binLoad")), ms(l("openBinary")),
                ratio(d("openBinary"), d("binLoad")), "");
        row("first task usable in a session (project → tasks.get(0).title), " + size, "binary load " + ms(l("binLoad")), ms(l("firstBinary")),
                ratio(d("firstBinary"), d("binLoad")), "≤ 50 ms");
        row("open (XMI snapshot) / first object, " + size, "XMI load " + ms(l("xmiLoad")),
                ms(l("openXmi")) + " / " + ms(l("firstXmi")),
                ratio(d("openXmi"), d("xmiLoad")) + " / " + ratio(d("firstXmi"), d("xmiLoad")), "");
        row("heap: store open, " + size, "—", mb(l("storeHeap")), "", "");
        row("heap: store + session holding the model, " + size,
                mb(l("binHeap")) + " (binary) / " + mb(l("xmiHeap")) + " (XMI)", mb(l("sessionHeap")),
                ratio(d("sessionHeap"), d("binHeap")) + " of binary", "EMF binary + bookkeeping");
        row("one commit of " + String.format("%,d", objects) + " new objects (validation off)",
                "binary save " + ms(l("binSave")), ms(l("commit")), ratio(d("commit"), d("binSave")), "≤ 2×");
        row("compaction to an XMI / binary snapshot, " + size,
                "XMI save " + ms(l("xmiSave")) + " / binary save " + ms(l("binSave")),
                ms(l("compactXmi")) + " / " + ms(l("compactBinary")),
                ratio(d("compactXmi"), d("xmiSave")) + " / " + ratio(d("compactBinary"), d("binSave")), "≤ 1.5×");
        row("eSet, first change of each task, " + size, ns(d("plainFirst")), ns(d("trackedFirst")),
                ratio(d("trackedFirst"), d("plainFirst")), "≤ 3×");
        row("eSet, task already changed (steady state), " + size, ns(d("plainSteady")), ns(d("trackedSteady")),
                ratio(d("trackedSteady"), d("plainSteady")), "≤ 1.5× (Strata templates) / ≤ 3×");
        row("attach tracking to " + String.format("%,d", objects) + " objects",
                "ChangeRecorder " + ms(l("recorderAttach")), ms(l("attach")), ratio(d("attach"), d("recorderAttach")),
                "nothing per object until touched");
    }

    private void emfSave(int n, Path binFile, Path xmiFile) throws IOException {
        Project model = Models.rich(n, n / 10);
        ResourceSetImpl set = new ResourceSetImpl();
        Resource bin = new BinaryResourceImpl(URI.createFileURI(binFile.toString()));
        set.getResources().add(bin);
        bin.getContents().add(model);
        long t0 = System.nanoTime();
        bin.save(Map.of());
        put("binSave", System.nanoTime() - t0);
        XMIResourceImpl xmi = new XMIResourceImpl(URI.createFileURI(xmiFile.toString()));
        set.getResources().add(xmi);
        xmi.getContents().add(model);
        t0 = System.nanoTime();
        xmi.save(FileStoreBenchmark.xmiSaveOptions());
        put("xmiSave", System.nanoTime() - t0);
    }

    /**
     * Turns a heap figure taken while a phase held its objects into what they retained: minus the
     * heap once the phase has returned and they are garbage (robust against garbage a phase before left).
     */
    private void retained(String key) {
        put(key, d(key) - CoreBenchmark.usedMemory());
    }

    private void emfBinaryLoad(int n, Path binFile) throws IOException {
        Resource bin = new BinaryResourceImpl(URI.createFileURI(binFile.toString()));
        new ResourceSetImpl().getResources().add(bin);
        long t0 = System.nanoTime();
        bin.load(Map.of());
        put("binLoad", System.nanoTime() - t0);
        Project p = check("EMF binary load", bin, n);
        put("binHeap", CoreBenchmark.usedMemory());
        double[] set = setRounds(p.getTasks(), n);
        put("plainFirst", set[0]);
        put("plainSteady", steady(set));
        t0 = System.nanoTime();
        ChangeRecorder recorder = new ChangeRecorder(p);
        put("recorderAttach", System.nanoTime() - t0);
        recorder.dispose();
    }

    private void emfXmiLoad(int n, Path xmiFile) throws IOException {
        XMIResourceImpl xmi = new XMIResourceImpl(URI.createFileURI(xmiFile.toString()));
        xmi.setIntrinsicIDToEObjectMap(new java.util.HashMap<>()); // tags are referenced by their ID attribute
        new ResourceSetImpl().getResources().add(xmi);
        long t0 = System.nanoTime();
        xmi.load(FileStoreBenchmark.xmiLoadOptions());
        put("xmiLoad", System.nanoTime() - t0);
        check("EMF XMI load", xmi, n);
        put("xmiHeap", CoreBenchmark.usedMemory());
    }

    /** The model committed once to a new file store, then compacted to a binary snapshot. */
    private ObjectId strataCommit(int n, int objects, FileStoreOptions binary) {
        try (FileModelStore store = FileStores.open("scale", binary)) {
            ObjectId projectId;
            try (Session s = repository(store).openSession()) {
                Project fresh = Models.rich(n, n / 10);
                long t0 = System.nanoTime();
                s.add(fresh);
                put("attach", System.nanoTime() - t0);
                t0 = System.nanoTime();
                CommitResult result = s.commit();
                put("commit", System.nanoTime() - t0);
                if (result.newVersions().size() != objects) {
                    throw new IllegalStateException("Strata commit of " + n + " tasks: versions for "
                            + result.newVersions().size() + " objects, expected " + objects);
                }
                projectId = s.idOf(fresh);
            }
            long t0 = System.nanoTime();
            store.compact();
            put("compactBinary", System.nanoTime() - t0);
            return projectId;
        }
    }

    private void strataOpen(int n, FileStoreOptions binary, ObjectId projectId) {
        long t0 = System.nanoTime();
        try (FileModelStore store = FileStores.open("scale", binary)) {
            put("openBinary", System.nanoTime() - t0);
            firstObject(store, projectId, t0, "firstBinary");
            put("storeHeap", CoreBenchmark.usedMemory());
            try (Session s = repository(store).openSession()) {
                Project p = (Project) s.get(projectId);
                walk(p, n);
                put("sessionHeap", CoreBenchmark.usedMemory());
                double[] set = setRounds(p.getTasks(), n);
                put("trackedFirst", set[0]);
                put("trackedSteady", steady(set));
            }
        }
    }

    /** The first task's title through a new session; the time since {@code t0} (the store's opening). */
    private void firstObject(FileModelStore store, ObjectId projectId, long t0, String key) {
        long t1 = System.nanoTime();
        try (Session s = repository(store).openSession()) {
            long t2 = System.nanoTime();
            Project p = (Project) s.get(projectId);
            long t3 = System.nanoTime();
            org.eclipse.emf.common.util.EList<dev.strata.example.tasks.Task> tasks = p.getTasks();
            long t4 = System.nanoTime();
            String title = tasks.get(0).getTitle();
            long t5 = System.nanoTime();
            put(key, t5 - t0);
            System.out.println("first task (" + key + "): store open " + ms(t1 - t0) + ", repository and session "
                    + ms(t2 - t1) + ", project " + ms(t3 - t2) + ", its task list " + ms(t4 - t3) + ", first task "
                    + ms(t5 - t4));
            if (!"task 0".equals(title)) {
                throw new IllegalStateException("Strata first object (" + key + "): task 0 reads '" + title + "'");
            }
        }
    }

    /** Compaction to an XMI snapshot (after one small commit: a store with nothing new does not compact), then opening it. */
    private void strataXmi(FileStoreOptions xmi, ObjectId projectId) {
        try (FileModelStore store = FileStores.open("scale", xmi)) {
            try (Session s = repository(store).openSession()) {
                ((Project) s.get(projectId)).setDescription("compacted to XMI");
                s.commit();
            }
            long t0 = System.nanoTime();
            store.compact();
            put("compactXmi", System.nanoTime() - t0);
        }
        long t0 = System.nanoTime();
        try (FileModelStore store = FileStores.open("scale", xmi)) {
            put("openXmi", System.nanoTime() - t0);
            firstObject(store, projectId, t0, "firstXmi");
        }
    }

    private static Repository repository(ModelStore store) {
        return Repositories.builder("scale", store).packages(TasksPackage.eINSTANCE).validate(false).build();
    }

    private static Project check(String step, Resource r, int n) {
        if (r.getContents().size() != 1 || !(r.getContents().get(0) instanceof Project p) || p.getTasks().size() != n) {
            throw new IllegalStateException(step + ": expected one project with " + n + " tasks, read " + r.getContents());
        }
        return p;
    }

    /** Reads every task's title and tags, as the walk does; fails unless all are there. */
    private static void walk(Project p, int n) {
        long tasks = 0;
        long tags = 0;
        for (Task t : p.getTasks()) {
            if (t.getTitle() == null) {
                throw new IllegalStateException("task " + tasks + " has no title");
            }
            tags += t.getTags().size();
            tasks++;
        }
        if (tasks != n || tags != expectedTags(n)) {
            throw new IllegalStateException("walk read " + tasks + " tasks with " + tags + " tags, expected " + n + " and "
                    + expectedTags(n));
        }
    }

    /** Models.rich gives task i (i % 4) tags. */
    private static long expectedTags(int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += i % 4;
        }
        return sum;
    }

    /** Nanoseconds per eSet of the first million tasks, per round; the first round is each task's first change. */
    private static double[] setRounds(List<Task> list, int n) {
        int changes = Math.min(1_000_000, n);
        // The tasks as an application holding them has them: the rounds time eSet, not list access
        // (a session's long list makes released children again when asked for them).
        List<Task> tasks = new ArrayList<>(changes);
        for (Task t : list) {
            if (tasks.size() == changes) {
                break;
            }
            tasks.add(t);
        }
        double[] perOp = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                tasks.get(i).setPriority(100 + r * 10 + (i & 7));
            }
            perOp[r] = (System.nanoTime() - start) / (double) changes;
        }
        if (tasks.get(changes - 1).getPriority() != 100 + (ROUNDS - 1) * 10 + ((changes - 1) & 7)) {
            throw new IllegalStateException("eSet rounds: the last task does not hold the last round's value");
        }
        return perOp;
    }

    private static double steady(double[] rounds) {
        double[] s = Arrays.copyOfRange(rounds, 1, rounds.length);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String ns(double nanos) {
        return String.format("%.1f ns", nanos);
    }

    // ------------------------------------------------------------------ the walk in -Xmx256m

    private void walks(Path dir, int n) throws Exception {
        String size = String.format("%,d tasks", n);
        rows.add("| **session walk, " + size + ", -Xmx256m** | NeoEMF 121 s, CDO 650 s (published, 1.56M elements) | | | ≤ 60 s |");
        Path fileDir = dir.resolve("file");
        try (FileModelStore store = FileStores.open("walk", FileStoreOptions.defaults(fileDir)
                .withFormat(FileStoreOptions.Format.BINARY).withCompactAfterBytes(0))) {
            fill(store, n);
            store.compact();
        }
        row("session walks " + size + " (title, tags), file store", "", child(n, "file", fileDir.toString()), "", "≤ 60 s");
        if (!Boolean.parseBoolean(System.getProperty("strata.bench.scale.walkPg", "true"))) {
            return;
        }
        try (Connection c = new org.postgresql.Driver().connect(PG_URL, pgProperties()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + WALK_SCHEMA + " CASCADE");
        }
        try (JdbcModelStore store = JdbcStores.open("walk", JdbcStoreOptions.of(PG_URL).withCredentials(PG_USER, "")
                .withSchema(WALK_SCHEMA))) {
            fill(store, n);
        }
        row("session walks " + size + " (title, tags), PostgreSQL", "", child(n, "pg", PG_URL, PG_USER, WALK_SCHEMA), "",
                "≤ 60 s");
    }

    private static Properties pgProperties() {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        return p;
    }

    private static void fill(ModelStore store, int n) {
        try (Session s = repository(store).openSession()) {
            s.add(Models.rich(n, n / 10));
            s.commit();
        }
    }

    /** Runs the walk in a child JVM with 256 MB of heap; the row's text, or what went wrong. */
    private static String child(int n, String... args) throws Exception {
        Process child = ChildJvm.of(SessionWalkChild.class, List.of(Repositories.class, Record.class, EPackage.class,
                URI.class, org.osgi.service.event.EventAdmin.class, TasksPackage.class, FileStores.class, JdbcStores.class,
                org.postgresql.Driver.class, org.eclipse.emf.ecore.xmi.XMLResource.class,
                org.eclipse.emf.ecore.change.ChangeDescription.class), List.of("-Xmx256m",
                        "-Dstrata.walk.trace=" + Boolean.getBoolean("strata.walk.trace")), args).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                out.add(l);
                if (l.startsWith("TRACE ")) {
                    System.out.println(l);
                }
            }
        }
        if (!child.waitFor(15, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            return "did not finish in 15 min";
        }
        String result = out.stream().filter(l -> l.startsWith("RESULT ") || l.startsWith("OOM ")).findFirst().orElse(null);
        if (result == null) {
            throw new IllegalStateException("session walk (" + String.join(" ", args) + ") printed no result: "
                    + String.join(" / ", out));
        }
        String[] f = result.split(" ");
        if (f[0].equals("OOM")) {
            return String.format("OutOfMemoryError after %.1f s, %s tasks read", Long.parseLong(f[2]) / 1000.0, f[1]);
        }
        if (Long.parseLong(f[1]) != n || Long.parseLong(f[6]) != expectedTags(n)) {
            throw new IllegalStateException("session walk read " + f[1] + " tasks and " + f[6] + " tags, expected " + n
                    + " and " + expectedTags(n));
        }
        String edit = out.stream().filter(l -> l.startsWith("EDIT ")).findFirst().orElseThrow().substring(5);
        return String.format("%.1f s (old generation peak %s MB of %s MB); then, in the session, the last task taken"
                + " out, a new one added at the end, committed: %s", Long.parseLong(f[2]) / 1000.0, f[4], f[3],
                edit.startsWith("OOM ") ? "OutOfMemoryError in " + edit.substring(4) : edit + " ms");
    }
}
