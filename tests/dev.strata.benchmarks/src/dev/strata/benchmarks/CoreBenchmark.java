package dev.strata.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.eclipse.emf.ecore.change.util.ChangeRecorder;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.Test;

import dev.strata.core.CommitResult;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;

/**
 * Core figures, each next to plain EMF in the same run: the cost of change tracking on eSet,
 * attaching it, producing a change description and rolling back after a million changes, and
 * memory-store commit throughput. Prints a table and writes it to target/benchmarks/core.md.
 */
class CoreBenchmark {

    private static final int MODEL = Integer.getInteger("strata.bench.model", 1_100_000);
    /** A million changes per round, or one per task of a smaller model (-Dstrata.bench.model=N). */
    private static final int CHANGES = Math.min(1_000_000, MODEL);
    private static final int ROUNDS = 4;
    /** Small models of their own that each variant's code is run on before anything is timed. */
    private static final int WARM_MODELS = 10;
    private static final int WARM_TASKS = 20_000;

    private final List<String[]> rows = new ArrayList<>();

    private void row(String what, String plain, String strata, String note) {
        rows.add(new String[] { what, plain, strata, note });
        System.out.printf("%-58s | %-22s | %-22s | %s%n", what, plain, strata, note);
    }

    private static Project model(int tasks) {
        return Models.project(tasks, 0);
    }

    static long usedMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * Times rounds of eSet on the first CHANGES tasks (values differ every round): nanoseconds per
     * eSet in the first round ("first") and in the later ones ("steady"), and the heap the rounds
     * left held ("held": the values set, and whatever keeps track of them). The tasks are taken from
     * the list first, as an application holding them has them: the rounds time eSet, not the list
     * (a session's long list is paged; {@link #getRound} times that).
     */
    private static void setRounds(List<Task> list, Properties figures) {
        List<Task> tasks = new java.util.ArrayList<>(list.subList(0, CHANGES));
        // Collected before the rounds, in every variant: a session's paged list makes the tasks as
        // the copy reads them, and a young collection copying a million objects made just now
        // landed in the first round, timing the collector instead of the sets.
        long before = usedMemory();
        double[] perOp = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < CHANGES; i++) {
                tasks.get(i).setPriority(100 + r * 10 + (i & 7));
            }
            perOp[r] = (System.nanoTime() - start) / (double) CHANGES;
        }
        figures.setProperty("first", String.valueOf(perOp[0]));
        figures.setProperty("steady", String.valueOf(steady(perOp)));
        figures.setProperty("held", String.valueOf(usedMemory() - before));
        java.lang.ref.Reference.reachabilityFence(tasks); // the copy counts in every variant, compiled or not
    }

    /** Nanoseconds per {@code get(i)} of the first CHANGES tasks of the model's list, in one pass. */
    private static double getRound(List<Task> tasks) {
        long start = System.nanoTime();
        long sum = 0;
        for (int i = 0; i < CHANGES; i++) {
            sum += tasks.get(i).getPriority();
        }
        double perOp = (System.nanoTime() - start) / (double) CHANGES;
        if (sum < 0) {
            throw new IllegalStateException("impossible sum of priorities " + sum);
        }
        return perOp;
    }

    /**
     * Runs a variant's sets (first changes and further ones) on small models of their own, tracked
     * as {@code tracked} tracks them, and drops them: the rounds then time compiled code in every
     * variant. Without it the first round of a million sets also timed the JIT compiling the path,
     * more of it for a longer path (Strata's, the recorder's) than for plain EMF's.
     */
    private static void warmUp(java.util.function.Function<Project, List<Task>> tracked) {
        for (int m = 0; m < WARM_MODELS; m++) {
            List<Task> tasks = new ArrayList<>(tracked.apply(model(WARM_TASKS)));
            for (int r = 0; r < 2; r++) {
                for (int i = 0; i < tasks.size(); i++) {
                    tasks.get(i).setPriority(100 + r * 10 + (i & 7));
                }
            }
        }
    }

    /** The priority a task holds after the last round of {@link #setRounds}. */
    private static int lastRoundPriority(int i) {
        return 100 + (ROUNDS - 1) * 10 + (i & 7);
    }

    /** Fails unless the first CHANGES tasks hold the values the last round of eSets gave them. */
    private static void checkChanged(String step, List<Task> tasks) {
        if (tasks.size() < CHANGES) {
            throw new IllegalStateException(step + ": " + tasks.size() + " tasks to change, expected at least " + CHANGES);
        }
        for (int i = 0; i < CHANGES; i++) {
            if (tasks.get(i).getPriority() != lastRoundPriority(i)) {
                throw new IllegalStateException(step + ": task " + i + " has priority " + tasks.get(i).getPriority()
                        + " after the eSet rounds, expected " + lastRoundPriority(i));
            }
        }
    }

    /** Fails unless the first CHANGES tasks are back at the priority the model was built with (i % 5). */
    private static void checkRestored(String step, List<Task> tasks) {
        for (int i = 0; i < CHANGES; i++) {
            if (tasks.get(i).getPriority() != i % 5) {
                throw new IllegalStateException(step + ": task " + i + " has priority " + tasks.get(i).getPriority()
                        + " after the roll back, expected " + i % 5 + " (its value before the changes)");
            }
        }
    }

    /** Fails unless a commit of a new project with n tasks gave versions to all n + 1 objects. */
    private static void checkCommitted(String step, CommitResult result, int n) {
        if (result.sequence() < 0 || result.newVersions().size() != n + 1) {
            throw new IllegalStateException(step + ": the commit " + (result.sequence() < 0 ? "wrote nothing" : "gave versions to "
                    + result.newVersions().size() + " objects") + ", expected " + (n + 1) + " (the project and " + n + " tasks)");
        }
    }

    private static String ns(double v) {
        return String.format("%.1f ns", v);
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1e6);
    }

    private static double steady(double[] rounds) {
        return Arrays.stream(rounds, 1, rounds.length).average().orElse(rounds[0]);
    }

    private static final String CONFIG = System.getProperty("strata.bench.config", "plain");

    private static Path out() throws IOException {
        Path dir = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(dir);
        return dir;
    }

    /** One tracking variant per JVM: plain EMF, EMF's ChangeRecorder, or a Strata session. */
    @Test
    void run() throws IOException {
        System.out.println("Strata core benchmark [" + CONFIG + "]: model of " + MODEL + " tasks, " + CHANGES
                + " changes per round");
        Properties figures = new Properties();
        switch (CONFIG) {
            case "plain" -> {
                warmUp(Project::getTasks);
                Project plain = model(MODEL);
                figures.setProperty("get", String.valueOf(getRound(plain.getTasks())));
                figures.setProperty("getAgain", String.valueOf(getRound(plain.getTasks())));
                setRounds(plain.getTasks(), figures);
                checkChanged("plain EMF eSet rounds", plain.getTasks());
            }
            case "recorder" -> {
                warmUp(p -> {
                    new ChangeRecorder(p);
                    return p.getTasks();
                });
                Project recorded = model(MODEL);
                long before = usedMemory();
                long t0 = System.nanoTime();
                ChangeRecorder recorder = new ChangeRecorder(recorded);
                figures.setProperty("attach", String.valueOf(System.nanoTime() - t0));
                figures.setProperty("attachMemory", String.valueOf(usedMemory() - before));
                setRounds(recorded.getTasks(), figures);
                checkChanged("ChangeRecorder eSet rounds", recorded.getTasks());
                t0 = System.nanoTime();
                ChangeDescription description = recorder.endRecording();
                figures.setProperty("describe", String.valueOf(System.nanoTime() - t0));
                if (description.getObjectChanges().size() != CHANGES) {
                    throw new IllegalStateException("ChangeRecorder endRecording: " + description.getObjectChanges().size()
                            + " objects described, expected " + CHANGES + " (one per changed task)");
                }
                t0 = System.nanoTime();
                description.applyAndReverse();
                figures.setProperty("rollback", String.valueOf(System.nanoTime() - t0));
                checkRestored("ChangeRecorder applyAndReverse", recorded.getTasks());
            }
            default -> strata(figures);
        }
        // The table compares the three variants' files: they must have measured the same thing.
        figures.setProperty("model", String.valueOf(MODEL));
        figures.setProperty("changes", String.valueOf(CHANGES));
        try (var w = Files.newBufferedWriter(out().resolve("eset-" + CONFIG + ".properties"))) {
            figures.store(w, CONFIG);
        }
        if (CONFIG.equals("strata")) {
            table();
        }
    }

    private static void strata(Properties figures) {
        warmUp(p -> {
            Repository warm = Repositories.builder("warm", Repositories.memoryStore("warm"))
                    .packages(TasksPackage.eINSTANCE).validate(false).build();
            Session adding = warm.openSession();
            adding.add(p);
            adding.commit();
            var id = adding.idOf(p);
            adding.close();
            return ((Project) warm.openSession().get(id)).getTasks();
        });
        Repository repo = Repositories.builder("bench", Repositories.memoryStore("bench"))
                .packages(TasksPackage.eINSTANCE).validate(false).build();
        Project fresh = model(MODEL);
        Session adding = repo.openSession();
        long before = usedMemory();
        long t0 = System.nanoTime();
        adding.add(fresh);
        figures.setProperty("attach", String.valueOf(System.nanoTime() - t0));
        figures.setProperty("attachMemory", String.valueOf(usedMemory() - before));
        t0 = System.nanoTime();
        CommitResult committed = adding.commit();
        figures.setProperty("bigCommit", String.valueOf(System.nanoTime() - t0));
        checkCommitted("Strata big commit", committed, MODEL);
        var projectId = adding.idOf(fresh);
        adding.close();
        int stored = repo.store().loadTree(projectId).size();
        if (stored != MODEL + 1) {
            throw new IllegalStateException("Strata big commit: the memory store holds " + stored
                    + " objects under the project, expected " + (MODEL + 1));
        }

        Session s = repo.openSession();
        t0 = System.nanoTime();
        Project loaded = (Project) s.get(projectId);
        figures.setProperty("load", String.valueOf(System.nanoTime() - t0));
        if (loaded.getTasks().size() != MODEL) {
            throw new IllegalStateException("Strata load: the project has " + loaded.getTasks().size()
                    + " tasks, expected " + MODEL);
        }
        // The load's garbage is collected now, as plain EMF's model is built before its rounds:
        // otherwise the first round's allocations (EMF's notifications) pay for the load's GC.
        usedMemory();
        figures.setProperty("get", String.valueOf(getRound(loaded.getTasks())));
        figures.setProperty("getAgain", String.valueOf(getRound(loaded.getTasks())));
        setRounds(loaded.getTasks(), figures);
        checkChanged("Strata eSet rounds", loaded.getTasks());
        t0 = System.nanoTime();
        ChangeDescription description = s.changeDescription();
        figures.setProperty("describe", String.valueOf(System.nanoTime() - t0));
        figures.setProperty("described", String.valueOf(description.getObjectChanges().size()));
        if (description.getObjectChanges().size() != CHANGES) {
            throw new IllegalStateException("Strata change description: " + description.getObjectChanges().size()
                    + " objects described, expected " + CHANGES + " (one per changed task)");
        }
        t0 = System.nanoTime();
        s.rollback();
        figures.setProperty("rollback", String.valueOf(System.nanoTime() - t0));
        boolean restored = loaded.getTasks().get(0).getPriority() == 0 && !s.isDirty();
        figures.setProperty("restored", String.valueOf(restored));
        if (!restored) {
            throw new IllegalStateException("Strata roll back: task 0 has priority " + loaded.getTasks().get(0).getPriority()
                    + " and the session is " + (s.isDirty() ? "dirty" : "clean") + ", expected priority 0 and a clean session");
        }
        checkRestored("Strata roll back", loaded.getTasks());
        s.close();
    }

    private static Properties read(String config) throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(out().resolve("eset-" + config + ".properties"))) {
            p.load(r);
        }
        return p;
    }

    private static double d(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key, "NaN"));
    }

    private void table() throws IOException {
        Properties plain = read("plain");
        Properties rec = read("recorder");
        Properties st = read("strata");
        for (Properties p : List.of(plain, rec)) {
            if (!st.getProperty("model").equals(p.getProperty("model"))
                    || !st.getProperty("changes").equals(p.getProperty("changes"))) {
                throw new IllegalStateException("core table: eset-" + (p == plain ? "plain" : "recorder")
                        + ".properties measured a model of " + p.getProperty("model") + " tasks and "
                        + p.getProperty("changes") + " changes, this run " + MODEL + " and " + CHANGES
                        + " (stale figures from another run?)");
            }
        }
        row("eSet, first change of each object", ns(d(plain, "first")), ns(d(st, "first")),
                String.format("EMF ChangeRecorder %s; Strata %.1fx plain, recorder %.1fx plain", ns(d(rec, "first")),
                        d(st, "first") / d(plain, "first"), d(rec, "first") / d(plain, "first")));
        row("eSet, object already changed (steady state)", ns(d(plain, "steady")), ns(d(st, "steady")),
                String.format("EMF ChangeRecorder %s; Strata %.1fx plain, recorder %.1fx plain", ns(d(rec, "steady")),
                        d(st, "steady") / d(plain, "steady"), d(rec, "steady") / d(plain, "steady")));
        row("heap held after the eSet rounds (values set, and what tracks them)", mb((long) d(plain, "held")),
                mb((long) d(st, "held")), String.format("EMF ChangeRecorder %s; the same %d objects changed in each",
                        mb((long) d(rec, "held")), CHANGES));
        row("read the first " + CHANGES + " tasks by index (list get(i)), first pass", ns(d(plain, "get")),
                ns(d(st, "get")), String.format("Strata %.1fx plain (a session's long list makes its children a page at a"
                        + " time)", d(st, "get") / d(plain, "get")));
        row("the same, second pass", ns(d(plain, "getAgain")), ns(d(st, "getAgain")),
                String.format("Strata %.1fx plain (the children found again by id, a page at a time)",
                        d(st, "getAgain") / d(plain, "getAgain")));
        row("attach tracking to " + MODEL + " objects: time", ms((long) d(rec, "attach")) + " (recorder)",
                ms((long) d(st, "attach")), "Strata: session.add of the whole tree (ids + trackers)");
        row("attach tracking to " + MODEL + " objects: memory", mb((long) d(rec, "attachMemory")) + " (recorder)",
                mb((long) d(st, "attachMemory")), "");
        row("load " + MODEL + " objects from the memory store", "-", ms((long) d(st, "load")),
                "materialise + attach trackers");
        row("after " + CHANGES + " changes: change description", ms((long) d(rec, "describe")) + " (endRecording)",
                ms((long) d(st, "describe")), st.getProperty("described") + " objects described");
        row("after " + CHANGES + " changes: roll back", ms((long) d(rec, "rollback")) + " (applyAndReverse)",
                ms((long) d(st, "rollback")), "true".equals(st.getProperty("restored"))
                        ? "values restored, session clean" : "NOT RESTORED");
        row("commit " + MODEL + " new objects (memory store)", "-", ms((long) d(st, "bigCommit")),
                String.format("%.0f objects/s", (MODEL + 1) / (d(st, "bigCommit") / 1e9)));
        for (int n : new int[] { 10_000, 100_000 }) {
            throughput(n);
        }
        singleChangeLatency(100_000);
        write();
    }

    private void throughput(int n) throws IOException {
        long best = Long.MAX_VALUE;
        long xmi = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            Repository repo = Repositories.builder("tp", Repositories.memoryStore("tp" + attempt))
                    .packages(TasksPackage.eINSTANCE).build();
            Project p = model(n);
            try (Session s = repo.openSession()) {
                s.add(p);
                long t0 = System.nanoTime();
                CommitResult result = s.commit();
                best = Math.min(best, System.nanoTime() - t0);
                checkCommitted("commit of " + n + " new tasks", result, n);
            }
            int stored = repo.store().roots().size();
            if (stored != 1) {
                throw new IllegalStateException("commit of " + n + " new tasks: the memory store holds " + stored
                        + " roots, expected 1 (the project)");
            }
            Project q = model(n);
            Resource r = new XMIResourceImpl(URI.createURI("memory:/bench.xmi"));
            r.getContents().add(q);
            ByteArrayOutputStream saved = new ByteArrayOutputStream();
            long t0 = System.nanoTime();
            r.save(saved, Map.of(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, true));
            xmi = Math.min(xmi, System.nanoTime() - t0);
            if (saved.size() <= n) { // every task takes more than a byte
                throw new IllegalStateException("XMI save of " + n + " tasks: wrote " + saved.size()
                        + " bytes, expected more than " + n);
            }
        }
        row("commit " + n + " new tasks, one commit (memory store)", ms(xmi) + " (XMI save to memory)", ms(best),
                String.format("%.0f objects/s, validation on", (n + 1) / (best / 1e9)));
    }

    private void singleChangeLatency(int n) {
        Repository repo = Repositories.builder("lat", Repositories.memoryStore("lat"))
                .packages(TasksPackage.eINSTANCE).build();
        Project p = model(n);
        try (Session s = repo.openSession()) {
            s.add(p);
            s.commit();
            long[] samples = new long[2000];
            for (int i = 0; i < samples.length; i++) {
                Task task = p.getTasks().get(i % n);
                task.setTitle("changed " + i);
                long t0 = System.nanoTime();
                CommitResult result = s.commit();
                samples[i] = System.nanoTime() - t0;
                if (result.newVersions().size() != 1 || !result.newVersions().containsKey(s.idOf(task))) {
                    throw new IllegalStateException("commit of one changed task (" + i + "): versions for "
                            + result.newVersions().size() + " objects, expected for the changed task only");
                }
            }
            String title = (String) repo.store().load(s.idOf(p.getTasks().get((samples.length - 1) % n))).orElseThrow()
                    .value("title");
            if (!("changed " + (samples.length - 1)).equals(title)) {
                throw new IllegalStateException("commit of one changed task: the store holds title '" + title
                        + "' for the last task changed, expected 'changed " + (samples.length - 1) + "'");
            }
            Arrays.sort(samples);
            long median = samples[samples.length / 2];
            long p99 = samples[samples.length * 99 / 100];
            row("commit of one changed task in a " + n + "-task model", "-",
                    String.format("%.1f µs median", median / 1e3), String.format("p99 %.1f µs", p99 / 1e3));
        }
    }

    private void write() throws IOException {
        Path dir = out();
        StringBuilder md = new StringBuilder();
        md.append("# Strata core benchmark\n\n").append(ZonedDateTime.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", max heap ")
                .append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB\n\n")
                .append("| measurement | plain EMF | Strata | notes |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            md.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        Files.writeString(dir.resolve("core.md"), md.toString());
        System.out.println("Written to " + dir.resolve("core.md").toAbsolutePath());
    }
}
