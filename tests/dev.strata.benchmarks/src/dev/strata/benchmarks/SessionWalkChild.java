package dev.strata.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Runs in a child JVM with a small heap: walks every task of every project through a session, as
 * an application would (the generated getters), reading each task's title and tags; then, in the
 * same session, takes the last task of the first project out, adds a new one at the end and
 * commits. Prints "EDIT millis" for that edit, or "EDIT OOM class.method" naming where the heap ran
 * out, then "RESULT tasks millis maxHeapMB oldGenPeakMB titleChars tagRefs" (the walk), or "OOM
 * tasks millis" when the heap runs out during the walk.
 *
 * <p>Arguments: {@code file <directory>} or {@code pg <jdbc url> <user> <schema>}.
 */
public final class SessionWalkChild {

    private SessionWalkChild() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long tasks = 0;
        long titleChars = 0;
        long tagRefs = 0;
        long walkEnd = 0;
        long oldGenPeak = 0;
        ModelStore store = open(args);
        trace("store open");
        try {
            Repository repo = Repositories.builder("walk", store).packages(TasksPackage.eINSTANCE).validate(false).build();
            try (Session s = repo.openSession()) {
                trace("session open");
                List<EObject> roots = s.roots();
                trace("roots read");
                for (EObject root : roots) {
                    if (root instanceof Project p) {
                        trace("tasks: " + p.getTasks().size());
                        for (Task t : p.getTasks()) {
                            if (tasks % 250_000 == 0) {
                                trace(tasks + " tasks walked");
                            }
                            titleChars += t.getTitle().length();
                            tagRefs += t.getTags().size();
                            tasks++;
                        }
                    }
                }
                walkEnd = System.nanoTime();
                oldGenPeak = oldGenPeak(); // the walk's, before the edit
                Project first = (Project) roots.stream().filter(Project.class::isInstance).findFirst().orElseThrow();
                try {
                    // The last task is taken out (no task depends on it: tasks depend on earlier ones).
                    first.getTasks().remove(first.getTasks().size() - 1);
                    Task added = TasksFactory.eINSTANCE.createTask();
                    added.setTitle("added after the walk");
                    first.getTasks().add(added);
                    s.commit();
                    System.out.println("EDIT " + (System.nanoTime() - walkEnd) / 1_000_000);
                    trace("one task taken out, one added, committed");
                } catch (OutOfMemoryError e) {
                    StackTraceElement at = java.util.Arrays.stream(e.getStackTrace())
                            .filter(f -> f.getClassName().startsWith("dev.strata")).findFirst().orElse(null);
                    System.out.println("EDIT OOM " + (at == null ? "?" : at.getClassName().substring(
                            at.getClassName().lastIndexOf('.') + 1) + "." + at.getMethodName()));
                    s.rollback();
                }
            }
        } catch (OutOfMemoryError e) {
            if (Boolean.getBoolean("strata.walk.trace")) {
                StackTraceElement[] where = e.getStackTrace();
                for (int i = 0; i < Math.min(40, where.length); i++) {
                    System.out.println("TRACE   at " + where[i]);
                }
            }
            System.out.println("OOM " + tasks + " " + (System.nanoTime() - start) / 1_000_000);
            System.exit(3);
        } finally {
            ((AutoCloseable) store).close();
        }
        long ms = (walkEnd - start) / 1_000_000;
        System.out.println("RESULT " + tasks + " " + ms + " " + Runtime.getRuntime().maxMemory() / 1_000_000 + " "
                + oldGenPeak / 1_000_000 + " " + titleChars + " " + tagRefs);
    }

    private static long oldGenPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().toLowerCase(Locale.ROOT).contains("old")) {
                peak = Math.max(peak, pool.getPeakUsage().getUsed());
            }
        }
        return peak;
    }

    /** With -Dstrata.walk.trace=true: heap in use after a full collection, at each step of the walk. */
    private static void trace(String step) {
        if (Boolean.getBoolean("strata.walk.trace")) {
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.println("TRACE " + step + ": " + (rt.totalMemory() - rt.freeMemory()) / 1_000_000 + " MB in use");
        }
    }

    private static ModelStore open(String[] args) {
        return switch (args[0]) {
            case "file" -> FileStores.open("walk", FileStoreOptions.defaults(Path.of(args[1]))
                    .withFormat(FileStoreOptions.Format.BINARY));
            case "pg" -> JdbcStores.open("walk", JdbcStoreOptions.of(args[1]).withCredentials(args[2], "").withSchema(args[3]));
            default -> throw new IllegalArgumentException("expected 'file <dir>' or 'pg <url> <user> <schema>', got " + args[0]);
        };
    }
}
