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
 * store anew, open a session, load every root with all it contains. Median of 5 rounds after 2
 * warm-up rounds. Writes target/benchmarks/uml-load.md.
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
        // Two passes, the first only to warm the JIT for everything: else the store measured first
        // pays for code the others then share.
        for (int pass = 0; pass < 2; pass++) {
            long emf = median(() -> {
                ResourceSetImpl set = new ResourceSetImpl();
                Resource r = set.getResource(URI.createURI("pathmap://UML_METAMODELS/UML.metamodel.uml"), true);
                return r.getContents().size();
            });
            rows.clear();
            rows.add("| EMF XMI load (UML2's resource factory) | " + ms(emf) + " | 1.00× |");
            measureStores(packages, uml, emf);
        }
        writeRows(objects);
    }

    private void measureStores(List<EPackage> packages, List<EObject> uml, long emf) throws Exception {
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
            dropSchema(schema);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void writeRows(int objects) throws Exception {
        StringBuilder md = new StringBuilder("# Loading UML's metamodel (" + objects + " objects)\n\n")
                .append(ZonedDateTime.now()).append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000)
                .append(" MB; open the store, a session, every root and its contents; median of ").append(ROUNDS)
                .append("\n\n| from | time (open store + repository, load the objects) | against EMF's XMI load |\n|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("uml-load.md"), md.toString());
        System.out.println(md);
    }

    private interface StoreAction {
        void run(ModelStore s) throws Exception;
    }

    private void measure(String label, List<EPackage> packages, List<EObject> uml, long emf, Opener opener,
            StoreAction settle, StoreAction close) throws Exception {
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
        long strata = median(() -> {
            long t0 = System.nanoTime();
            ModelStore store = opener.open();
            try {
                Repository repo = Repositories.builder("uml", store).packages(packages.toArray(EPackage[]::new)).build();
                openNanos[round[0]++] = System.nanoTime() - t0;
                try (Session s = repo.openSession()) {
                    int n = 0;
                    for (EObject root : s.roots()) {
                        n += 1 + (int) java.util.stream.StreamSupport.stream(
                                ((Iterable<EObject>) root::eAllContents).spliterator(), false).count();
                    }
                    if (s.roots().size() != ids.size()) {
                        throw new IllegalStateException(label + ": " + s.roots().size() + " roots read, " + ids.size()
                                + " written");
                    }
                    return n;
                }
            } finally {
                close.run(store);
            }
        });
        long[] opens = Arrays.copyOfRange(openNanos, WARMUP, WARMUP + ROUNDS);
        Arrays.sort(opens);
        rows.add("| " + label + " | " + ms(strata) + " (open " + ms(opens[ROUNDS / 2]) + ", load "
                + ms(strata - opens[ROUNDS / 2]) + ") | " + String.format("%.2f×", strata / (double) emf) + " |");
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static long median(Work work) throws Exception {
        long[] samples = new long[ROUNDS];
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long t0 = System.nanoTime();
            Object result = work.run();
            long t = System.nanoTime() - t0;
            if (result == null) {
                throw new IllegalStateException("a round returned nothing");
            }
            if (i >= WARMUP) {
                samples[i - WARMUP] = t;
            }
        }
        Arrays.sort(samples);
        return samples[ROUNDS / 2];
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
