package dev.strata.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.CommitResult;
import dev.strata.core.Progress;
import dev.strata.core.Repositories;
import dev.strata.core.Session;
import dev.strata.core.Topics;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * One fresh JVM of {@link BigCommitBenchmark}: in each round, EMF's binary save of the issue #17
 * model and Strata's commit of the same model to a new file store followed by a binary compaction,
 * in the order the first argument names (so that neither side is always the colder one). The store and
 * the repository post their events, as in the product (the commit's event names every object it wrote),
 * to an Event Admin that keeps the last one. Prints one
 * line per round: "ROUND round emfSaveNanos emfSaveCpu commitNanos commitCpu compactNanos compactCpu".
 *
 * <p>Arguments: {@code emf-first|strata-first tasks rounds directory}.
 */
public final class BigCommitChild {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BigCommitChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean emfFirst = args[0].equals("emf-first");
        int n = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        TasksPackage.eINSTANCE.eClass(); // the package registered before either side's clock starts
        for (int round = 1; round <= rounds; round++) {
            long[] emf = null;
            long[] strata = null;
            if (emfFirst) {
                emf = emfSave(n, dir);
                strata = strataCommit(n, dir);
            } else {
                strata = strataCommit(n, dir);
                emf = emfSave(n, dir);
            }
            System.out.println("ROUND " + round + " " + emf[0] + " " + emf[1] + " " + strata[0] + " " + strata[1] + " "
                    + strata[2] + " " + strata[3]);
        }
    }

    /** Wall and CPU nanoseconds of EMF's binary save of a fresh model. */
    private static long[] emfSave(int n, Path dir) throws Exception {
        Project model = Models.rich(n, n / 10);
        Path file = dir.resolve("emf.bin");
        Resource bin = new BinaryResourceImpl(URI.createFileURI(file.toString()));
        new ResourceSetImpl().getResources().add(bin);
        bin.getContents().add(model);
        settle();
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        bin.save(Map.of());
        long wall = System.nanoTime() - t0;
        long cpu = THREADS.getCurrentThreadCpuTime() - c0;
        Files.delete(file);
        return new long[] {wall, cpu};
    }

    /** Wall and CPU nanoseconds of one commit of a fresh model to a new store, then of its binary compaction. */
    private static long[] strataCommit(int n, Path dir) throws Exception {
        Path storeDir = dir.resolve("strata");
        FileStoreOptions binary = FileStoreOptions.defaults(storeDir).withFormat(FileStoreOptions.Format.BINARY)
                .withCompactAfterBytes(0);
        long[] out = new long[4];
        LastEvent events = new LastEvent();
        try (FileModelStore store = FileStores.open("big-commit", binary, events, Progress.NONE)) {
            try (Session s = Repositories.builder("big-commit", store).packages(TasksPackage.eINSTANCE).validate(false)
                    .events(events).build().openSession()) {
                Project model = Models.rich(n, n / 10);
                s.add(model);
                settle();
                long c0 = THREADS.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                CommitResult result = s.commit();
                out[0] = System.nanoTime() - t0;
                out[1] = THREADS.getCurrentThreadCpuTime() - c0;
                int expected = n + n / 10 + 100 + 1;
                if (result.newVersions().size() != expected) {
                    throw new IllegalStateException("commit of " + n + " tasks gave versions for "
                            + result.newVersions().size() + " objects, expected " + expected);
                }
                if (!(events.commit != null && events.commit.getProperty(Topics.VERSIONS) instanceof String[] v && v.length == expected)) {
                    throw new IllegalStateException("the store posted no commit event naming the " + expected + " objects");
                }
            }
            settle();
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            store.compact();
            out[2] = System.nanoTime() - t0;
            out[3] = THREADS.getCurrentThreadCpuTime() - c0;
        }
        try (Stream<Path> files = Files.walk(storeDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return out;
    }

    /** Keeps the last commit event, as Event Admin holds an event until its handlers have it. */
    private static final class LastEvent implements EventAdmin {
        volatile Event commit;

        @Override
        public void postEvent(Event event) {
            sendEvent(event);
        }

        @Override
        public void sendEvent(Event event) {
            if (event.getTopic().startsWith(Topics.commit(""))) {
                commit = event;
            }
        }
    }

    /** A full collection before a clock starts, so that no phase pays for the garbage of the one before. */
    private static void settle() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
    }
}
