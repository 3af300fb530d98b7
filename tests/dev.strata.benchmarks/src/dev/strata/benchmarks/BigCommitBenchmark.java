package dev.strata.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.contract.ChildJvm;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileStores;

/**
 * Issue #17's bulk rows measured so that one run can be compared with another: one commit of the
 * whole model (N tasks, N/10 coordinators, 100 tags, one project) to a new file store, and its binary
 * compaction, against EMF's binary save of the same model — in several fresh JVMs, alternately EMF
 * first and Strata first, several rounds each, a full collection before every clock starts. Reports
 * medians and ranges: the first round of a JVM ("cold", what a user's first big import meets) and
 * the later rounds ("warm"), wall time and the thread's CPU time; ratios are medians of each round's
 * own ratio. Writes target/benchmarks/big-commit.md.
 *
 * <p>{@code -Dstrata.bench.bigcommit.sizes=100000,1000000}, {@code .jvms=4}, {@code .rounds=3}.
 */
class BigCommitBenchmark {

    private record Round(int jvm, int round, long emf, long emfCpu, long commit, long commitCpu, long compact,
            long compactCpu) {
    }

    @Test
    void run() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("strata.bench.bigcommit.sizes", "100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int jvms = Integer.getInteger("strata.bench.bigcommit.jvms", 4);
        int rounds = Integer.getInteger("strata.bench.bigcommit.rounds", 3);
        StringBuilder md = new StringBuilder("# One big commit and its compaction against EMF's binary save (issue #17)\n\n")
                .append(ZonedDateTime.now()).append(", ").append(jvms).append(" fresh JVMs a size (").append(jvmOptions())
                .append("), EMF first in every other one, ").append(rounds).append(" rounds each, ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores\n\n")
                .append("| tasks (objects) | rounds | EMF binary save | Strata commit | ratio | binary compaction | ratio | goal |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        Path work = Files.createTempDirectory("strata-big-commit");
        try {
            for (int n : sizes) {
                List<Round> all = new ArrayList<>();
                for (int j = 0; j < jvms; j++) {
                    all.addAll(child(j, j % 2 == 0 ? "emf-first" : "strata-first", n, rounds, work));
                }
                String objects = String.format("%,d (%,d)", n, n + n / 10 + 101);
                md.append(rows(objects, "cold (1st of a JVM)", all.stream().filter(r -> r.round() == 1).toList()));
                if (rounds > 1) {
                    md.append(rows(objects, "warm (later)", all.stream().filter(r -> r.round() > 1).toList()));
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        md.append("\nEach cell: median wall time [range] / median CPU time of the measuring thread.\n");
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("big-commit.md"), md.toString());
        System.out.println(md);
    }

    private static List<String> jvmOptionList() {
        return List.of(System.getProperty("strata.bench.bigcommit.jvm", "-Xms2g -Xmx8g -XX:+UseParallelGC").split(" "));
    }

    private static String jvmOptions() {
        return String.join(" ", jvmOptionList());
    }

    private static String rows(String objects, String which, List<Round> rs) {
        return "| " + objects + " | " + which + " | " + cell(rs, Round::emf, Round::emfCpu) + " | "
                + cell(rs, Round::commit, Round::commitCpu) + " | " + ratio(rs, Round::commit) + " | "
                + cell(rs, Round::compact, Round::compactCpu) + " | " + ratio(rs, Round::compact) + " | ≤ 2× / ≤ 1.5× |\n";
    }

    private static String cell(List<Round> rs, ToDoubleFunction<Round> wall, ToDoubleFunction<Round> cpu) {
        double[] w = rs.stream().mapToDouble(wall).sorted().toArray();
        return ms(median(w)) + " [" + ms(w[0]) + "–" + ms(w[w.length - 1]) + "] / "
                + ms(median(rs.stream().mapToDouble(cpu).sorted().toArray()));
    }

    private static String ratio(List<Round> rs, ToDoubleFunction<Round> strata) {
        double[] r = rs.stream().mapToDouble(x -> strata.applyAsDouble(x) / x.emf()).sorted().toArray();
        return String.format("%.1f× [%.1f–%.1f]", median(r), r[0], r[r.length - 1]);
    }

    private static double median(double[] sorted) {
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static String ms(double nanos) {
        return nanos >= 10e9 ? String.format("%.1f s", nanos / 1e9) : String.format("%,.0f ms", nanos / 1e6);
    }

    private static List<Round> child(int jvm, String order, int n, int rounds, Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("jvm" + jvm));
        Process p = ChildJvm.of(BigCommitChild.class, List.of(Repositories.class, Record.class, EPackage.class,
                URI.class, org.osgi.service.event.EventAdmin.class, TasksPackage.class, FileStores.class,
                org.eclipse.emf.ecore.xmi.XMLResource.class, org.eclipse.emf.ecore.change.ChangeDescription.class),
                jvmOptionList(), order, Integer.toString(n), Integer.toString(rounds), dir.toString()).start();
        List<Round> result = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                out.add(l);
                if (l.startsWith("ROUND ")) {
                    long[] v = Arrays.stream(l.substring(6).split(" ")).mapToLong(Long::parseLong).toArray();
                    result.add(new Round(jvm, (int) v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
                    System.out.println("big commit, " + n + " tasks, JVM " + jvm + " (" + order + "): " + l);
                }
            }
        }
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("big commit JVM " + jvm + " did not finish in 30 min");
        }
        if (p.exitValue() != 0 || result.size() != rounds) {
            throw new IllegalStateException("big commit JVM " + jvm + " exited " + p.exitValue() + " after "
                    + result.size() + " of " + rounds + " rounds: " + String.join(" / ", out));
        }
        return result;
    }
}
