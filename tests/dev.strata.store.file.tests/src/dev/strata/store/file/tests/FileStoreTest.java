package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.Corpus;
import dev.strata.core.contract.ModelDiff;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStoreOptions.Format;
import dev.strata.store.file.FileStores;

/** Reopening, compaction, plain-EMF readability, import, locking, torn tails and damage. */
class FileStoreTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        dir = Files.createTempDirectory("strata-file-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        FileStoreContractTest.deleteTree(dir);
    }

    private FileModelStore open(FileStoreOptions options) {
        return FileStores.open("files", options);
    }

    static ChangeSet create(String name, int count) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", name, "count", count))), List.of(), List.of());
    }

    static Set<Object> names(FileModelStore store) {
        Set<Object> names = new java.util.TreeSet<>();
        store.roots().forEach(r -> names.add(r.value("name")));
        return names;
    }

    @Test
    void commitsSurviveReopeningWithEitherSnapshotFormat() {
        for (Format format : Format.values()) {
            Path d = dir.resolve(format.extension());
            FileStoreOptions options = FileStoreOptions.defaults(d).withFormat(format);
            Repository repo;
            ObjectId rootId;
            try (FileModelStore store = open(options)) {
                repo = Repositories.builder("r", store).packages(M.ePackage).build();
                try (Session s = repo.openSession()) {
                    EObject root = s.add(M.newItem("root"));
                    ((List<EObject>) root.eGet(M.children)).add(M.newItem("kid"));
                    root.eSet(M.when, new java.util.Date(123456));
                    s.commit();
                    rootId = s.idOf(root);
                    root.eSet(M.text, "second commit");
                    s.commit();
                }
                store.compact();
                try (Session s = repo.openSession()) {
                    s.get(rootId).eSet(M.count, 7);
                    s.commit();
                }
            }
            try (FileModelStore store = open(options)) {
                Record root = store.load(rootId).orElseThrow();
                assertEquals("second commit", root.value("text"), format.toString());
                assertEquals(7, root.value("count"));
                assertEquals(3, root.version());
                assertEquals(new java.util.Date(123456), root.value("when"));
                Repository again = Repositories.builder("r", store).packages(M.ePackage).build();
                try (Session s = again.openSession()) {
                    EObject kid = ((List<EObject>) s.get(rootId).eGet(M.children)).get(0);
                    assertEquals("kid", kid.eGet(M.name));
                }
                assertEquals(1, store.query(Query.on(ITEM).eq("count", 7)).size(), "indexes are rebuilt on open");
            }
        }
    }

    /** A large commit is journaled as checked: a value the check converts reads back converted after reopening. */
    @Test
    void aLargeCommitIsJournaledAsChecked() {
        int n = 60_000;
        List<Record> fits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            fits.add(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n" + i, "count", i)));
        }
        List<Record> converts = new ArrayList<>(n);
        for (int i = 0; i < n - 1; i++) {
            converts.add(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "m" + i, "count", i)));
        }
        Record wide = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "wide", "count", 7L)); // an int as a long
        converts.add(wide);
        FileStoreOptions options = FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
        try (FileModelStore store = open(options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "", "", fits, List.of(), List.of()));
            store.commit(new ChangeSet(UUID.randomUUID(), "", "", converts, List.of(), List.of()));
        }
        try (FileModelStore store = open(options)) {
            assertEquals(2 * n, store.roots().size());
            assertEquals(Integer.valueOf(7), store.load(wide.id()).orElseThrow().value("count"),
                    "the checked value, not the one given");
            for (int i = 0; i < n; i += 997) {
                assertEquals(fits.get(i).values(), store.load(fits.get(i).id()).orElseThrow().values());
                assertEquals(converts.get(i).values(), store.load(converts.get(i).id()).orElseThrow().values());
            }
        }
    }

    @Test
    void aCommitRetriedAfterCompactionAndRestartIsAppliedOnce() {
        FileStoreOptions options = FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
        ChangeSet cs = create("once", 1);
        try (FileModelStore store = open(options)) {
            store.commit(cs);
            store.commit(create("other", 2));
            store.compact();
        }
        try (FileModelStore store = open(options)) {
            assertTrue(store.commit(cs).duplicate(), "recognised after compaction and restart");
            store.commit(create("after", 3));
        }
        try (FileModelStore store = open(options)) {
            assertTrue(store.commit(cs).duplicate(), "recognised after replaying the journal too");
            assertEquals(Set.of("once", "other", "after"), names(store));
        }
    }

    @Test
    void aCommitCostsWhatItChangesNotTheModelSize() {
        try (FileModelStore store = open(FileStoreOptions.defaults(dir).withCompactAfterBytes(0))) {
            List<Record> many = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                many.add(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n" + i, "text", "x".repeat(100))));
            }
            store.commit(new ChangeSet(UUID.randomUUID(), "", "", many, List.of(), List.of()));
            long before = store.journalSize();
            Record one = many.get(0);
            store.commit(new ChangeSet(UUID.randomUUID(), "", "", List.of(), List.of(new ChangeSet.Change(one.id(),
                    ITEM, 1, null, Map.of("text", "y"), Map.of("text", "x"))), List.of()));
            long cost = store.journalSize() - before;
            assertTrue(cost < 300, "one changed attribute appended " + cost + " bytes");
        }
    }

    @Test
    void theXmiSnapshotIsPlainXmiThatEmfLoads() throws IOException {
        ObjectId id;
        try (FileModelStore store = open(FileStoreOptions.defaults(dir))) {
            ChangeSet cs = create("for-emf", 3);
            id = cs.created().get(0).id();
            store.commit(cs);
            store.compact();
        }
        Path xmi;
        try (Stream<Path> files = Files.list(dir)) {
            xmi = files.filter(p -> p.toString().endsWith(".xmi")).findFirst().orElseThrow();
        }
        Resource r = new XMIResourceImpl(URI.createFileURI(xmi.toString()));
        new ResourceSetImpl().getResources().add(r);
        r.load(Map.of());
        EObject item = r.getContents().get(0);
        assertEquals("for-emf", item.eGet(M.name));
        assertEquals(3, item.eGet(M.count));
        assertEquals(id.toString(), ((XMIResourceImpl) r).getID(item));
    }

    @Test
    void anXmiFileWrittenByPlainEmfCanBeImported() throws IOException {
        Path xmi = Files.createTempFile("plain-emf", ".xmi");
        XMIResourceImpl r = new XMIResourceImpl(URI.createFileURI(xmi.toString()));
        new ResourceSetImpl().getResources().add(r);
        EObject root = M.newItem("imported-root");
        EObject a = M.newItem("a");
        EObject b = M.newItem("b");
        ((List<EObject>) root.eGet(M.children)).addAll(List.of(a, b));
        a.eSet(M.partner, b);
        r.getContents().add(root);
        r.setID(a, "_a-written-by-a-tool"); // not a UUID: kept beside the object's Strata id
        r.save(Map.of());
        Path target = dir.resolve("imported");
        List<String> steps = new ArrayList<>();
        try (FileModelStore store = FileStores.importXmi("imp", xmi, FileStoreOptions.defaults(target),
                (task, done, total) -> steps.add(task))) {
            assertFalse(steps.isEmpty(), "import reports progress");
            Repository repo = Repositories.builder("r", store).packages(M.ePackage).build();
            try (Session s = repo.openSession()) {
                EObject back = s.roots().get(0);
                assertEquals("imported-root", back.eGet(M.name));
                List<EObject> kids = (List<EObject>) back.eGet(M.children);
                assertEquals(kids.get(1), kids.get(0).eGet(M.partner));
                assertEquals("_a-written-by-a-tool", s.xmiId(kids.get(0)));
                // b had no xmi:id in the file (EMF named it by its path): an export writes none either.
                assertNull(s.xmiId(kids.get(1)));
                assertNull(s.xmiId(back));
            }
        } finally {
            Files.deleteIfExists(xmi);
        }
    }

    @Test
    void anXmiFileOfAPackageNoRegistryHoldsIsImportedIntoABinarySnapshot() throws IOException {
        // A package defined in a file beside the model (as a UML profile's), found through xsi:schemaLocation.
        Path folder = Files.createTempDirectory("unregistered");
        org.eclipse.emf.ecore.EPackage p = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEPackage();
        p.setName("dyn");
        p.setNsPrefix("dyn");
        p.setNsURI("urn:strata:test:unregistered");
        org.eclipse.emf.ecore.EClass thing = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEClass();
        thing.setName("Thing");
        org.eclipse.emf.ecore.EAttribute label = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE.createEAttribute();
        label.setName("label");
        label.setEType(org.eclipse.emf.ecore.EcorePackage.Literals.ESTRING);
        thing.getEStructuralFeatures().add(label);
        p.getEClassifiers().add(thing);
        ResourceSetImpl set = new ResourceSetImpl();
        XMIResourceImpl ecore = new XMIResourceImpl(URI.createFileURI(folder.resolve("dyn.ecore").toString()));
        set.getResources().add(ecore);
        ecore.getContents().add(p);
        ecore.save(Map.of());
        Path xmi = folder.resolve("things.xmi");
        XMIResourceImpl model = new XMIResourceImpl(URI.createFileURI(xmi.toString()));
        set.getResources().add(model);
        EObject t = org.eclipse.emf.ecore.util.EcoreUtil.create(thing);
        t.eSet(label, "one");
        model.getContents().add(t);
        model.save(Map.of(org.eclipse.emf.ecore.xmi.XMLResource.OPTION_SCHEMA_LOCATION, Boolean.TRUE));
        assertNull(org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.getEPackage(p.getNsURI()));

        try (FileModelStore store = FileStores.importXmi("unreg", xmi, FileStoreOptions.defaults(dir.resolve("unreg")),
                Progress.NONE)) {
            List<Record> roots = store.roots();
            assertEquals(1, roots.size());
            assertEquals(new TypeRef(p.getNsURI(), "Thing"), roots.get(0).type());
            assertEquals("one", roots.get(0).value("label"));
        }
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolder() {
        try (FileModelStore store = open(FileStoreOptions.defaults(dir))) {
            StoreException e = assertThrows(StoreException.class, () -> open(FileStoreOptions.defaults(dir)));
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains("pid " + ProcessHandle.current().pid()),
                    e.getMessage());
            store.commit(create("still works", 1));
        }
        try (FileModelStore reopened = open(FileStoreOptions.defaults(dir))) {
            assertEquals(Set.of("still works"), names(reopened));
        }
    }

    @Test
    void readersAreNotBlockedWhileCompactionRuns() throws Exception {
        try (FileModelStore store = open(FileStoreOptions.defaults(dir).withCompactAfterBytes(0))) {
            List<Record> many = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                many.add(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n" + i)));
            }
            store.commit(new ChangeSet(UUID.randomUUID(), "", "", many, List.of(), List.of()));
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread compaction = new Thread(() -> {
                try {
                    store.compact();
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    done.set(true);
                }
            });
            compaction.start();
            int reads = 0;
            long end = System.currentTimeMillis() + 30_000;
            while (!done.get() && System.currentTimeMillis() < end) {
                assertTrue(store.load(many.get(reads % many.size()).id()).isPresent());
                reads++;
            }
            compaction.join(30_000);
            assertEquals(null, failure.get());
            assertTrue(reads > 0, "reads went on during compaction");
            store.commit(create("after compaction", 1));
        }
        try (FileModelStore store = open(FileStoreOptions.defaults(dir))) {
            assertEquals(20_001, store.roots().size());
        }
    }

    // ------------------------------------------------------------------ torn tails and damage

    /** Commits three items, returning the journal size after each commit. */
    private List<Long> threeCommits(FileStoreOptions options) {
        List<Long> sizes = new ArrayList<>();
        try (FileModelStore store = open(options)) {
            for (int i = 0; i < 3; i++) {
                store.commit(create("c" + i, i));
                sizes.add(store.journalSize());
            }
        }
        return sizes;
    }

    private Path journal() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("journal-")).findFirst().orElseThrow();
        }
    }

    private Map<Path, byte[]> contents() throws IOException {
        Map<Path, byte[]> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("store.lock")) {
                    all.put(p, Files.readAllBytes(p));
                }
            }
        }
        return all;
    }

    @Test
    void aTornTailIsDroppedAtEveryByteOffsetOfTheLastCommit() throws IOException {
        FileStoreOptions options = FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
        List<Long> sizes = threeCommits(options);
        Path journal = journal();
        byte[] full = Files.readAllBytes(journal);
        for (long cut = sizes.get(1); cut < sizes.get(2); cut++) {
            Files.write(journal, java.util.Arrays.copyOf(full, (int) cut));
            try (FileModelStore store = open(options)) {
                assertEquals(Set.of("c0", "c1"), names(store), "cut at " + cut);
            }
            assertEquals(sizes.get(1), Files.size(journal), "the torn tail is cut off on open");
        }
        // After the cut, the store takes new commits normally.
        try (FileModelStore store = open(options)) {
            store.commit(create("c3", 3));
        }
        try (FileModelStore store = open(options)) {
            assertEquals(Set.of("c0", "c1", "c3"), names(store));
        }
    }

    @Test
    void aGarbledHeaderOnTheLastFrameIsATornTail() throws IOException {
        FileStoreOptions options = FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
        List<Long> sizes = threeCommits(options);
        Path journal = journal();
        // A crash can leave zeros where the last frame's header was being written.
        byte[] full = Files.readAllBytes(journal);
        byte[] torn = java.util.Arrays.copyOf(full, full.length + 40);
        Files.write(journal, torn);
        try (FileModelStore store = open(options)) {
            assertEquals(Set.of("c0", "c1", "c2"), names(store));
        }
        assertEquals(sizes.get(2), Files.size(journal));
    }

    @Test
    void damageInsideCommittedJournalDataIsReportedWithFileAndOffsetAndNothingIsOverwritten() throws IOException {
        FileStoreOptions options = FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
        List<Long> sizes = threeCommits(options);
        Path journal = journal();
        byte[] original = Files.readAllBytes(journal);
        int checked = 0;
        // Every byte of the first commit's frame, and the payload of the last one (its end is intact).
        List<Long> positions = new ArrayList<>();
        for (long p = 0; p < sizes.get(0); p++) {
            positions.add(p);
        }
        for (long p = sizes.get(1) + 12; p < sizes.get(2) - 4; p += 3) {
            positions.add(p);
        }
        for (long pos : positions) {
            byte[] damaged = original.clone();
            damaged[(int) pos] ^= 0x10;
            Files.write(journal, damaged);
            Map<Path, byte[]> before = contents();
            StoreException e = assertThrows(StoreException.class, () -> open(options), "flip at " + pos);
            assertTrue(e.getMessage().contains(journal.getFileName().toString()) && e.getMessage().contains("offset"),
                    e.getMessage());
            Map<Path, byte[]> after = contents();
            assertEquals(before.keySet(), after.keySet());
            for (Path p : before.keySet()) {
                assertArrayEquals(before.get(p), after.get(p), "no file is changed: " + p);
            }
            checked++;
        }
        assertTrue(checked > 50);
        Files.write(journal, original);
        try (FileModelStore store = open(options)) {
            assertEquals(Set.of("c0", "c1", "c2"), names(store));
        }
    }

    /**
     * An XMI or JSON snapshot is checked whole on open (its checksum; it is decoded from its binary
     * twin, see XmiTwinTest), so damage refuses the open. A binary snapshot
     * is read record by record: damage in its header or table of contents refuses the open, damage
     * in records or the id index is reported by the first read that meets it (and by queries, whose
     * indexes are built from every record).
     */
    @Test
    void damageInASnapshotIsReportedAndTheStoreRefusesToOpenOrToRead() throws IOException {
        for (Format format : Format.values()) {
            Path d = dir.resolve("snap-" + format.extension());
            FileStoreOptions options = FileStoreOptions.defaults(d).withFormat(format).withCompactAfterBytes(0);
            try (FileModelStore store = open(options)) {
                for (int i = 0; i < 20; i++) {
                    store.commit(create("s" + i, i));
                }
                store.compact();
            }
            Path snapshot;
            try (Stream<Path> files = Files.list(d)) {
                snapshot = files.filter(p -> p.toString().endsWith("." + format.extension())).findFirst().orElseThrow();
            }
            byte[] original = Files.readAllBytes(snapshot);
            for (int pos = 40; pos < original.length; pos += Math.max(1, original.length / 25)) {
                byte[] damaged = original.clone();
                damaged[pos] ^= 0x01;
                Files.write(snapshot, damaged);
                StoreException e = assertThrows(StoreException.class, () -> {
                    try (FileModelStore store = open(options)) {
                        if (format == Format.BINARY) {
                            store.roots();
                            store.query(Query.on(ITEM));
                        }
                    }
                }, format + " flip at " + pos);
                assertTrue(e.getMessage().contains(snapshot.getFileName().toString()), e.getMessage());
                assertArrayEquals(damaged, Files.readAllBytes(snapshot), "the damaged file is left as it is");
            }
            Files.write(snapshot, original);
            try (FileModelStore store = open(options)) {
                assertEquals(20, store.roots().size());
            }
        }
    }

    @Test
    void openingReportsProgress() {
        threeCommits(FileStoreOptions.defaults(dir));
        List<String> tasks = new ArrayList<>();
        try (FileModelStore store = FileStores.open("files", FileStoreOptions.defaults(dir), null,
                (task, done, total) -> tasks.add(task))) {
            assertTrue(tasks.stream().anyMatch(t -> t.startsWith("Opened store")), tasks.toString());
        }
    }

    // ------------------------------------------------------------------ fidelity of snapshots

    @Test
    void ecoresMetamodelCompactsToAnXmiSnapshotPlainEmfLoadsEqual() throws IOException {
        FileModelStore store = open(FileStoreOptions.defaults(dir));
        Repository repo = Repositories.builder("ecore", store).packages(EcorePackage.eINSTANCE).build();
        List<EObject> ecore = Corpus.ecoreMetamodel();
        try (Session s = repo.openSession()) {
            EcoreUtil.copyAll(ecore).forEach(s::add);
            s.commit();
        }
        store.compact();
        store.close();
        assertEquals("xmi", currentFormat(dir), "compaction kept the XMI format");
        Path snapshot;
        try (Stream<Path> files = Files.list(dir)) {
            snapshot = files.filter(p -> p.toString().endsWith(".xmi")).findFirst().orElseThrow();
        }
        Resource plain = new XMIResourceImpl(URI.createFileURI(snapshot.toString()));
        new ResourceSetImpl().getResources().add(plain);
        plain.load(null);
        assertEquals(List.of(), ModelDiff.of(ecore, plain.getContents()), "plain EMF reads the snapshot as Ecore.ecore");
    }

    @Test
    void rootsKeepTheirOrderThroughCompactionAndReopening() throws IOException {
        for (Format format : Format.values()) {
            Path d = dir.resolve("order-" + format.extension());
            FileStoreOptions options = FileStoreOptions.defaults(d).withFormat(format);
            List<String> expected = new ArrayList<>();
            try (FileModelStore store = open(options)) {
                for (int i = 0; i < 40; i++) {
                    String name = "root-" + (i * 7919 % 40); // not in any sorted order
                    store.commit(create(name, i));
                    expected.add(name);
                }
                store.compact();
                store.commit(create("after-compaction", 99));
                expected.add("after-compaction");
            }
            try (FileModelStore store = open(options)) {
                assertEquals(expected, store.roots().stream().map(r -> r.value("name")).toList(), format.name());
            }
        }
    }

    /** The format CURRENT names: the second word of its first line. */
    static String currentFormat(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("CURRENT")).get(0).split("\\s+")[1];
    }

    @Test
    void controlCharactersKeepTheXmiSnapshotAndNulFallsBackToBinary() throws IOException {
        FileModelStore store = open(FileStoreOptions.defaults(dir));
        String control = "form\ffeed \u0001 bell\u0007";
        store.commit(create(control, 1));
        store.compact();
        assertEquals("xmi", currentFormat(dir), "XML 1.1 carries control characters");
        store.commit(create("nul\u0000inside", 2));
        store.compact();
        store.close();
        assertEquals("bin", currentFormat(dir), "XML cannot hold NUL: the snapshot is binary, not a failed compaction");
        FileModelStore again = open(FileStoreOptions.defaults(dir));
        try {
            assertEquals(Set.of(control, "nul\u0000inside"), names(again));
        } finally {
            again.close();
        }
    }
    /**
     * Every way the record format writes a value (short ASCII text, text Java encodes in more
     * bytes, NUL, text long enough to go as chars, the edges of floats and doubles, many-valued
     * text) reads back the same from the journal and from a binary snapshot.
     */
    @Test
    void everyEncodingOfAValueReadsBackFromTheJournalAndTheBinarySnapshot() {
        List<Map<String, Object>> values = List.of(
                Map.of("name", "", "text", "a".repeat(15_999), "ratio", Float.NaN, "precise", -0.0d,
                        "letter", '\u00e9', "small", (short) -1, "tiny", (byte) -128, "big", Long.MIN_VALUE),
                Map.of("name", "nul\u0000inside", "text", "\u00e9".repeat(15_999), "ratio", -0.0f,
                        "precise", Double.MIN_VALUE, "letter", '\uffff'),
                Map.of("name", "emoji \uD83D\uDE00 \u4E2D", "text", "\u4E2D".repeat(40_000),
                        "ratio", Float.MIN_VALUE, "precise", Double.NEGATIVE_INFINITY),
                Map.of("name", "x".repeat(70_000), "text", "tab\tnew\nline", "tags",
                        List.of("a", "\u00fc", "", "nul\u0000", "a")));
        List<ObjectId> ids = new java.util.ArrayList<>();
        FileStoreOptions options = FileStoreOptions.defaults(dir).withFormat(Format.BINARY);
        try (FileModelStore store = open(options)) {
            List<Record> records = new java.util.ArrayList<>();
            for (Map<String, Object> v : values) {
                Record r = new Record(ObjectId.random(), ITEM, 0, v);
                records.add(r);
                ids.add(r.id());
            }
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", records, List.of(), List.of()));
        }
        for (String from : List.of("the journal", "the binary snapshot")) {
            try (FileModelStore store = open(options)) {
                for (int i = 0; i < values.size(); i++) {
                    Record r = store.load(ids.get(i)).orElseThrow();
                    for (Map.Entry<String, Object> e : values.get(i).entrySet()) {
                        // not assertEquals: a failure would print strings of 70,000 characters
                        assertTrue(e.getValue().equals(r.value(e.getKey())), e.getKey() + " of record " + i + " from " + from);
                    }
                }
                store.compact();
            }
        }
    }
}
