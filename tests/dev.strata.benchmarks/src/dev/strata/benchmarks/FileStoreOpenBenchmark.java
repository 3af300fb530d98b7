package dev.strata.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Opening a file store from a binary snapshot and from an XMI snapshot (which opens through its
 * binary twin) at 100k and 1M tasks (+10 % coordinators): the time
 * {@code FileStores.open} takes, the time until the first {@code load(rootId)} answers (the project's
 * record holds the ids of every task and coordinator), one more {@code load} of a task, the time until a
 * query by type answers (which needs the store's indexes), and the heap an open store holds
 * (after {@code System.gc()}, measured with the MemoryMXBean, the heap before the open
 * subtracted), and the snapshot's files on disk. Median of 3. Formats: {@code strata.bench.open.formats}
 * (binary,xmi). Writes target/benchmarks/file-store-open.md.
 */
class FileStoreOpenBenchmark {

    private static final int RUNS = 3;

    private final List<String> rows = new ArrayList<>();

    private static long median(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000 ? String.format("%.0f ms", nanos / 1e6) : String.format("%.2f ms", nanos / 1e6);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void run() throws IOException {
        Path work = Files.createTempDirectory("strata-open-bench");
        try {
            for (int n : new int[] { 100_000, 1_000_000 }) {
                for (String f : System.getProperty("strata.bench.open.formats", "binary,xmi").split(",")) {
                    FileStoreOptions.Format format = FileStoreOptions.Format.parse(f);
                    measure(work.resolve("n" + n + "-" + format.extension()), n, format);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StringBuilder md = new StringBuilder("# File store open benchmark\n\n")
                .append(ZonedDateTime.now()).append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000)
                .append(" MB, median of ").append(RUNS).append("\n\n")
                .append("| tasks | snapshot | open | open + first load(root) | then load(one task) | open until a query"
                        + " by type answers | heap after open | snapshot files |\n|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("file-store-open.md"), md.toString());
        System.out.println(md);
    }

    private void measure(Path dir, int n, FileStoreOptions.Format format) throws IOException {
        FileStoreOptions options = FileStoreOptions.defaults(dir).withFormat(format).withCompactAfterBytes(0);
        int objects = n + n / 10 + 1;
        ObjectId projectId;
        ObjectId taskId;
        try (FileModelStore store = FileStores.open("bench", options)) {
            Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false)
                    .build();
            try (Session s = repo.openSession()) {
                Project p = Models.project(n, n / 10);
                s.add(p);
                s.commit();
                projectId = s.idOf(p);
                taskId = s.idOf(p.getTasks().get(n / 2));
            }
            long t0 = System.nanoTime();
            store.compact();
            System.out.println(n + " tasks: compaction to " + format + " in " + ms(System.nanoTime() - t0));
        }
        String files = snapshotFiles(dir);
        String label = n + " tasks, " + format;
        long[] opened = new long[RUNS];
        long[] firstLoad = new long[RUNS];
        long[] oneMore = new long[RUNS];
        long[] queried = new long[RUNS];
        long[] heap = new long[RUNS];
        Query byType = Query.on(TasksPackage.Literals.PROJECT);
        for (int i = 0; i < RUNS; i++) {
            long before = usedHeap();
            long t0 = System.nanoTime();
            try (FileModelStore store = FileStores.open("bench", options)) {
                opened[i] = System.nanoTime() - t0;
                Record root = store.load(projectId).orElseThrow(() -> new IllegalStateException(label + ": project missing"));
                firstLoad[i] = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                Record task = store.load(taskId).orElseThrow(() -> new IllegalStateException(label + ": task missing"));
                oneMore[i] = System.nanoTime() - t1;
                if (!projectId.equals(task.container()) || root.container() != null) {
                    throw new IllegalStateException(label + ": the task is not in the project");
                }
                List<Record> projects = store.query(byType);
                queried[i] = System.nanoTime() - t0;
                if (projects.size() != 1) {
                    throw new IllegalStateException(label + ": a query finds " + projects.size() + " projects");
                }
                // What the store holds, not the records read here (the project's holds 1.1M task ids).
                root = null;
                task = null;
                projects = null;
                heap[i] = usedHeap() - before;
                if (store.roots().size() != 1) {
                    throw new IllegalStateException(label + ": " + store.roots().size() + " roots");
                }
            }
        }
        String row = String.format("| %,d (%,d objects) | %s | %s | **%s** | %s | %s | %.0f MB | %s |", n, objects,
                format.extension(), ms(median(opened)), ms(median(firstLoad)),
                ms(median(oneMore)), ms(median(queried)), median(heap) / 1e6, files);
        System.out.println(row);
        rows.add(row);
    }

    /** The snapshot's files and their sizes, e.g. "xmi 120 MB + records 40 MB". */
    private static String snapshotFiles(Path dir) throws IOException {
        List<String> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.matches("snapshot-\\d+\\.(xmi|json|bin|records)")) {
                    parts.add(name.substring(name.lastIndexOf('.') + 1) + String.format(" %.0f MB", Files.size(p) / 1e6));
                }
            }
        }
        return String.join(" + ", parts);
    }
}
