package dev.strata.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.ExtendedMetaData;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * A large feature map: one object whose N children are elements of a group (as EMF's XML Schema
 * mapping makes for a repeated choice), committed to a file store in one commit and read back
 * through a new session. Time per size shows whether the work grows with N or with N². Writes
 * target/benchmarks/feature-map.md. {@code -Dstrata.bench.featuremap.sizes=20000,40000,80000,160000}.
 */
class FeatureMapBenchmark {

    private final EClass item;
    private final EClass doc;
    private final EAttribute name;
    private final EReference items;
    private final EPackage pkg;

    FeatureMapBenchmark() {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        pkg = f.createEPackage();
        pkg.setName("fmbench");
        pkg.setNsURI("urn:strata:bench:feature-map");
        pkg.setNsPrefix("fmbench");
        item = f.createEClass();
        item.setName("Item");
        name = f.createEAttribute();
        name.setName("name");
        name.setEType(EcorePackage.Literals.ESTRING);
        item.getEStructuralFeatures().add(name);
        doc = f.createEClass();
        doc.setName("Doc");
        EAttribute group = f.createEAttribute();
        group.setName("group");
        group.setEType(EcorePackage.Literals.EFEATURE_MAP_ENTRY);
        group.setUpperBound(-1);
        doc.getEStructuralFeatures().add(group);
        items = f.createEReference();
        items.setName("items");
        items.setEType(item);
        items.setUpperBound(-1);
        items.setContainment(true);
        items.setDerived(true);
        items.setVolatile(true);
        items.setTransient(true);
        doc.getEStructuralFeatures().add(items);
        pkg.getEClassifiers().add(item);
        pkg.getEClassifiers().add(doc);
        ExtendedMetaData meta = ExtendedMetaData.INSTANCE;
        meta.setFeatureKind(group, ExtendedMetaData.GROUP_FEATURE);
        meta.setName(group, "group:0");
        meta.setFeatureKind(items, ExtendedMetaData.ELEMENT_FEATURE);
        meta.setName(items, "items");
        meta.setGroup(items, group);
    }

    @Test
    void run() throws Exception {
        int[] sizes = Arrays.stream(System.getProperty("strata.bench.featuremap.sizes", "20000,40000,80000,160000")
                .split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        List<String> rows = new ArrayList<>();
        Path work = Files.createTempDirectory("strata-feature-map-bench");
        try {
            measure(work.resolve("warm-up"), Math.min(sizes[0], 20_000)); // the JIT, before the sizes compared
            for (int n : sizes) {
                long[] t = measure(work.resolve("n" + n), n);
                String row = String.format("| %,d | %,d ms | %,d ms | %.1f µs | %.1f µs |", n, t[0] / 1_000_000,
                        t[1] / 1_000_000, t[0] / 1e3 / n, t[1] / 1e3 / n);
                rows.add(row);
                System.out.println(row);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StringBuilder md = new StringBuilder("# A large feature map (group elements), file store\n\n")
                .append(ZonedDateTime.now()).append("\n\n")
                .append("| elements | one commit | read back (new session, every element's name) | commit per element | read per element |\n")
                .append("|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("feature-map.md"), md.toString());
        System.out.println(md);
    }

    /** Nanoseconds of the commit and of reading every element back. */
    @SuppressWarnings("unchecked")
    private long[] measure(Path dir, int n) {
        try (FileModelStore store = FileStores.open("feature-map", FileStoreOptions.defaults(dir))) {
            Repository repo = Repositories.builder("feature-map", store).packages(pkg).validate(false).build();
            ObjectId id;
            long commit;
            try (Session s = repo.openSession()) {
                EObject d = EcoreUtil.create(doc);
                List<EObject> all = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    EObject it = EcoreUtil.create(item);
                    it.eSet(name, "item " + i);
                    all.add(it);
                }
                ((List<EObject>) d.eGet(items)).addAll(all);
                s.add(d);
                long t0 = System.nanoTime();
                s.commit();
                commit = System.nanoTime() - t0;
                id = s.idOf(d);
            }
            long read;
            try (Session s = repo.openSession()) {
                long t0 = System.nanoTime();
                List<EObject> back = (List<EObject>) s.get(id).eGet(items);
                long chars = 0;
                for (EObject it : back) {
                    chars += ((String) it.eGet(name)).length();
                }
                read = System.nanoTime() - t0;
                if (back.size() != n || chars == 0) {
                    throw new IllegalStateException("read " + back.size() + " of " + n + " elements back");
                }
            }
            return new long[] {commit, read};
        }
    }
}
