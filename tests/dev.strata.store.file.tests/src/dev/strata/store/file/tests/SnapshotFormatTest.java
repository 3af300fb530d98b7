package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStoreOptions.Format;
import dev.strata.store.file.FileStores;
import dev.strata.wire.ModelFiles;

/**
 * An XMI or JSON snapshot stays in the format the user chose for models a user has: a package built
 * in code (in no resource) and objects imported from a file written by plain EMF, with xmi:ids of
 * their own or none. Each used to turn the snapshot into a binary one (its read-back check failed).
 */
class SnapshotFormatTest {

    private static final String NS = "urn:strata:test:snapshot-format";

    private final EPackage shelves = EcoreFactory.eINSTANCE.createEPackage();
    private final EClass shelf = EcoreFactory.eINSTANCE.createEClass();
    private final EClass book = EcoreFactory.eINSTANCE.createEClass();
    private final EReference books = EcoreFactory.eINSTANCE.createEReference();
    private final EAttribute title = EcoreFactory.eINSTANCE.createEAttribute();
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        // Built in code and registered, in no resource: what emfjson named as "#//Shelf".
        shelves.setName("shelves");
        shelves.setNsPrefix("shelves");
        shelves.setNsURI(NS);
        shelf.setName("Shelf");
        book.setName("Book");
        title.setName("title");
        title.setEType(EcorePackage.Literals.ESTRING);
        book.getEStructuralFeatures().add(title);
        books.setName("books");
        books.setEType(book);
        books.setContainment(true);
        books.setUpperBound(-1);
        shelf.getEStructuralFeatures().add(books);
        shelves.getEClassifiers().addAll(List.of(shelf, book));
        assertTrue(shelves.eResource() == null);
        EPackage.Registry.INSTANCE.put(NS, shelves);
        dir = Files.createTempDirectory("strata-snapshot-format");
    }

    @AfterEach
    void tearDown() throws IOException {
        EPackage.Registry.INSTANCE.remove(NS);
        FileStoreContractTest.deleteTree(dir);
    }

    /** A shelf of three books written by plain EMF: one book with an xmi:id of its own, the rest with none. */
    private Path plainXmi() throws IOException {
        EObject s = EcoreUtil.create(shelf);
        @SuppressWarnings("unchecked")
        EList<EObject> list = (EList<EObject>) s.eGet(books);
        for (String t : List.of("Dune", "Emma", "Ulysses")) {
            EObject b = EcoreUtil.create(book);
            b.eSet(title, t);
            list.add(b);
        }
        Path file = dir.resolve("shelf.xmi");
        XMIResourceImpl r = new XMIResourceImpl(URI.createFileURI(file.toString()));
        r.getContents().add(s);
        r.setID(list.get(1), "emma-1");
        r.save(Map.of());
        return file;
    }

    private static Map<String, String> xmiIdsByTitle(FileModelStore store, EClass bookClass) {
        Map<String, String> ids = new TreeMap<>();
        for (Record r : store.query(Query.on(bookClass))) {
            ids.put((String) r.value("title"), r.xmiId());
        }
        return ids;
    }

    private void retitle(FileModelStore store, String from, String to) {
        Record r = store.query(Query.on(book)).stream().filter(b -> from.equals(b.value("title"))).findFirst()
                .orElseThrow();
        store.commit(new ChangeSet(UUID.randomUUID(), "test", "retitle", List.of(),
                List.of(new ChangeSet.Change(r.id(), r.type(), r.version(), r.container(), Map.of("title", to),
                        Map.of("title", from))),
                List.of()));
    }

    private static List<String> snapshots(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("snapshot-\\d+\\.(xmi|json|bin)"))
                    .sorted().toList();
        }
    }

    @Test
    void importedXmiIdsKeepAnXmiSnapshot() throws IOException {
        importedXmiIdsKeepTheChosenFormat(Format.XMI);
    }

    @Test
    void importedXmiIdsAndAPackageInNoResourceKeepAJsonSnapshot() throws IOException {
        importedXmiIdsKeepTheChosenFormat(Format.JSON);
    }

    private void importedXmiIdsKeepTheChosenFormat(Format format) throws IOException {
        Path store = dir.resolve("store");
        Map<String, String> expected = Map.of("Dune", "", "Emma", "emma-1", "Ulysses", "");
        FileStoreOptions options = FileStoreOptions.defaults(store).withFormat(format);
        try (FileModelStore s = FileStores.importXmi("shelf", plainXmi(), options, dev.strata.core.Progress.NONE)) {
            assertEquals(expected, xmiIdsByTitle(s, book));
            ObjectId root = s.rootIds().get(0);
            assertEquals("", s.load(root).orElseThrow().xmiId());
        }
        assertEquals(List.of("snapshot-1." + format.extension()), snapshots(store),
                "the import wrote its snapshot in the format chosen");

        // Read the XMI or JSON itself (not its binary twin): the xmi:ids come from the snapshot's description.
        try (Stream<Path> files = Files.list(store)) {
            for (Path twin : files.filter(p -> p.getFileName().toString().endsWith(".records")).toList()) {
                Files.delete(twin);
            }
        }
        try (FileModelStore s = FileStores.open("shelf", options)) {
            assertEquals(expected, xmiIdsByTitle(s, book));
            assertEquals(TypeRef.of(shelf), s.load(s.rootIds().get(0)).orElseThrow().type());
            retitle(s, "Dune", "Dune Messiah");
            s.compact();
            assertEquals(Map.of("Dune Messiah", "", "Emma", "emma-1", "Ulysses", ""), xmiIdsByTitle(s, book));
        }
        assertEquals(List.of("snapshot-2." + format.extension()), snapshots(store),
                "a compaction wrote the chosen format too");
    }

    /** The store's notice says when and why its snapshot is not in the format chosen, across a restart. */
    @Test
    void aSnapshotThatFellBackToBinarySaysWhy() throws IOException {
        Path store = dir.resolve("store");
        FileStoreOptions xmi = FileStoreOptions.defaults(store).withFormat(Format.XMI);
        String notice;
        try (FileModelStore s = FileStores.importXmi("shelf", plainXmi(), xmi, dev.strata.core.Progress.NONE)) {
            assertEquals(java.util.Optional.empty(), s.notice(), "in the format chosen: nothing to say");
            retitle(s, "Dune", "Dune\u0000"); // no XML can hold a NUL: the XMI snapshot cannot carry it
            s.compact();
            notice = s.notice().orElseThrow();
            assertTrue(notice.startsWith("snapshot 2 is binary, not xmi (the xmi snapshot could not be used: "), notice);
            assertTrue(notice.contains("0x0") && notice.endsWith(")"), notice);
            assertFalse(notice.chars().anyMatch(Character::isISOControl), "one line: " + notice);
        }
        assertEquals(List.of("snapshot-2.bin"), snapshots(store));
        try (FileModelStore s = FileStores.open("shelf", xmi)) {
            assertEquals(notice, s.notice().orElseThrow(), "kept across a restart");
        }
        try (FileModelStore s = FileStores.open("shelf", xmi.withFormat(Format.BINARY))) {
            assertEquals(java.util.Optional.empty(), s.notice(), "binary chosen now: nothing to say");
        }
        try (FileModelStore s = FileStores.open("shelf", xmi.withFormat(Format.JSON))) {
            assertEquals("snapshot 2 is binary, not json (written before json was chosen, or by an earlier version; the"
                    + " next compaction after a commit writes json if every value fits)", s.notice().orElseThrow(),
                    "why XMI could not be used is not why JSON is not");
        }
        Path other = dir.resolve("other");
        FileStores.importXmi("other", plainXmi(), FileStoreOptions.defaults(other).withFormat(Format.BINARY),
                dev.strata.core.Progress.NONE).close();
        try (FileModelStore s = FileStores.open("other", FileStoreOptions.defaults(other).withFormat(Format.JSON))) {
            assertEquals("snapshot 1 is binary, not json (written before json was chosen, or by an earlier version; the"
                    + " next compaction after a commit writes json if every value fits)", s.notice().orElseThrow());
        }
    }

    @Test
    void jsonNamesAClassOfAPackageInNoResourceByItsNamespace() throws IOException {
        EObject s = EcoreUtil.create(shelf);
        Path file = dir.resolve("shelf.json");
        ModelFiles.save(file, List.of(s), o -> "s-1");
        String json = Files.readString(file);
        assertTrue(json.contains("\"" + NS + "#//Shelf\""), json);
        assertFalse(json.contains("\"#//Shelf\""), json);

        Resource back = ModelFiles.load(file);
        assertSame(shelf, back.getContents().get(0).eClass());
    }
}
