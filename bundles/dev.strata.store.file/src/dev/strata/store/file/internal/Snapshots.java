package dev.strata.store.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.InternalEList;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emf.ecore.xmi.impl.XMLParserPoolImpl;

import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.ObjectId;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ByteInput;
import dev.strata.core.store.RecordCodec;
import dev.strata.core.UriRef;
import dev.strata.core.Values;
import dev.strata.store.file.FileStoreOptions.Format;

/**
 * Snapshots: the whole store at one commit sequence. XMI snapshots are standard XMI that plain
 * EMF loads (object ids as xmi:id), with a small checksummed side file for what XMI cannot say
 * (versions, model versions, migrations). Binary snapshots are Strata's own framed record format.
 * Both are written to a temporary file, forced and renamed into place.
 */
final class Snapshots {

    private static final int BATCH = 1000;
    /** Version 2 adds the store's identity; version 1 snapshots are still read. */
    private static final int SNAPSHOT_VERSION = 2;

    /** A snapshot's content. */
    record Content(List<Record> records, long sequence, Map<String, Integer> modelVersions, List<String> migrations,
            List<dev.strata.core.CommitResult> recentCommits) {
        Content(List<Record> records, long sequence, Map<String, Integer> modelVersions, List<String> migrations) {
            this(records, sequence, modelVersions, migrations, List.of());
        }
    }

    private Snapshots() {
    }

    static Path dataFile(Path dir, long generation, Format format) {
        return dir.resolve("snapshot-" + generation + "." + format.extension());
    }

    static Path metaFile(Path dir, long generation) {
        return dir.resolve("snapshot-" + generation + ".meta");
    }

    // ------------------------------------------------------------------ writing

    static void write(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Content content, Progress progress) throws IOException {
        Path data = dataFile(dir, generation, format);
        Path tmp = dir.resolve(data.getFileName() + ".tmp");
        Map<ObjectId, Long> versions;
        long checksum;
        switch (format) {
            case BINARY -> {
                writeBinary(tmp, content, progress);
                versions = Map.of();
                checksum = 0;
            }
            case XMI, JSON -> {
                checksum = writeEmf(tmp, format, storeName, content.records(), progress);
                versions = new HashMap<>();
                for (Record r : content.records()) {
                    versions.put(r.id(), r.version());
                }
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        }
        force(tmp);
        Path metaTmp = dir.resolve(metaFile(dir, generation).getFileName() + ".tmp");
        writeMeta(metaTmp, store, content, versions, checksum, Files.size(tmp));
        force(metaTmp);
        Files.move(metaTmp, metaFile(dir, generation), StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(dir);
    }

    /** Removes a snapshot's files (one that failed its check). */
    static void delete(Path dir, long generation, Format format) throws IOException {
        Files.deleteIfExists(dataFile(dir, generation, format));
        Files.deleteIfExists(metaFile(dir, generation));
    }

    /**
     * The first difference between the records a snapshot was written from and those read back from
     * it, or null if they are the same. An absent value and the unset form of a feature (null, an
     * empty list, a plain attribute's default) are the same.
     */
    static String difference(List<Record> written, List<Record> read) {
        if (written.size() != read.size()) {
            return read.size() + " objects read back, " + written.size() + " written";
        }
        Map<ObjectId, Record> byId = new HashMap<>(read.size() * 2);
        for (Record r : read) {
            byId.put(r.id(), r);
        }
        for (Record w : written) {
            Record r = byId.get(w.id());
            if (r == null) {
                return "object " + w.id() + " is missing";
            }
            if (!w.type().equals(r.type()) || w.version() != r.version()
                    || !java.util.Objects.equals(w.container(), r.container())) {
                return "object " + w.id() + " reads back as " + r.type().name() + " v" + r.version() + " in "
                        + r.container();
            }
            java.util.Set<String> names = new java.util.HashSet<>(w.values().keySet());
            names.addAll(r.values().keySet());
            EClass eClass = eClassOrNull(w.type());
            for (String n : names) {
                EStructuralFeature f = eClass == null ? null : eClass.getEStructuralFeature(n);
                Object a = normal(f, w.value(n));
                Object b = normal(f, r.value(n));
                if (!Values.deepEquals(a, b)) {
                    return w.type().name() + "." + n + " of " + w.id() + " reads back as '" + shorten(b)
                            + "' instead of '" + shorten(a) + "'";
                }
            }
        }
        return null;
    }

    private static Object normal(EStructuralFeature f, Object v) {
        // The class kept with a URI reference is a hint for making its proxy; XMI keeps it only where
        // EMF needs it (an abstract reference type), so the URI alone is compared.
        if (v instanceof UriRef u) {
            return u.uri();
        }
        if (v instanceof List<?> l && l.stream().anyMatch(UriRef.class::isInstance)) {
            return l.stream().map(x -> x instanceof UriRef u ? u.uri() : x).toList();
        }
        if (v instanceof List<?> l && l.isEmpty() && (f == null || !f.isUnsettable())) {
            return null; // for an unsettable list, empty (set) and null (unset) differ
        }
        if (v == null && f instanceof EAttribute a && !a.isMany() && !a.isUnsettable()) {
            return Values.toRecord(a, a.getDefaultValue());
        }
        return v;
    }

    private static String shorten(Object v) {
        String s = String.valueOf(v instanceof byte[] ? "<bytes>" : v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private static EClass eClassOrNull(TypeRef type) {
        EPackage p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        return p != null && p.getEClassifier(type.name()) instanceof EClass c ? c : null;
    }

    static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open directories for sync; the rename itself is still atomic.
        }
    }

    private static void writeFrames(OutputStream out, ByteBuffer frame) throws IOException {
        out.write(frame.array(), frame.position(), frame.remaining());
    }

    private static void writeBinary(Path file, Content c, Progress progress) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeFrames(out, Frames.frame(o -> {
                o.writeInt(SNAPSHOT_VERSION);
                o.writeLong(c.sequence());
                o.writeInt(c.records().size());
            }));
            List<Record> records = c.records();
            for (int i = 0; i < records.size(); i += BATCH) {
                List<Record> batch = records.subList(i, Math.min(records.size(), i + BATCH));
                writeFrames(out, Frames.frame(o -> {
                    o.writeInt(batch.size());
                    for (Record r : batch) {
                        RecordCodec.writeRecord(o, r);
                    }
                }));
                progress.worked("Writing snapshot", i + batch.size(), records.size());
            }
        }
    }

    private static void writeMeta(Path file, java.util.UUID store, Content c, Map<ObjectId, Long> versions,
            long checksum, long dataSize) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            writeFrames(out, Frames.frame(o -> {
                o.writeInt(SNAPSHOT_VERSION);
                o.writeLong(store.getMostSignificantBits());
                o.writeLong(store.getLeastSignificantBits());
                o.writeLong(c.sequence());
                o.writeLong(checksum);
                o.writeLong(dataSize);
                o.writeInt(c.modelVersions().size());
                for (Map.Entry<String, Integer> e : c.modelVersions().entrySet()) {
                    RecordCodec.writeString(o, e.getKey());
                    o.writeInt(e.getValue());
                }
                o.writeInt(c.migrations().size());
                for (String m : c.migrations()) {
                    RecordCodec.writeString(o, m);
                }
                o.writeInt(versions.size());
                // Recent commit ids, so that a commit retried after compaction and restart is applied once.
                o.writeInt(c.recentCommits().size());
                for (dev.strata.core.CommitResult r : c.recentCommits()) {
                    o.writeLong(r.commitId().getMostSignificantBits());
                    o.writeLong(r.commitId().getLeastSignificantBits());
                    o.writeLong(r.sequence());
                }
            }));
            List<Map.Entry<ObjectId, Long>> entries = new ArrayList<>(versions.entrySet());
            for (int i = 0; i < entries.size(); i += BATCH * 10) {
                List<Map.Entry<ObjectId, Long>> batch = entries.subList(i, Math.min(entries.size(), i + BATCH * 10));
                writeFrames(out, Frames.frame(o -> {
                    o.writeInt(batch.size());
                    for (Map.Entry<ObjectId, Long> e : batch) {
                        RecordCodec.writeId(o, e.getKey());
                        o.writeLong(e.getValue());
                    }
                }));
            }
        }
    }

    /** Builds EObjects from records and saves them as XMI or JSON; returns the file's checksum. */
    private static long writeEmf(Path file, Format format, String storeName, List<Record> records,
            Progress progress) throws IOException {
        Map<ObjectId, EObject> objects = new HashMap<>(records.size() * 2);
        ResourceSet set = new ResourceSetImpl();
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        Resource resource = format == Format.JSON ? Json.resource(uri) : new XMIResourceImpl(uri);
        set.getResources().add(resource);
        for (Record r : records) {
            EObject o = EcoreUtil.create(eClass(r.type()));
            objects.put(r.id(), o);
        }
        int done = 0;
        for (Record r : records) {
            EObject o = objects.get(r.id());
            EmfRecords.fillContents(o, r, id -> child(id, objects, r));
            if (++done % 10_000 == 0) {
                progress.worked("Preparing XMI snapshot", done, records.size());
            }
        }
        // Cross references last, once every object exists (supersets filled by subsets stay single).
        for (Record r : records) {
            EmfRecords.fillReferences(objects.get(r.id()), r,
                    (ref, v) -> target(ref, v, objects, storeName, r));
        }
        for (Record r : records) {
            EObject o = objects.get(r.id());
            if (r.isRoot()) {
                resource.getContents().add(o);
            }
        }
        for (Map.Entry<ObjectId, EObject> e : objects.entrySet()) {
            setId(resource, e.getValue(), e.getKey().toString());
        }
        CRC32C crc = new CRC32C();
        try (OutputStream out = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                crc)) {
            Map<Object, Object> options = new HashMap<>();
            options.put(XMLResource.OPTION_ENCODING, "UTF-8");
            options.put(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, Boolean.TRUE);
            options.put(XMLResource.OPTION_SKIP_ESCAPE_URI, Boolean.FALSE);
            // Mixed text and the order of a feature map's entries are kept only with extended metadata.
            options.put(XMLResource.OPTION_EXTENDED_META_DATA, Boolean.TRUE);
            if (format == Format.XMI && needsXml11(records)) {
                // XML 1.0 cannot hold control characters; EMF writes them as character references in 1.1.
                options.put(XMLResource.OPTION_XML_VERSION, "1.1");
            }
            resource.save(out, options);
        }
        progress.worked("Writing " + format + " snapshot", records.size(), records.size());
        return crc.getValue();
    }

    /** True if a string value holds a control character XML 1.0 cannot carry. */
    private static boolean needsXml11(List<Record> records) {
        for (Record r : records) {
            for (Object v : r.values().values()) {
                if (v instanceof String s && hasControl(s)
                        || v instanceof List<?> l && l.stream().anyMatch(x -> x instanceof String s && hasControl(s))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    private static EObject child(ObjectId id, Map<ObjectId, EObject> objects, Record owner) {
        EObject child = objects.get(id);
        if (child == null) {
            throw new StoreException("Record " + owner.id() + " contains " + id + ", which does not exist");
        }
        return child;
    }

    private static EObject target(EReference ref, Object value, Map<ObjectId, EObject> objects, String storeName,
            Record owner) {
        if (value instanceof ObjectId id) {
            EObject t = objects.get(id);
            if (t != null) {
                return t;
            }
            if (ref.isContainment()) {
                throw new StoreException("Record " + owner.id() + " contains " + id + ", which does not exist");
            }
            return proxy(ref, storeName, id);
        }
        if (value instanceof ExternalRef ext) {
            return proxy(ref, ext.store(), ext.id());
        }
        if (value instanceof UriRef uri) {
            return EmfRecords.proxy(ref, uri, Snapshots::eClass);
        }
        throw new StoreException("Reference " + ref.getName() + " of " + owner.id() + " holds " + value);
    }

    private static EObject proxy(EReference ref, String store, ObjectId id) {
        InternalEObject p = (InternalEObject) EcoreUtil.create(ref.getEReferenceType());
        p.eSetProxyURI(URI.createURI("strata://" + store + "/#" + id));
        return p;
    }

    static EClass eClass(TypeRef type) {
        EPackage p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        EClassifier c = p == null ? null : p.getEClassifier(type.name());
        if (!(c instanceof EClass eClass)) {
            throw new StoreException("Cannot write " + type + " as XMI: its EPackage is not registered with EMF"
                    + " (install the model bundle, or use the binary snapshot format)");
        }
        return eClass;
    }

    // ------------------------------------------------------------------ reading

    /** Reads a snapshot and its side file, verifying checksums. */
    static Content read(Path dir, long generation, Format format, String storeName, java.util.UUID store,
            Progress progress) throws IOException {
        Path meta = metaFile(dir, generation);
        Path data = dataFile(dir, generation, format);
        if (!Files.exists(data)) {
            throw new StoreException("Store directory " + dir + " names snapshot " + data.getFileName()
                    + " in CURRENT, but the file is missing");
        }
        Meta m = readMeta(meta);
        if (m.store != null && store != null && !m.store.equals(store)) {
            throw new StoreException("Snapshot " + data + " belongs to another store (" + m.store + ", this one is "
                    + store + "). The store refuses to open; put back its own snapshot");
        }
        if (m.sequence != generation) {
            throw new StoreException("Snapshot " + data + " holds the store at commit " + m.sequence + ", but its name"
                    + " says " + generation + ": it is from another generation. The store refuses to open");
        }
        return switch (format) {
            case BINARY -> readBinary(data, m, progress);
            case XMI, JSON -> {
                if (Files.size(data) != m.dataSize) {
                    throw new StoreException("Snapshot " + data + " has " + Files.size(data) + " bytes but " + m.dataSize
                            + " were written: it was changed or damaged. The store refuses to open");
                }
                yield readEmf(data, format, m, storeName, progress);
            }
            default -> throw new StoreException("Unsupported snapshot format " + format);
        };
    }

    /** The identity a snapshot's description names, or null for a snapshot written before identities. */
    static java.util.UUID storeOf(Path dir, long generation) throws IOException {
        return readMeta(metaFile(dir, generation)).store;
    }

    private record Meta(java.util.UUID store, long sequence, long checksum, long dataSize, Map<String, Integer> modelVersions,
            List<String> migrations, Map<ObjectId, Long> versions, List<dev.strata.core.CommitResult> recent) {
    }

    private static Meta readMeta(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Frames.Read first = Frames.read(ch, file, 0, size);
            if (!(first instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot description is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            return RecordCodec.inFrame(() -> readMetaRest(ch, file, size, header, in));
        }
    }

    private static Meta readMetaRest(FileChannel ch, Path file, long size, Frames.Frame header, ByteInput in)
            throws IOException {
        {
            int version = in.readInt();
            if (version != 1 && version != SNAPSHOT_VERSION) {
                throw new StoreException("Snapshot " + file + " has format version " + version + "; this Strata reads "
                        + "1 to " + SNAPSHOT_VERSION);
            }
            java.util.UUID store = version >= 2 ? new java.util.UUID(in.readLong(), in.readLong()) : null;
            long sequence = in.readLong();
            long checksum = in.readLong();
            long dataSize = in.readLong();
            Map<String, Integer> modelVersions = new LinkedHashMap<>();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                modelVersions.put(RecordCodec.readString(in), in.readInt());
            }
            List<String> migrations = new ArrayList<>();
            n = in.readInt();
            for (int i = 0; i < n; i++) {
                migrations.add(RecordCodec.readString(in));
            }
            int count = in.readInt();
            List<dev.strata.core.CommitResult> recent = new ArrayList<>();
            int recentCount = in.readInt();
            for (int i = 0; i < recentCount; i++) {
                recent.add(new dev.strata.core.CommitResult(new java.util.UUID(in.readLong(), in.readLong()),
                        in.readLong(), Map.of(), false));
            }
            Map<ObjectId, Long> versions = new HashMap<>(count * 2);
            long offset = header.end();
            while (versions.size() < count) {
                Frames.Read r = Frames.read(ch, file, offset, size);
                if (!(r instanceof Frames.Frame f)) {
                    throw Frames.damaged(file, offset, "the version table ends early");
                }
                ByteInput b = new ByteInput(f.payload());
                int k = b.readInt();
                for (int i = 0; i < k; i++) {
                    versions.put(RecordCodec.readId(b), b.readLong());
                }
                offset = f.end();
            }
            return new Meta(store, sequence, checksum, dataSize, modelVersions, migrations, versions, recent);
        }
    }

    private static Content readBinary(Path file, Meta meta, Progress progress) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Frames.Read first = Frames.read(ch, file, 0, size);
            if (!(first instanceof Frames.Frame header)) {
                throw Frames.damaged(file, 0, "the snapshot header is incomplete");
            }
            ByteInput in = new ByteInput(header.payload());
            in.readInt();
            long sequence = in.readLong();
            int count = in.readInt();
            if (sequence != meta.sequence) {
                throw Frames.damaged(file, 0, "snapshot sequence " + sequence + " does not match its description ("
                        + meta.sequence + ")");
            }
            List<Record> records = new ArrayList<>(count);
            long offset = header.end();
            while (records.size() < count) {
                Frames.Read r = Frames.read(ch, file, offset, size);
                if (!(r instanceof Frames.Frame f)) {
                    throw Frames.damaged(file, offset, "the snapshot ends after " + records.size() + " of " + count
                            + " records");
                }
                ByteInput b = new ByteInput(f.payload());
                RecordCodec.inFrame(() -> {
                    int k = b.readInt();
                    for (int i = 0; i < k; i++) {
                        records.add(RecordCodec.readRecord(b));
                    }
                    return null;
                });
                offset = f.end();
                progress.worked("Loading snapshot " + file.getFileName(), records.size(), count);
            }
            return new Content(records, sequence, meta.modelVersions, meta.migrations, meta.recent);
        }
    }

    private static Content readEmf(Path file, Format format, Meta meta, String storeName, Progress progress)
            throws IOException {
        CRC32C crc = new CRC32C();
        Resource resource;
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            resource = format == Format.JSON ? Json.load(file, in) : loadXmi(file, in);
        }
        if (crc.getValue() != meta.checksum) {
            throw new StoreException("Snapshot " + file + " does not match the checksum written with it: it was"
                    + " changed or damaged. The store refuses to open so that nothing wrong is served");
        }
        List<Record> records = toRecords(resource, storeName, meta.versions, progress);
        return new Content(records, meta.sequence, meta.modelVersions, meta.migrations, meta.recent);
    }

    /** Loads XMI the fast way: deferred IDREF resolution and an intrinsic id map (else it is quadratic). */
    static XMIResourceImpl loadXmi(Path file, InputStream in) throws IOException {
        ResourceSet set = new ResourceSetImpl();
        XMIResourceImpl resource = new XMIResourceImpl(URI.createFileURI(file.toAbsolutePath().toString()));
        resource.setIntrinsicIDToEObjectMap(new HashMap<>());
        set.getResources().add(resource);
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        options.put(XMLResource.OPTION_USE_PARSER_POOL, new XMLParserPoolImpl());
        options.put(XMLResource.OPTION_USE_XML_NAME_TO_FEATURE_MAP, new HashMap<>());
        options.put(XMLResource.OPTION_DEFER_ATTACHMENT, Boolean.TRUE);
        // As snapshots are written, and as EMF's XML Schema based models save feature maps.
        options.put(XMLResource.OPTION_EXTENDED_META_DATA, Boolean.TRUE);
        try {
            resource.load(in, options);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot read XMI file " + file + ": " + e.getMessage(), e);
        }
        if (!resource.getErrors().isEmpty()) {
            Resource.Diagnostic d = resource.getErrors().get(0);
            throw new StoreException("Cannot read XMI file " + file + " (line " + d.getLine() + ", column "
                    + d.getColumn() + "): " + d.getMessage());
        }
        return resource;
    }

    /**
     * Records for every object of a resource. Objects keep a UUID xmi:id as their id; others (a file
     * written by plain EMF) get a new one, and keep their xmi:id in their record ({@link Record#XMI_ID}).
     */
    static List<Record> toRecords(Resource resource, String storeName, Map<ObjectId, Long> versions,
            Progress progress) {
        Map<EObject, ObjectId> ids = new IdentityHashMap<>();
        Map<EObject, String> xmiIds = new IdentityHashMap<>();
        List<EObject> all = new ArrayList<>();
        for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (!EmfRecords.isStored(o)) {
                it.prune(); // made by EMF for a feature it keeps in step, and not saved
                continue;
            }
            String xmiId = getId(resource, o);
            ObjectId id;
            try {
                id = xmiId == null ? ObjectId.random() : ObjectId.parse(xmiId);
            } catch (IllegalArgumentException e) {
                id = ObjectId.random();
                xmiIds.put(o, xmiId);
            }
            ids.put(o, id);
            all.add(o);
        }
        List<Record> records = new ArrayList<>(all.size());
        int done = 0;
        for (EObject o : all) {
            ObjectId id = ids.get(o);
            Map<String, Object> values = EmfRecords.values(o, (f, t) -> refValue(t, ids, storeName, o, f));
            if (xmiIds.containsKey(o)) {
                values.put(Record.XMI_ID, xmiIds.get(o));
            }
            EObject container = o.eContainer();
            records.add(new Record(id, TypeRef.of(o.eClass()), versions.getOrDefault(id, 1L),
                    container == null ? null : ids.get(container), values));
            if (++done % 10_000 == 0) {
                progress.worked("Reading objects", done, all.size());
            }
        }
        return records;
    }

    private static void setId(Resource resource, EObject o, String id) {
        if (resource instanceof XMLResource xml) {
            xml.setID(o, id);
        } else {
            Json.setId(resource, o, id);
        }
    }

    private static String getId(Resource resource, EObject o) {
        return resource instanceof XMLResource xml ? xml.getID(o) : Json.getId(resource, o);
    }

    private static Object refValue(EObject target, Map<EObject, ObjectId> ids, String storeName, EObject owner,
            EStructuralFeature f) {
        ObjectId id = ids.get(target);
        if (id != null) {
            return id;
        }
        URI uri = target.eIsProxy() ? ((InternalEObject) target).eProxyURI()
                : target.eResource() != null ? EcoreUtil.getURI(target) : null;
        if (uri != null && "strata".equals(uri.scheme()) && uri.fragment() != null) {
            ObjectId ref = ObjectId.parse(uri.fragment());
            return storeName.equals(uri.authority()) ? ref : new ExternalRef(uri.authority(), ref);
        }
        if (uri != null && !uri.isRelative() && !uri.trimFragment().isEmpty()) {
            // Another resource (pathmap:, platform:, a registered package): kept as EMF's href keeps it.
            return new UriRef(uri.toString(), TypeRef.of(target.eClass()));
        }
        throw new StoreException(owner.eClass().getName() + "." + f.getName() + " refers to an object outside the"
                + " file (" + (uri != null ? uri : target.eClass().getName())
                + ") that has no absolute URI; only references inside the file, to other Strata stores or to"
                + " resources with an absolute URI can be imported");
    }
}
