package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.strata.core.At;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * Issue #15's history figures: a commit of 10,000 changes that meets another session's 10,000
 * changes of the same objects and merges (against the same commit meeting nothing), and a session
 * opened at a past commit of a 100,000-task file store with 10,000 later commits. Each figure is
 * the median of 3 rounds after one warm-up. Writes target/benchmarks/history.md.
 */
class HistoryBenchmark {

    private static final int MERGE_TASKS = 10_000;
    private static final int PAST_TASKS = 100_000;
    private static final int LATER_COMMITS = 10_000;
    private static final int ROUNDS = 3;

    @Test
    void run() throws Exception {
        long[] plain = new long[ROUNDS];
        long[] merged = new long[ROUNDS];
        for (int round = -1; round < ROUNDS; round++) {
            long[] r = mergeRound();
            if (round >= 0) {
                plain[round] = r[0];
                merged[round] = r[1];
            }
        }
        long[] past = pastRound();

        String md = "# History benchmark\n\n" + ZonedDateTime.now() + ", max heap "
                + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB\n\n"
                + "| measured | time |\n|---|---|\n"
                + "| commit of " + MERGE_TASKS + " changed tasks, nothing newer (memory store) | " + ms(median(plain)) + " |\n"
                + "| the same commit meeting another session's " + MERGE_TASKS + " changes of the same tasks"
                + " (other features): merged and committed | " + ms(median(merged)) + " |\n"
                + "| file store of " + PAST_TASKS + " tasks with " + LATER_COMMITS + " later commits: open a session at"
                + " the first commit and read a task (its project loads with it: " + PAST_TASKS + " tasks as they were) | "
                + ms(past[1]) + " |\n"
                + "| the present, for comparison: open a session and load the whole project | " + ms(past[2]) + " |\n";
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("history.md"), md);
        System.out.println(md);
    }

    /** [plain commit, merged commit] in nanoseconds. */
    private static long[] mergeRound() {
        ModelStore store = Repositories.memoryStore("merge-bench");
        Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false).build();
        ObjectId projectId;
        try (Session setup = repo.openSession()) {
            Project p = setup.add(Models.project(MERGE_TASKS, 0));
            setup.commit();
            projectId = setup.idOf(p);
        }
        long plainNanos;
        try (Session alone = repo.openSession()) {
            for (Task t : ((Project) alone.get(projectId)).getTasks()) {
                t.setTitle(t.getTitle() + " (plain)");
            }
            long t0 = System.nanoTime();
            alone.commit("nothing newer to meet");
            plainNanos = System.nanoTime() - t0;
        }
        try (Session mine = repo.openSession(); Session theirs = repo.openSession()) {
            List<Task> myTasks = ((Project) mine.get(projectId)).getTasks();
            List<Task> theirTasks = ((Project) theirs.get(projectId)).getTasks();
            for (Task t : theirTasks) {
                t.setPriority(t.getPriority() + 10);
            }
            for (Task t : myTasks) {
                t.setTitle(t.getTitle() + " (mine)");
            }
            theirs.commit("theirs");
            long t0 = System.nanoTime();
            CommitResult r = mine.commit("mine, merged");
            long mergedNanos = System.nanoTime() - t0;
            check(r.newVersions().size() == MERGE_TASKS, "merged commit wrote " + r.newVersions().size() + " tasks");
            Task probe = myTasks.get(MERGE_TASKS / 2);
            check(probe.getPriority() >= 10 && probe.getTitle().endsWith("(mine)"), "merge lost a change: " + probe);
            return new long[] { plainNanos, mergedNanos };
        }
    }

    private static long[] pastRound() throws Exception {
        Path dir = Files.createTempDirectory("strata-history-bench");
        FileStoreOptions options = FileStoreOptions.defaults(dir).withSync(false);
        try (FileModelStore store = FileStores.open("past-bench", options)) {
            Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false)
                    .build();
            ObjectId projectId;
            long first;
            List<ObjectId> ids = new ArrayList<>();
            try (Session s = repo.openSession()) {
                Project p = s.add(Models.project(PAST_TASKS, 0));
                first = s.commit("the project").sequence();
                projectId = s.idOf(p);
                p.getTasks().forEach(t -> ids.add(s.idOf(t)));
                for (int i = 0; i < LATER_COMMITS; i++) {
                    p.getTasks().get(i * (PAST_TASKS / LATER_COMMITS)).setTitle("later " + i);
                    s.commit("later " + i);
                }
            }
            ObjectId probe = ids.get(0);
            long t0 = System.nanoTime();
            long t1;
            long t2;
            try (Session then = repo.openSession(At.commit(first))) {
                Task task = (Task) then.get(probe);
                check("task 0".equals(task.getTitle()), "the past shows '" + task.getTitle() + "'");
                t1 = System.nanoTime();
                Project p = (Project) then.get(projectId);
                check(p.getTasks().size() == PAST_TASKS && "task 100".equals(p.getTasks().get(100).getTitle()),
                        "the past project reads wrong");
                t2 = System.nanoTime();
            }
            long t3 = System.nanoTime();
            try (Session now = repo.openSession()) {
                Project p = (Project) now.get(projectId);
                check(p.getTasks().size() == PAST_TASKS && "later 1".equals(p.getTasks().get(10).getTitle()),
                        "the present project reads wrong");
            }
            long t4 = System.nanoTime();
            return new long[] { t1 - t0, t2 - t0, t4 - t3 };
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static long median(long[] samples) {
        long[] s = samples.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }
}
