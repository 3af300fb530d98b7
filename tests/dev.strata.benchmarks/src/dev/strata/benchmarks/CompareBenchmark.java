package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.compare.Compare;
import dev.strata.compare.Diff;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ListEdits;
import dev.strata.compare.ObjectChange;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;

/**
 * Diff of two versions of a 1,000,000-object state with 1,000 changes (issue #15's goal: at most
 * 1 s). The state is 1,000 projects of 999 tasks each, as records; the changes are titles,
 * references, moves within the projects' task lists, tasks added and removed. Measured twice: the
 * new version sharing the unchanged records with the old one (two commits of one history), and
 * every record a copy (two stores). Medians of 5 rounds after 3 warm-up rounds. Writes
 * target/benchmarks/compare.md.
 */
class CompareBenchmark {

    private static final int PROJECTS = 1_000;
    private static final int TASKS = 999;
    private static final int WARMUP = 3;
    private static final int ROUNDS = 5;
    private static final TypeRef PROJECT = new TypeRef("http://strata.dev/bench", "Project");
    private static final TypeRef TASK = new TypeRef("http://strata.dev/bench", "Task");

    @Test
    void run() throws Exception {
        Map<ObjectId, Record> before = new HashMap<>(2 * PROJECTS * (TASKS + 1));
        List<ObjectId> projects = new ArrayList<>();
        for (int p = 0; p < PROJECTS; p++) {
            ObjectId pid = new ObjectId(new UUID(1, p));
            List<ObjectId> tasks = new ArrayList<>(TASKS);
            for (int t = 0; t < TASKS; t++) {
                ObjectId tid = new ObjectId(new UUID(2, (long) p * TASKS + t));
                tasks.add(tid);
                before.put(tid, new Record(tid, TASK, 1, pid, Map.of("title", "task " + t, "effort", t % 13,
                        "assignee", pid, "tags", List.of("a", "b"))));
            }
            projects.add(pid);
            before.put(pid, new Record(pid, PROJECT, 1, Map.of("name", "project " + p, "tasks", tasks)));
        }
        Map<ObjectId, Record> after = new HashMap<>(before);
        int changes = change(after, projects, new Random(15));
        Map<ObjectId, Record> copies = new HashMap<>(after.size() * 2);
        after.forEach((id, r) -> copies.put(id, new Record(id, r.type(), r.version(), r.container(),
                new HashMap<>(r.values()))));

        long shared = measure("shared records", before, after, changes);
        long copied = measure("every record a copy", before, copies, changes);

        String md = "# Compare benchmark\n\n" + ZonedDateTime.now() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB\n\n"
                + "| diff of two versions of " + before.size() + " objects, " + changes
                + " changes | median of " + ROUNDS + " |\n|---|---|\n"
                + "| new version sharing unchanged records (two commits) | " + ms(shared) + " |\n"
                + "| every record a copy (two stores) | " + ms(copied) + " |\n";
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("compare.md"), md);
        System.out.println(md);
    }

    /**
     * Makes the changes in {@code state}: 700 titles, 100 assignees, 100 tasks moved within their
     * project, 50 added, 50 removed. Returns how many objects the diff must report.
     */
    private static int change(Map<ObjectId, Record> state, List<ObjectId> projects, Random random) {
        List<ObjectId> touched = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            ObjectId t = randomTask(random);
            Record r = state.get(t);
            state.put(t, r.with(2, Map.of("title", "changed " + i)));
            touched.add(t);
        }
        for (int i = 0; i < 100; i++) {
            ObjectId t = randomTask(random);
            state.put(t, state.get(t).with(2, Map.of("assignee", projects.get(random.nextInt(PROJECTS)))));
            touched.add(t);
        }
        for (int i = 0; i < 200; i++) {
            ObjectId p = projects.get(random.nextInt(PROJECTS));
            Record r = state.get(p);
            List<ObjectId> tasks = new ArrayList<>(ids(r.value("tasks")));
            if (i < 100) {
                tasks.add(random.nextInt(tasks.size()), tasks.remove(random.nextInt(tasks.size())));
            } else if (i < 150) {
                ObjectId added = new ObjectId(new UUID(3, i));
                tasks.add(random.nextInt(tasks.size() + 1), added);
                state.put(added, new Record(added, TASK, 1, p, Map.of("title", "new", "effort", 0)));
                touched.add(added);
            } else {
                ObjectId removed = tasks.remove(random.nextInt(tasks.size()));
                state.remove(removed);
                touched.add(removed);
            }
            state.put(p, r.with(r.version() + 1, Map.of("tasks", tasks)));
            touched.add(p);
        }
        return (int) touched.stream().distinct().count();
    }

    private static ObjectId randomTask(Random random) {
        return new ObjectId(new UUID(2, random.nextInt(PROJECTS * TASKS)));
    }

    @SuppressWarnings("unchecked")
    private static List<ObjectId> ids(Object value) {
        return (List<ObjectId>) value;
    }

    private static long measure(String label, Map<ObjectId, Record> before, Map<ObjectId, Record> after,
            int expected) {
        long[] samples = new long[ROUNDS];
        for (int round = -WARMUP; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            Diff d = Compare.diff(before, after);
            long t = System.nanoTime() - t0;
            check(label, d, before, after, expected);
            if (round >= 0) {
                samples[round] = t;
            }
        }
        Arrays.sort(samples);
        System.out.println("Compare benchmark, " + label + ": " + ms(samples[ROUNDS / 2]));
        return samples[ROUNDS / 2];
    }

    /** Fails unless the diff names every changed object and its list edits rebuild the new lists. */
    private static void check(String label, Diff d, Map<ObjectId, Record> before, Map<ObjectId, Record> after,
            int expected) {
        if (d.size() != expected) {
            throw new IllegalStateException(label + ": diff of " + d.size() + " objects, expected " + expected);
        }
        for (ObjectChange c : d.changed()) {
            for (FeatureChange f : c.features()) {
                if (f instanceof FeatureChange.ListChange l
                        && !ListEdits.apply(l.oldValue(), l.edits()).equals(after.get(c.id()).value(l.feature()))) {
                    throw new IllegalStateException(label + ": the edits of " + c.id() + "." + l.feature()
                            + " do not give the new list");
                }
            }
        }
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }
}
