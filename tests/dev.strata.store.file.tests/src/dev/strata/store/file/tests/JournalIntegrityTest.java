package dev.strata.store.file.tests;

import static dev.strata.store.file.tests.FileStoreTest.create;
import static dev.strata.store.file.tests.FileStoreTest.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * What the file store does with journals and snapshots that are damaged, missing, repeated or
 * from elsewhere: only a torn tail (what an interrupted append leaves) is dropped, and its bytes are
 * kept; anything else refuses to open, names file and offset, and changes no file.
 */
class JournalIntegrityTest {

    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        dir = Files.createTempDirectory("strata-journal-test");
    }

    @AfterEach
    void tearDown() throws IOException {
        FileStoreContractTest.deleteTree(dir);
    }

    private FileStoreOptions options() {
        return FileStoreOptions.defaults(dir).withCompactAfterBytes(0);
    }

    private FileModelStore open() {
        return FileStores.open("files", options());
    }

    /** Commits, returning the journal size after each commit. */
    private List<Long> commit(List<ChangeSet> commits) {
        List<Long> sizes = new ArrayList<>();
        try (FileModelStore store = open()) {
            sizes.add(store.journalSize());
            for (ChangeSet c : commits) {
                store.commit(c);
                sizes.add(store.journalSize());
            }
        }
        return sizes;
    }

    private Path journal(long generation) {
        return dir.resolve("journal-" + generation + ".log");
    }

    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("store.lock")) {
                    all.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return all;
    }

    /** Opening must fail with a message naming what, and must leave every file as it was. */
    private StoreException refused(String... mentions) throws IOException {
        Map<String, byte[]> before = contents();
        StoreException e = assertThrows(StoreException.class, this::open);
        for (String m : mentions) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' in: " + e.getMessage());
        }
        Map<String, byte[]> after = contents();
        assertEquals(before.keySet(), after.keySet(), "no file is added or removed");
        for (String f : before.keySet()) {
            assertArrayEquals(before.get(f), after.get(f), "no file is changed: " + f);
        }
        return e;
    }

    /**
     * A journal written before commit times and authors were kept (its commit entries are kind 1:
     * sequence and change set) still opens: those commits are logged without time or author, and
     * commits made after it have both, also after reopening.
     */
    @Test
    void aJournalFromBeforeTimesAndAuthorsIsRead() throws IOException {
        List<ChangeSet> old = List.of(item("old-1"), item("old-2"));
        commit(old);
        Path j = journal(0);
        Files.write(j, withoutTimes(Files.readAllBytes(j)));
        ChangeSet later = new ChangeSet(UUID.randomUUID(), "test", "later", List.of(new Record(ObjectId.random(), ITEM,
                0, Map.of("name", "new"))), List.of(), List.of(), "grace");
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        try (FileModelStore store = open()) {
            List<LoggedCommit> log = store.recentLog(10);
            assertEquals(old.stream().map(ChangeSet::commitId).toList(),
                    log.stream().map(c -> c.changes().commitId()).toList(), "the old commits are read");
            for (LoggedCommit c : log) {
                assertNull(c.time(), "an old entry has no time");
                assertEquals("", c.author(), "an old entry has no author");
            }
            store.commit(later);
        }
        try (FileModelStore store = open()) {
            List<LoggedCommit> log = store.recentLog(10);
            assertEquals(3, log.size(), "old and new commits: " + log);
            LoggedCommit last = log.get(2);
            assertEquals(later.commitId(), last.changes().commitId());
            assertEquals("grace", last.author());
            assertNotNull(last.time());
            assertFalse(last.time().isBefore(before), last.time() + " is after " + before);
            assertNull(log.get(0).time(), "old entries stay without time after a new commit");
        }
    }

    private static ChangeSet item(String name) {
        return new ChangeSet(UUID.randomUUID(), "test", name, List.of(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", name))), List.of(), List.of());
    }

    /**
     * The journal as the previous version wrote it: each timed commit entry (kind 4: sequence,
     * time, author in UTF, change set) becomes a kind 1 entry (sequence, change set), re-framed
     * with its length and CRC32C.
     */
    private static byte[] withoutTimes(byte[] journal) {
        ByteBuffer in = ByteBuffer.wrap(journal);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int converted = 0;
        while (in.hasRemaining()) {
            int magic = in.getInt();
            int length = in.getInt();
            in.getInt(); // the checksum, computed again below
            byte[] payload = new byte[length];
            in.get(payload);
            in.getInt();
            if (payload[0] == 4 || payload[0] == 5) { // 5 adds values before, none for created records
                int authorBytes = ((payload[17] & 0xff) << 8) | (payload[18] & 0xff);
                int changeSetAt = 19 + authorBytes;
                byte[] oldForm = new byte[9 + payload.length - changeSetAt];
                oldForm[0] = 1;
                System.arraycopy(payload, 1, oldForm, 1, 8);
                System.arraycopy(payload, changeSetAt, oldForm, 9, payload.length - changeSetAt);
                payload = oldForm;
                converted++;
            }
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(payload);
            ByteBuffer frame = ByteBuffer.allocate(16 + payload.length);
            frame.putInt(magic).putInt(payload.length).putInt((int) crc.getValue()).put(payload).putInt(payload.length);
            out.writeBytes(frame.array());
        }
        assertEquals(2, converted, "both commits were written as timed entries");
        return out.toByteArray();
    }

    private static void flipBit(Path file, long position, int bit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) position] ^= (byte) (1 << bit);
        Files.write(file, bytes);
    }

    private static ChangeSet large(int items) {
        List<Record> records = new ArrayList<>();
        String text = "x".repeat(1000);
        for (int i = 0; i < items; i++) {
            records.add(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "big" + i, "count", i, "text", text)));
        }
        return new ChangeSet(UUID.randomUUID(), "test", "", records, List.of(), List.of());
    }

    @Test
    void aFlippedMarkerOnACommitLargerThanTheSearchWindowIsDamageAndNothingIsTruncated() throws IOException {
        List<Long> sizes = commit(List.of(create("c1", 1), large(18_000), create("c3", 3), create("c4", 4),
                create("c5", 5)));
        assertTrue(sizes.get(2) - sizes.get(1) > (1 << 24), "the second commit's frame is larger than 16 MiB");
        flipBit(journal(0), sizes.get(1), 0);
        long length = Files.size(journal(0));
        refused("journal-0.log", "offset " + sizes.get(1));
        assertEquals(length, Files.size(journal(0)), "the journal keeps every byte");
    }

    @Test
    void aFlippedMarkerOrLengthOnTheLastCompleteFrameIsDamageNotATornTail() throws IOException {
        List<Long> sizes = commit(List.of(create("c1", 1), create("c2", 2), create("c3", 3)));
        byte[] original = Files.readAllBytes(journal(0));
        long last = sizes.get(2);
        // Marker bytes 0-3, then the length 4-7: every bit of each.
        for (int pos = 0; pos < 8; pos++) {
            for (int bit = 0; bit < 8; bit++) {
                Files.write(journal(0), original);
                flipBit(journal(0), last + pos, bit);
                refused("journal-0.log", "offset " + last);
            }
        }
        Files.write(journal(0), original);
        try (FileModelStore store = open()) {
            assertEquals(Set.of("c1", "c2", "c3"), names(store));
        }
    }

    @Test
    void aTornTailIsCutButItsBytesAreKeptBesideTheJournal() throws IOException {
        List<Long> sizes = commit(List.of(create("c1", 1), create("c2", 2)));
        byte[] full = Files.readAllBytes(journal(0));
        long cut = sizes.get(2) - 7;
        Files.write(journal(0), java.util.Arrays.copyOf(full, (int) cut));
        try (FileModelStore store = open()) {
            assertEquals(Set.of("c1"), names(store));
        }
        assertEquals(sizes.get(1), Files.size(journal(0)));
        Path aside = dir.resolve("journal-0.log.torn-at-" + sizes.get(1));
        assertArrayEquals(java.util.Arrays.copyOfRange(full, sizes.get(1).intValue(), (int) cut),
                Files.readAllBytes(aside));
    }

    @Test
    void aDeletedJournalIsRefusedBeforeAndAfterCompaction() throws IOException {
        commit(List.of(create("c1", 1)));
        Path saved = dir.resolve("saved.log");
        Files.move(journal(0), saved);
        refused("journal-0.log", "refuses to open");
        Files.move(saved, journal(0));

        try (FileModelStore store = open()) {
            store.compact();
            store.commit(create("c2", 2));
        }
        // After the compaction at commit 1 the journal of generation 1 holds commit 2.
        Files.move(journal(1), saved);
        refused("journal-1.log", "after snapshot 1");
        Files.move(saved, journal(1));
        try (FileModelStore store = open()) {
            assertEquals(Set.of("c1", "c2"), names(store));
        }
    }

    @Test
    void aFrameAppendedTwiceOrOutOfOrderIsRefused() throws IOException {
        List<Long> sizes = commit(List.of(create("c1", 1), create("c2", 2), create("c3", 3)));
        byte[] original = Files.readAllBytes(journal(0));
        int a = sizes.get(1).intValue();
        int b = sizes.get(2).intValue();
        int end = sizes.get(3).intValue();
        // The last commit appended a second time.
        ByteBuffer twice = ByteBuffer.allocate(end + end - b).put(original).put(original, b, end - b);
        Files.write(journal(0), twice.array());
        refused("journal-0.log", "offset " + end, "commit 3 where commit 4");
        // The second and third commits swapped.
        ByteBuffer swapped = ByteBuffer.allocate(end).put(original, 0, a).put(original, b, end - b)
                .put(original, a, b - a);
        Files.write(journal(0), swapped.array());
        refused("journal-0.log", "offset " + a, "commit 3 where commit 2");
    }

    @Test
    void aJournalOrSnapshotFromAnotherStoreOrGenerationIsRefused() throws IOException {
        Path other = dir.resolveSibling(dir.getFileName() + "-other");
        try {
            try (FileModelStore store = FileStores.open("other", FileStoreOptions.defaults(other))) {
                store.commit(create("o1", 1));
                store.compact();
            }
            commit(List.of(create("c1", 1)));
            byte[] own = Files.readAllBytes(journal(0));
            Files.copy(other.resolve("journal-1.log"), journal(0), StandardCopyOption.REPLACE_EXISTING);
            refused("journal-0.log", "another store");
            Files.write(journal(0), own);

            try (FileModelStore store = open()) {
                store.compact();
                store.commit(create("c2", 2));
                store.compact();
            }
            // Generation 2 now: its journal replaced by the older generation's journal of this same store.
            byte[] current = Files.readAllBytes(journal(2));
            Files.write(journal(2), own);
            refused("journal-2.log", "another generation");
            Files.write(journal(2), current);
            try (FileModelStore store = open()) {
                store.commit(create("c3", 3));
            }
            // A snapshot (and its description) from the other store under this store's name.
            Files.copy(other.resolve("snapshot-1.xmi"), dir.resolve("snapshot-2.xmi"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(other.resolve("snapshot-1.meta"), dir.resolve("snapshot-2.meta"),
                    StandardCopyOption.REPLACE_EXISTING);
            refused("snapshot-2", "another store");
        } finally {
            FileStoreContractTest.deleteTree(other);
        }
    }
}
