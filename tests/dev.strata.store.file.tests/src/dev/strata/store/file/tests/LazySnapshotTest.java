package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.RecordCodec;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStoreOptions.Format;
import dev.strata.store.file.FileStores;

/**
 * A binary snapshot is read record by record: the store opens without decoding it, journals after
 * it still override it, its indexes are built after the open, and snapshots written before it was
 * indexed still open.
 */
class LazySnapshotTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private static final TypeRef ITEM = TypeRef.of(M.item);
    private static final int FRAME_MAGIC = 0x5354524a;

    private Path dir;
    private FileStoreOptions options;

    @BeforeEach
    void setUp() throws IOException {
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        dir = Files.createTempDirectory("strata-lazy-test");
        options = FileStoreOptions.defaults(dir).withFormat(Format.BINARY).withCompactAfterBytes(0);
    }

    @AfterEach
    void tearDown() throws IOException {
        FileStoreContractTest.deleteTree(dir);
    }

    private static Record item(int i) {
        return new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n" + i, "count", i));
    }

    /** Commits n items in one commit, compacts, closes; the ids in commit order. */
    private List<ObjectId> storeOf(int n) {
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            created.add(item(i));
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", created, List.of(), List.of()));
            store.compact();
        }
        return created.stream().map(Record::id).toList();
    }

    private Path snapshot() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("snapshot-\\d+\\.bin")).findFirst().orElseThrow();
        }
    }

    /** The offsets of a file's frames, in order. */
    private static List<Long> frames(byte[] file) {
        List<Long> offsets = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file);
        for (long at = 0; at < file.length;) {
            assertEquals(FRAME_MAGIC, b.getInt((int) at), "a frame at " + at);
            offsets.add(at);
            at += 12 + b.getInt((int) at + 4) + 4;
        }
        return offsets;
    }

    @Test
    void aDamagedRecordDeepInTheSnapshotIsReportedWhenItIsReadAndTheOthersStillAnswer() throws IOException {
        List<ObjectId> ids = storeOf(3000);
        Path snapshot = snapshot();
        byte[] bytes = Files.readAllBytes(snapshot);
        // Header, then frames of 1,000 records each in commit order (the items are all roots): damage the third.
        long third = frames(bytes).get(3);
        int length = ByteBuffer.wrap(bytes).getInt((int) third + 4);
        bytes[(int) (third + 12 + length / 2)] ^= 0x10;
        Files.write(snapshot, bytes);

        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertEquals("n10", store.load(ids.get(10)).orElseThrow().value("name"));
            assertEquals("n1500", store.load(ids.get(1500)).orElseThrow().value("name"));
            // The last record before the damaged frame, then one elsewhere: reading on from a
            // record never reaches into the next frame before a read needs it.
            assertEquals("n1999", store.load(ids.get(1999)).orElseThrow().value("name"));
            assertEquals("n11", store.load(ids.get(11)).orElseThrow().value("name"));
            StoreException e = assertThrows(StoreException.class, () -> store.load(ids.get(2500)));
            assertTrue(e.getMessage().contains(snapshot.toString()) && e.getMessage().contains("offset " + third),
                    e.getMessage());
            assertTrue(e.getMessage().contains(ids.get(2500).toString()), "names the record read: " + e.getMessage());
            // A query over every item meets the damaged frame and says so.
            StoreException q = assertThrows(StoreException.class, () -> store.query(Query.on(ITEM)));
            assertTrue(q.getMessage().contains(snapshot.toString()), q.getMessage());
            assertEquals("n20", store.load(ids.get(20)).orElseThrow().value("name"), "reads still answer");
        }
    }

    @Test
    void idsThatShareHalvesOrDigitsOrAreNegativeAreAllFoundInTheIndex() {
        // The index is ordered by the id's two longs, signed; ids made elsewhere need not be random.
        long[] halves = { Long.MIN_VALUE, Long.MIN_VALUE + 1, -0x1_0000L, -1, 0, 1, 0xFFFFL, 0x1_0000L,
                0x7FFF_0000_0000_0000L, 0x8000L << 48 >>> 1, Long.MAX_VALUE - 1, Long.MAX_VALUE };
        List<Record> created = new ArrayList<>();
        for (long msb : halves) {
            for (long lsb : halves) {
                created.add(new Record(new ObjectId(new UUID(msb, lsb)), ITEM, 0,
                        Map.of("name", msb + "/" + lsb, "count", created.size())));
            }
        }
        for (int i = 0; i < 2500; i++) { // several index frames
            created.add(item(i));
        }
        java.util.Collections.shuffle(created, new java.util.Random(17));
        try (FileModelStore store = FileStores.open("lazy", options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", created, List.of(), List.of()));
            store.compact();
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            for (Record r : created) {
                assertEquals(r.value("name"), store.load(r.id()).orElseThrow(
                        () -> new AssertionError("not found: " + r.id())).value("name"));
            }
            assertTrue(store.load(new ObjectId(new UUID(-1, 2))).isEmpty());
        }
    }

    @Test
    void aDamagedLargeFrameIsReportedAsASmallOneIs() throws IOException {
        // A record of 1.5 MB makes a frame checked by reading the file rather than the mapping.
        Record big = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "big", "bytes", new byte[1_500_000]));
        Record small = item(1);
        try (FileModelStore store = FileStores.open("lazy", options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(big, small), List.of(), List.of()));
            store.compact();
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertEquals(1_500_000, ((byte[]) store.load(big.id()).orElseThrow().value("bytes")).length);
        }
        Path snapshot = snapshot();
        byte[] bytes = Files.readAllBytes(snapshot);
        long frame = frames(bytes).get(1); // the one record frame, after the header
        bytes[(int) frame + 12 + 1_000_000] ^= 0x01;
        Files.write(snapshot, bytes);
        try (FileModelStore store = FileStores.open("lazy", options)) {
            StoreException e = assertThrows(StoreException.class, () -> store.load(big.id()));
            assertTrue(e.getMessage().contains(snapshot.toString()) && e.getMessage().contains("offset " + frame)
                    && e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void commitsAfterTheSnapshotOverrideItAndTheIndexesBuiltLaterSeeThem() {
        List<ObjectId> ids = storeOf(2500);
        IndexDef unique = new IndexDef(ITEM, "name", IndexDef.Kind.UNIQUE);
        Record renamed;
        ObjectId added;
        try (FileModelStore store = FileStores.open("lazy", options)) {
            Record first = store.load(ids.get(0)).orElseThrow();
            Record second = store.load(ids.get(1)).orElseThrow();
            Record extra = item(9999);
            added = extra.id();
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(extra),
                    List.of(new ChangeSet.Change(first.id(), ITEM, first.version(), null, Map.of("name", "renamed"),
                            Map.of("name", "n0"))),
                    List.of(new ChangeSet.Deletion(second))));
            renamed = store.load(ids.get(0)).orElseThrow();
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertEquals("renamed", store.load(ids.get(0)).orElseThrow().value("name"));
            assertEquals(renamed.version(), store.load(ids.get(0)).orElseThrow().version());
            assertTrue(store.load(ids.get(1)).isEmpty(), "deleted after the snapshot");
            assertEquals("n9999", store.load(added).orElseThrow().value("name"));
            assertEquals(2500, store.roots().size());
            store.declareIndexes(List.of(unique));
            assertEquals(List.of(ids.get(0)), store.query(Query.on(ITEM).eq("name", "renamed")).stream().map(Record::id)
                    .toList());
            assertTrue(store.query(Query.on(ITEM).eq("name", "n0")).isEmpty());
            assertTrue(store.query(Query.on(ITEM).eq("name", "n1")).isEmpty());
            assertEquals(1, store.query(Query.on(ITEM).eq("name", "n2400")).size());
            assertEquals(2500, store.query(Query.on(ITEM)).size());
            assertEquals(1L, store.countBy(ITEM, "name").get("n9999"));
            assertThrows(VetoException.class, () -> store.commit(new ChangeSet(UUID.randomUUID(), "test", "",
                    List.of(new Record(ObjectId.random(), ITEM, 0, Map.of("name", "n2400"))), List.of(), List.of())),
                    "the unique index holds the snapshot's values");
            store.compact();
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertTrue(store.load(ids.get(1)).isEmpty());
            assertEquals("renamed", store.load(ids.get(0)).orElseThrow().value("name"));
            assertEquals(2500, store.query(Query.on(ITEM)).size());
        }
    }

    @Test
    void longListsOfIdsComeBackAsStoredWhateverElseTheyHold() {
        // A record naming many ids (a project's tasks), and a list of ids with another value at its end.
        List<Record> targets = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            targets.add(item(i));
            ids.add(targets.get(i).id());
        }
        List<Object> mixed = new ArrayList<>(ids.subList(0, 100));
        mixed.add(new dev.strata.core.ExternalRef("elsewhere", ObjectId.random()));
        Record r = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "owner", "related", ids));
        Record m = new Record(ObjectId.random(), ITEM, 0, Map.of("name", "mixed", "related", mixed));
        List<Record> created = new ArrayList<>(targets);
        created.add(r);
        created.add(m);
        try (FileModelStore store = FileStores.open("lazy", options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", created, List.of(), List.of()));
            store.compact();
        }
        try (FileModelStore store = FileStores.open("lazy", options)) {
            Record back = store.load(r.id()).orElseThrow();
            assertEquals(ids, back.value("related"));
            assertEquals(ids.get(999), ((List<?>) back.value("related")).get(999));
            assertEquals(mixed, store.load(m.id()).orElseThrow().value("related"));
            assertEquals(List.of(ids.get(0)), List.of(((List<?>) back.value("related")).get(0)));
            assertEquals(r.values(), back.values());
        }
    }

    /** The ids of a binary snapshot's records in the order they lie in the file. */
    private static List<ObjectId> fileOrder(byte[] file) throws IOException {
        List<ObjectId> ids = new ArrayList<>();
        ByteBuffer whole = ByteBuffer.wrap(file);
        int count = whole.getInt(12 + 4 + 8); // the header's record count
        for (long at : frames(file).subList(1, frames(file).size())) {
            if (ids.size() == count) {
                break; // the id index, table of contents and footer follow the records
            }
            var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(file, (int) at + 12,
                    whole.getInt((int) at + 4)));
            List<String> dictionary = new ArrayList<>();
            for (int n = in.readInt(); n > 0; n--) {
                dictionary.add(in.readUTF());
            }
            int records = in.readInt();
            RecordCodec.withDictionary(dictionary, () -> {
                for (int i = 0; i < records; i++) {
                    ids.add(RecordCodec.readRecord(in).id());
                }
                return null;
            });
        }
        return ids;
    }

    @Test
    void childrenAreWrittenSideBySideInTheirListOrderAndReadInAnyOrder() throws IOException {
        // A container with 2,500 children and 2,500 other roots, committed shuffled: the snapshot puts
        // the children together, in the order of the list that holds them (a page of them then
        // decodes a frame or two).
        ObjectId parent = ObjectId.random();
        List<ObjectId> children = new ArrayList<>();
        List<Record> created = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            Record child = new Record(ObjectId.random(), ITEM, 0, parent, Map.of("name", "c" + i));
            children.add(child.id());
            created.add(child);
            created.add(item(i));
        }
        java.util.Collections.shuffle(created, new java.util.Random(17));
        created.add(new Record(parent, ITEM, 0, Map.of("name", "parent", "children", children)));
        try (FileModelStore store = FileStores.open("lazy", options)) {
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", created, List.of(), List.of()));
            store.compact();
        }
        List<ObjectId> order = fileOrder(Files.readAllBytes(snapshot()));
        assertEquals(5001, order.size());
        int first = order.indexOf(children.get(0));
        assertTrue(first > order.indexOf(parent), "children after their container");
        assertEquals(children, order.subList(first, first + children.size()), "children side by side, in list order");

        try (FileModelStore store = FileStores.open("lazy", options)) {
            // In list order (the record after the last one read is tried first), backwards, and
            // jumping across frames: each id gives its own record.
            List<ObjectId> orders = new ArrayList<>(children);
            List<ObjectId> backwards = new ArrayList<>(children);
            java.util.Collections.reverse(backwards);
            orders.addAll(backwards);
            for (int i = 0; i < children.size(); i += 999) {
                orders.add(children.get(i));
                orders.add(parent);
            }
            for (ObjectId id : orders) {
                Record r = store.load(id).orElseThrow();
                assertEquals(id, r.id());
                assertEquals(id.equals(parent) ? "parent" : "c" + children.indexOf(id), r.value("name"));
            }
            assertEquals(children, store.load(parent).orElseThrow().value("children"));
        }
    }

    @Test
    void aSnapshotOfANewerFormatIsRefusedWithWhatWroteIt() throws IOException {
        storeOf(10);
        Path snapshot = snapshot();
        byte[] bytes = Files.readAllBytes(snapshot);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        assertEquals(4, b.getInt(12), "the format version written now");
        b.putInt(12, 99); // the header frame's payload starts with the version
        CRC32C crc = new CRC32C();
        crc.update(bytes, 12, b.getInt(4));
        b.putInt(8, (int) crc.getValue());
        Files.write(snapshot, bytes);
        StoreException e = assertThrows(StoreException.class, () -> FileStores.open("lazy", options).close());
        assertTrue(e.getMessage().contains(snapshot.toString()) && e.getMessage().contains("version 99")
                && e.getMessage().contains("newer Strata"), e.getMessage());
    }

    @Test
    void everyRecordIsFoundAcrossTheIdIndexFramesAndAnUnknownIdIsNot() {
        // More records than one index frame holds (16,384), so a lookup first picks its frame.
        List<ObjectId> ids = storeOf(40_000);
        List<ObjectId> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> a.value().getMostSignificantBits() != b.value().getMostSignificantBits()
                ? Long.compare(a.value().getMostSignificantBits(), b.value().getMostSignificantBits())
                : Long.compare(a.value().getLeastSignificantBits(), b.value().getLeastSignificantBits()));
        try (FileModelStore store = FileStores.open("lazy", options)) {
            for (int i = 0; i < ids.size(); i += 97) {
                assertEquals("n" + i, store.load(ids.get(i)).orElseThrow().value("name"));
            }
            for (int edge : new int[] { 0, 16_383, 16_384, 32_767, 32_768, 39_999 }) {
                ObjectId id = sorted.get(edge);
                assertEquals(id, store.load(id).orElseThrow().id(), "the id at " + edge + " in id order");
            }
            assertTrue(store.load(ObjectId.random()).isEmpty());
            assertTrue(store.load(new ObjectId(new UUID(Long.MIN_VALUE, Long.MIN_VALUE))).isEmpty(), "before the first");
            assertTrue(store.load(new ObjectId(new UUID(Long.MAX_VALUE, Long.MAX_VALUE))).isEmpty(), "after the last");
            assertEquals(40_000, store.query(Query.on(ITEM)).size());
        }
    }

    // ------------------------------------------------------------------ a snapshot from before the index

    private static byte[] frame(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(12 + payload.length + 4).putInt(FRAME_MAGIC).putInt(payload.length)
                .putInt((int) crc.getValue()).put(payload).putInt(payload.length).array();
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] payload(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            RecordCodec.inFrame(() -> {
                body.write(out);
                return null;
            });
        }
        return bytes.toByteArray();
    }

    /** A store directory as the file store wrote it before binary snapshots were indexed (format 2). */
    private void writeUnindexedStore(long generation, List<Record> records) throws IOException {
        UUID store = UUID.randomUUID();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(frame(payload(o -> {
            o.writeInt(2);
            o.writeLong(generation);
            o.writeInt(records.size());
        })));
        for (int i = 0; i < records.size(); i += 700) {
            List<Record> batch = records.subList(i, Math.min(records.size(), i + 700));
            data.write(frame(payload(o -> {
                o.writeInt(batch.size());
                for (Record r : batch) {
                    RecordCodec.writeRecord(o, r);
                }
            })));
        }
        Files.write(dir.resolve("snapshot-" + generation + ".bin"), data.toByteArray());
        Files.write(dir.resolve("snapshot-" + generation + ".meta"), frame(payload(o -> {
            o.writeInt(2);
            o.writeLong(store.getMostSignificantBits());
            o.writeLong(store.getLeastSignificantBits());
            o.writeLong(generation);
            o.writeLong(0); // no checksum: the binary data's frames carry their own
            o.writeLong(data.size());
            o.writeInt(0); // model versions
            o.writeInt(0); // migrations
            o.writeInt(0); // object versions (XMI only)
            o.writeInt(0); // recent commits
        })));
        Files.write(dir.resolve("journal-" + generation + ".log"), new byte[0]);
        Files.writeString(dir.resolve("CURRENT"), generation + " bin\n", StandardCharsets.UTF_8);
    }

    @Test
    void aBinarySnapshotWrittenBeforeTheIndexStillOpensAndTheNextCompactionIndexesIt() throws IOException {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            records.add(new Record(ObjectId.random(), ITEM, 3, Map.of("name", "old" + i, "count", i)));
        }
        writeUnindexedStore(7, records);
        Path old = dir.resolve("snapshot-7.bin");
        assertEquals(2, ByteBuffer.wrap(Files.readAllBytes(old)).getInt(12), "written as before");

        ObjectId added;
        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertEquals("old700", store.load(records.get(700).id()).orElseThrow().value("name"));
            assertEquals(3, store.load(records.get(700).id()).orElseThrow().version());
            assertEquals(records.stream().map(Record::id).toList(), store.roots().stream().map(Record::id).toList());
            assertEquals(1500, store.query(Query.on(ITEM)).size());
            Record extra = item(1);
            added = extra.id();
            store.commit(new ChangeSet(UUID.randomUUID(), "test", "", List.of(extra), List.of(), List.of()));
            store.compact();
        }
        Path indexed = snapshot();
        assertTrue(!indexed.equals(old) && Files.notExists(old), "the compaction replaced " + old);
        assertEquals(4, ByteBuffer.wrap(Files.readAllBytes(indexed)).getInt(12), "indexed now, in the current format");
        try (FileModelStore store = FileStores.open("lazy", options)) {
            assertEquals("old1499", store.load(records.get(1499).id()).orElseThrow().value("name"));
            assertEquals("n1", store.load(added).orElseThrow().value("name"));
            assertEquals(1501, store.roots().size());
            assertEquals(1501, store.query(Query.on(ITEM)).size());
        }
    }
}
