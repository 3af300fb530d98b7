package dev.strata.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.EmfRecords;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.TypeRef;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;

/**
 * A session reading a large model lazily against the same session reading it eagerly (the root's
 * whole tree on first touch), on 100k and 1M tasks in the memory store, so only the session's
 * own cost is measured: the first object usable (the project's name; one task by id), and a walk
 * over every task reading its title and tags. Writes target/benchmarks/lazy-session.md.
 */
class LazySessionBenchmark {

    private static final int TAGS = 1_000;

    private final List<String> rows = new ArrayList<>();

    @Test
    void run() throws IOException {
        for (int n : new int[] { 100_000, 1_000_000 }) {
            measure(n);
        }
        StringBuilder md = new StringBuilder("# Lazy session benchmark\n\n").append(ZonedDateTime.now())
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB\n\n")
                .append("| tasks | session | project name | one task by id | walk: title + tags of every task |"
                        + " heap held after the walk |\n|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("lazy-session.md"), md.toString());
        System.out.println(md);
    }

    /** One project: n tasks with 0–3 tags and 1–3 dependsOn each, TAGS tags, n/10 coordinators. */
    private static Project model(int n) {
        Project p = Models.project(n, n / 10);
        TasksFactory f = TasksFactory.eINSTANCE;
        List<Tag> tags = new ArrayList<>(TAGS);
        for (int i = 0; i < TAGS; i++) {
            Tag t = f.createTag();
            t.setSlug("tag-" + i);
            tags.add(t);
        }
        p.getTags().addAll(tags);
        Random random = new Random(2);
        List<Task> tasks = p.getTasks();
        for (int i = 0; i < n; i++) {
            Task t = tasks.get(i);
            for (int k = 0; k < i % 4; k++) {
                t.getTags().add(tags.get(random.nextInt(TAGS)));
            }
            for (int k = 0; k <= i % 3; k++) {
                t.getDependsOn().add(tasks.get(random.nextInt(n)));
            }
        }
        return p;
    }

    /**
     * Fills a store with the model in one change set written straight to the store (a session's
     * commit of 1.1M new objects is measured elsewhere); returns the ids of the project and the
     * middle task.
     */
    private static ObjectId[] fill(ModelStore store, Project p, int n) {
        Map<EObject, ObjectId> ids = new IdentityHashMap<>();
        ids.put(p, ObjectId.random());
        for (TreeIterator<EObject> it = p.eAllContents(); it.hasNext();) {
            ids.put(it.next(), ObjectId.random());
        }
        List<Record> created = new ArrayList<>(ids.size());
        ids.forEach((o, id) -> created.add(new Record(id, TypeRef.of(o.eClass()), 0,
                o.eContainer() == null ? null : ids.get(o.eContainer()), EmfRecords.values(o, (r, t) -> ids.get(t)))));
        store.commit(new ChangeSet(UUID.randomUUID(), "bench", "fill", created, List.of(), List.of()));
        return new ObjectId[] { ids.get(p), ids.get(p.getTasks().get(n / 2)) };
    }

    private void measure(int n) {
        ModelStore store = Repositories.memoryStore("lazy-bench");
        // The repository first: it tells the store the model its records are made of.
        Repository repo = Repositories.builder("lazy-bench", store).packages(TasksPackage.eINSTANCE).validate(false)
                .build();
        ObjectId[] ids = fill(store, model(n), n);
        for (boolean lazy : new boolean[] { false, true }) {
            String label = (lazy ? "lazy" : "eager") + " session, " + n + " tasks";
            System.gc();
            long base = used();
            long nameNs;
            long taskNs;
            long walkNs;
            long held;
            try (Session s = repo.openSession()) {
                s.setLazyLoading(lazy);
                long t0 = System.nanoTime();
                Project p = (Project) s.get(ids[0]);
                if (!"bench".equals(p.getName())) {
                    throw new IllegalStateException(label + ": project named " + p.getName());
                }
                nameNs = System.nanoTime() - t0;
                t0 = System.nanoTime();
                Task middle = (Task) s.get(ids[1]);
                if (!("task " + n / 2).equals(middle.getTitle())) {
                    throw new IllegalStateException(label + ": middle task titled " + middle.getTitle());
                }
                taskNs = System.nanoTime() - t0;
                t0 = System.nanoTime();
                long titles = 0;
                long tagged = 0;
                for (Task t : p.getTasks()) {
                    titles += t.getTitle().length();
                    for (Tag g : t.getTags()) {
                        tagged += g.getSlug().length();
                    }
                }
                walkNs = System.nanoTime() - t0;
                if (titles == 0 || tagged == 0 || p.getTasks().size() != n) {
                    throw new IllegalStateException(label + ": walked " + p.getTasks().size() + " tasks");
                }
                System.gc();
                held = used() - base;
                if (EcoreUtil.getRootContainer(middle) != p) {
                    throw new IllegalStateException(label + ": the middle task is not in the project");
                }
            }
            String row = String.format("| %,d | %s | %s | %s | %s | %s |", n, lazy ? "**lazy**" : "eager", ms(nameNs),
                    ms(taskNs), ms(walkNs), mb(held));
            System.out.println(row);
            rows.add(row);
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format("%.2f ms", ms) : ms < 10_000 ? String.format("%.0f ms", ms)
                : String.format("%.1f s", ms / 1000);
    }

    private static String mb(long bytes) {
        return String.format("%,d MB", Math.max(0, bytes) / 1_000_000);
    }
}
