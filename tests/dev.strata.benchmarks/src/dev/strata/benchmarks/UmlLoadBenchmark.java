package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.Corpus;
import dev.strata.core.contract.ModelDiff;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Loading UML's own metamodel ({@code UML.metamodel.uml}, ~8,000 objects, shipped with UML2) from
 * each store into a fresh session, against EMF's XMI load of the same file. A round is: open the
 * store anew, open a session, load every root with all it contains; EMF's load runs in turn with
 * each round. Medians of 9 rounds after 5 warm-up rounds. Writes target/benchmarks/uml-load.md.
 */
class UmlLoadBenchmark {

    private static final int WARMUP = 5;
    private static final int ROUNDS = 9;
    private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final List<String> rows = new ArrayList<>();

    private interface Opener {
        ModelStore open() throws Exception;
    }

    @Test
    void run() throws Exception {
        List<EObject> uml = Corpus.uml("UML_METAMODELS/UML.metamodel.uml");
        List<EPackage> packages = Corpus.packagesOf(uml);
        int objects = ModelDiff.size(uml);
        Work emf = () -> {
            ResourceSetImpl set = new ResourceSetImpl();
            Resource r = set.getResource(URI.createURI("pathmap://UML_METAMODELS/UML.metamodel.uml"), true);
            if (ModelDiff.size(r.getContents()) != objects) {
                throw new IllegalStateException("EMF read " + ModelDiff.size(r.getContents()) + " objects");
            }
            return r;
        };
        Release unload = r -> ((Resource) r).unload(); // else UML2's global cache keeps every round's model
        // Two passes, the first only to warm the JIT for everything: else the store measured first
        // pays for code the others then share.
        for (int pass = 0; pass < 2; pass++) {
            rows.clear();
            measureStores(packages, uml, new Side(emf, unload));
        }
        writeRows(objects);
    }

    private void measureStores(List<EPackage> packages, List<EObject> uml, Side emf) throws Exception {
        Path work = Files.createTempDirectory("strata-uml-bench");
        try {
            for (FileStoreOptions.Format format : FileStoreOptions.Format.values()) {
                Path dir = work.resolve(format.name());
                FileStoreOptions options = FileStoreOptions.defaults(dir).withFormat(format);
                measure("file, " + format.name().toLowerCase() + " snapshot", packages, uml, emf,
                        () -> FileStores.open("uml", options), s -> ((FileModelStore) s).compact(),
                        s -> ((FileModelStore) s).close());
            }
            JdbcStoreOptions h2 = JdbcStoreOptions.of("jdbc:h2:" + work.resolve("h2").resolve("uml"));
            measure("H2 (embedded)", packages, uml, emf, () -> JdbcStores.open("uml", h2), s -> { },
                    s -> ((JdbcModelStore) s).close());
            String schema = "strata_uml_bench";
            dropSchema(schema);
            JdbcStoreOptions pg = JdbcStoreOptions.of(PG_URL).withCredentials("postgres", "").withSchema(schema);
            measure("PostgreSQL", packages, uml, emf, () -> JdbcStores.open("uml", pg), s -> { },
                    s -> ((JdbcModelStore) s).close());
            if (!Boolean.getBoolean("strata.bench.keepSchema")) { // kept to study the plans in psql
                dropSchema(schema);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void writeRows(int objects) throws Exception {
        StringBuilder md = new StringBuilder("# Loading UML's metamodel (" + objects + " objects)\n\n")
                .append(ZonedDateTime.now()).append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000)
                .append(" MB; open the store, a session, every root and its contents; EMF's XMI load of the file in turn with")
                .append(" each round; medians of ").append(ROUNDS).append(" rounds after ").append(WARMUP).append(" warm-up rounds")
                .append("\n\n| from | open store + repository + load | EMF's load, same rounds | ratio | a session on the open store")
                .append(" | EMF's load, same rounds | ratio |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("uml-load.md"), md.toString());
        System.out.println(md);
    }

    private interface StoreAction {
        void run(ModelStore s) throws Exception;
    }

    private void measure(String label, List<EPackage> packages, List<EObject> uml, Side emf, Opener opener,
            StoreAction settle, StoreAction close) throws Exception {
        String only = System.getProperty("strata.bench.only", ""); // one store, e.g. to profile it
        if (!label.startsWith(only)) {
            return;
        }
        ModelStore first = opener.open();
        List<ObjectId> ids;
        try {
            Repository repo = Repositories.builder("uml", first).packages(packages.toArray(EPackage[]::new)).build();
            try (Session s = repo.openSession()) {
                List<EObject> copies = new ArrayList<>(EcoreUtil.copyAll(uml));
                s.importRoots(copies);
                s.commit();
                ids = copies.stream().map(s::idOf).toList();
            }
            settle.run(first); // e.g. compaction, so a reopen reads the snapshot
        } finally {
            close.run(first);
        }
        long[] openNanos = new long[WARMUP + ROUNDS];
        int[] round = { 0 };
        int expected = ModelDiff.size(uml);
        Timing cold = alternate(emf, new Side(() -> {
            long t0 = System.nanoTime();
            ModelStore store = opener.open();
            try {
                Repository repo = Repositories.builder("uml", store).packages(packages.toArray(EPackage[]::new)).build();
                openNanos[round[0]++] = System.nanoTime() - t0;
                return new Loaded(loadAll(label, repo, ids.size(), expected), store);
            } catch (Exception | Error e) {
                close.run(store);
                throw e;
            }
        }, loaded -> { // not timed, as EMF's unload is not
            ((Loaded) loaded).session().close();
            close.run(((Loaded) loaded).store());
        }));
        long[] opens = Arrays.copyOfRange(openNanos, WARMUP, WARMUP + ROUNDS);
        Arrays.sort(opens);
        // A second session on a store that stays open: the workbench's case once it runs (warm
        // connections for the JDBC stores, the snapshot already read for the file store).
        ModelStore open = opener.open();
        Timing warm;
        try {
            Repository repo = Repositories.builder("uml", open).packages(packages.toArray(EPackage[]::new)).build();
            warm = alternate(emf, new Side(() -> loadAll(label, repo, ids.size(), expected),
                    session -> ((Session) session).close()));
        } finally {
            close.run(open);
        }
        rows.add("| " + label + " | " + ms(cold.strata()) + " (open " + ms(opens[ROUNDS / 2]) + ") | "
                + ms(cold.emf()) + " | " + String.format("%.2f×", cold.ratio()) + " | " + ms(warm.strata()) + " | "
                + ms(warm.emf()) + " | " + String.format("%.2f×", warm.ratio()) + " |");
    }

    /** A new session with every root and all it contains loaded, checked against what was written. */
    private static Session loadAll(String label, Repository repo, int roots, int objects) {
        Session s = repo.openSession();
        try {
            int n = 0;
            for (EObject root : s.roots()) {
                n += 1 + (int) java.util.stream.StreamSupport.stream(
                        ((Iterable<EObject>) root::eAllContents).spliterator(), false).count();
            }
            if (s.roots().size() != roots || n != objects) {
                throw new IllegalStateException(label + ": " + s.roots().size() + " roots and " + n
                        + " objects read, " + roots + " and " + objects + " written");
            }
            return s;
        } catch (RuntimeException | Error e) {
            s.close();
            throw e;
        }
    }

    private interface Work {
        Object run() throws Exception;
    }

    /** What a round leaves to release after its time is taken. */
    private interface Release {
        void run(Object result) throws Exception;
    }

    private record Loaded(Session session, ModelStore store) {
    }

    /** A timed piece of work and how to release what it made, untimed. */
    private record Side(Work work, Release release) {
    }

    /** Medians of both sides and of their ratio round by round. */
    private record Timing(long emf, long strata, double ratio) {
    }

    /**
     * EMF's load and Strata's in turn, round by round, each after a garbage collection, so that both
     * meet the same state of the machine (this VM's speed drifts by tens of percent over minutes);
     * the ratio is the median of each round's ratio.
     */
    private static Timing alternate(Side emf, Side strata) throws Exception {
        long[] e = new long[ROUNDS];
        long[] s = new long[ROUNDS];
        double[] ratios = new double[ROUNDS];
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long te = time(emf);
            long ts = time(strata);
            if (i >= WARMUP) {
                e[i - WARMUP] = te;
                s[i - WARMUP] = ts;
                ratios[i - WARMUP] = ts / (double) te;
            }
        }
        Arrays.sort(e);
        Arrays.sort(s);
        Arrays.sort(ratios);
        return new Timing(e[ROUNDS / 2], s[ROUNDS / 2], ratios[ROUNDS / 2]);
    }

    private static long time(Side side) throws Exception {
        System.gc(); // untimed, so no side pays for the garbage of the other
        long t0 = System.nanoTime();
        Object result = side.work().run();
        long t = System.nanoTime() - t0;
        if (result == null) {
            throw new IllegalStateException("a round returned nothing");
        }
        side.release().run(result);
        return t;
    }

    private static String ms(long nanos) {
        return String.format("%.0f ms", nanos / 1e6);
    }

    private static void dropSchema(String schema) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        try (Connection c = new org.postgresql.Driver().connect(PG_URL, p); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
