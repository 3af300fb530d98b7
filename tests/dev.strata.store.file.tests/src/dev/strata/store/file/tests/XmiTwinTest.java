package dev.strata.store.file.tests;

import static dev.strata.store.file.tests.FileStoreTest.create;
import static dev.strata.store.file.tests.FileStoreTest.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStoreOptions.Format;
import dev.strata.store.file.FileStores;

/**
 * XMI and JSON snapshots open through their binary twin ({@code snapshot-G.records}), without
 * parsing the XMI; without a usable twin they are read whole, as before.
 */
class XmiTwinTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final List<Format> EMF_FORMATS = List.of(Format.XMI, Format.JSON);

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        dir = Files.createTempDirectory("strata-twin-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        FileStoreContractTest.deleteTree(dir);
    }

    private static FileStoreOptions options(Path d, Format format) {
        return FileStoreOptions.defaults(d).withFormat(format).withCompactAfterBytes(0);
    }

    private static Path twin(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot-\\d+\\.records")).findFirst()
                    .orElseThrow(() -> new AssertionError("no twin in " + d));
        }
    }

    /** A root with two children and ten more roots, committed through a session, then compacted. */
    private static ObjectId compactedTree(Path d, Format format) {
        try (FileModelStore store = FileStores.open("files", options(d, format))) {
            Repository repo = Repositories.builder("r", store).packages(M.ePackage).build();
            ObjectId rootId;
            try (Session s = repo.openSession()) {
                EObject root = s.add(M.newItem("root"));
                @SuppressWarnings("unchecked")
                List<EObject> kids = (List<EObject>) root.eGet(M.children);
                kids.add(M.newItem("first"));
                kids.add(M.newItem("second"));
                root.eSet(M.count, 42);
                s.commit();
                rootId = s.idOf(root);
                root.eSet(M.text, "changed once");
                s.commit();
            }
            for (int i = 0; i < 10; i++) {
                store.commit(create("r" + i, i));
            }
            store.compact();
            return rootId;
        }
    }

    @Test
    void anXmiSnapshotOpensFromItsTwinWithoutParsingTheXmi() throws IOException {
        for (Format format : EMF_FORMATS) {
            Path d = dir.resolve(format.extension());
            ObjectId rootId = compactedTree(d, format);
            twin(d);
            // Without the model's package EMF cannot parse the snapshot: only an open that does not parse it succeeds.
            EPackage.Registry.INSTANCE.remove(ContractModel.NS_URI);
            try (FileModelStore store = FileStores.open("files", options(d, format))) {
                Record root = store.load(rootId).orElseThrow();
                assertEquals("changed once", root.value("text"), format.toString());
                assertEquals(42, root.value("count"));
                assertEquals(2, root.version(), "versions come back with the records");
                assertEquals(2, ((List<?>) root.value("children")).size());
                assertEquals(11, store.roots().size());
                assertEquals(13, store.query(Query.on(TypeRef.of(M.item))).size(), "the ids by type come from the twin");
            } finally {
                EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
            }
            try (FileModelStore store = FileStores.open("files", options(d, format))) {
                Repository repo = Repositories.builder("r", store).packages(M.ePackage).build();
                try (Session s = repo.openSession()) {
                    @SuppressWarnings("unchecked")
                    List<EObject> kids = (List<EObject>) s.get(rootId).eGet(M.children);
                    assertEquals(List.of("first", "second"), kids.stream().map(k -> k.eGet(M.name)).toList());
                }
            }
        }
    }

    @Test
    void withoutItsTwinAnXmiSnapshotIsReadWholeAsBefore() throws IOException {
        for (Format format : EMF_FORMATS) {
            Path d = dir.resolve(format.extension());
            ObjectId rootId = compactedTree(d, format);
            Files.delete(twin(d));
            try (FileModelStore store = FileStores.open("files", options(d, format))) {
                assertEquals("changed once", store.load(rootId).orElseThrow().value("text"), format.toString());
                assertEquals(11, store.roots().size());
            }
            if (format == Format.XMI) {
                // And it is parsed: without the package it cannot be.
                EPackage.Registry.INSTANCE.remove(ContractModel.NS_URI);
                try {
                    StoreException e = assertThrows(StoreException.class,
                            () -> FileStores.open("files", options(d, format)).close());
                    assertTrue(e.getMessage().contains("snapshot-"), e.getMessage());
                } finally {
                    EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
                }
            }
            // The next compaction writes the twin again.
            try (FileModelStore store = FileStores.open("files", options(d, format))) {
                store.commit(create("after", 99));
                store.compact();
            }
            twin(d);
        }
    }

    @Test
    void aTwinOfAnotherGenerationOrStoreIsNotUsedAndTheXmiIsReadWhole() throws IOException {
        Path d = dir.resolve("a");
        compactedTree(d, Format.XMI);
        Path early = dir.resolve("early.records");
        Files.copy(twin(d), early);
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            store.commit(create("later", 7));
            store.compact();
        }
        Path current = twin(d);
        byte[] own = Files.readAllBytes(current);
        Set<Object> expected = new TreeSet<>(List.of("root", "later"));
        for (int i = 0; i < 10; i++) {
            expected.add("r" + i);
        }
        // The twin of the generation before: its sequence says so.
        Files.copy(early, current, StandardCopyOption.REPLACE_EXISTING);
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            assertEquals(expected, names(store));
        }
        // A twin of the same generation of another store with fewer objects.
        String name = current.getFileName().toString();
        int generation = Integer.parseInt(name.substring("snapshot-".length(), name.indexOf('.')));
        Path other = dir.resolve("other");
        try (FileModelStore store = FileStores.open("files", options(other, Format.XMI))) {
            for (int i = 0; i < generation; i++) {
                store.commit(create("o" + i, i));
            }
            store.compact();
        }
        assertEquals(current.getFileName(), twin(other).getFileName(), "same generation");
        Files.copy(twin(other), current, StandardCopyOption.REPLACE_EXISTING);
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            assertEquals(expected, names(store));
        }
        // A twin whose header is damaged.
        byte[] damaged = own.clone();
        damaged[6] ^= 0x10;
        Files.write(current, damaged);
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            assertEquals(expected, names(store));
        }
        Files.write(current, own);
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            assertEquals(expected, names(store));
        }
    }

    @Test
    void aTwinDamagedAnywhereIsNotUsedTheXmiIsReadWholeAndTheTwinLeftAsItIs() throws IOException {
        Path d = dir.resolve("x");
        try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
            List<Record> many = new java.util.ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                many.addAll(create("n" + i, i).created());
            }
            store.commit(new dev.strata.core.ChangeSet(java.util.UUID.randomUUID(), "test", "", many, List.of(),
                    List.of()));
            store.compact();
        }
        Path twin = twin(d);
        byte[] own = Files.readAllBytes(twin);
        for (int at : new int[] {own.length / 3, own.length - 100}) { // a frame of records, the table of contents
            byte[] damaged = own.clone();
            damaged[at] ^= 0x01;
            Files.write(twin, damaged);
            try (FileModelStore store = FileStores.open("files", options(d, Format.XMI))) {
                assertEquals(3000, store.roots().size(), "flip at " + at);
                assertEquals(3000, store.query(Query.on(TypeRef.of(M.item))).size());
            }
            assertArrayEquals(damaged, Files.readAllBytes(twin));
        }
    }
}
