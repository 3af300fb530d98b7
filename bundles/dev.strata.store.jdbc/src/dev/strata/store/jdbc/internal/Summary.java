package dev.strata.store.jdbc.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;

/**
 * What the commit log keeps of a commit: which objects it created, changed and deleted, of which
 * types and versions, but not their values (the tables hold those). Binary: about 27 bytes per
 * object, so a 100,000-object commit adds less than 3 MB to the log.
 */
final class Summary {

    private static final int FORMAT = 1;

    private Summary() {
    }

    static byte[] encode(ChangeSet changes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 27 * changes.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Map<TypeRef, Integer> types = new HashMap<>();
            List<TypeRef> order = new ArrayList<>();
            changes.created().forEach(r -> types.computeIfAbsent(r.type(), t -> add(order, t)));
            changes.changed().forEach(c -> types.computeIfAbsent(c.type(), t -> add(order, t)));
            changes.deleted().forEach(d -> types.computeIfAbsent(d.last().type(), t -> add(order, t)));
            out.writeByte(FORMAT);
            out.writeShort(order.size());
            for (TypeRef t : order) {
                out.writeUTF(t.nsUri());
                out.writeUTF(t.name());
            }
            out.writeInt(changes.created().size());
            for (Record r : changes.created()) {
                id(out, r.id());
                out.writeShort(types.get(r.type()));
            }
            out.writeInt(changes.changed().size());
            for (ChangeSet.Change c : changes.changed()) {
                id(out, c.id());
                out.writeShort(types.get(c.type()));
                out.writeLong(c.expectedVersion());
            }
            out.writeInt(changes.deleted().size());
            for (ChangeSet.Deletion d : changes.deleted()) {
                id(out, d.id());
                out.writeShort(types.get(d.last().type()));
                out.writeLong(d.expectedVersion());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static int add(List<TypeRef> order, TypeRef t) {
        order.add(t);
        return order.size() - 1;
    }

    private static void id(DataOutputStream out, ObjectId id) throws IOException {
        out.writeLong(id.value().getMostSignificantBits());
        out.writeLong(id.value().getLeastSignificantBits());
    }

    /** The change set as the log knows it (records without values) for a logged commit. */
    static ChangeSet decode(UUID commitId, String session, String message, byte[] summary, long seq) {
        if (summary == null) {
            return new ChangeSet(commitId, session, message, List.of(), List.of(), List.of());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(summary))) {
            int format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("summary format " + format + "; this Strata version reads format " + FORMAT);
            }
            int typeCount = in.readUnsignedShort();
            List<TypeRef> types = new ArrayList<>();
            for (int i = 0; i < typeCount; i++) {
                types.add(new TypeRef(in.readUTF(), in.readUTF()));
            }
            List<Record> created = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                created.add(new Record(readId(in), types.get(in.readUnsignedShort()), 0, Map.of()));
            }
            List<ChangeSet.Change> changed = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                ObjectId id = readId(in);
                TypeRef type = types.get(in.readUnsignedShort());
                changed.add(new ChangeSet.Change(id, type, in.readLong(), null, Map.of(), Map.of()));
            }
            List<ChangeSet.Deletion> deleted = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) {
                ObjectId id = readId(in);
                TypeRef type = types.get(in.readUnsignedShort());
                deleted.add(new ChangeSet.Deletion(new Record(id, type, in.readLong(), Map.of())));
            }
            return new ChangeSet(commitId, session, message, created, changed, deleted);
        } catch (IOException | IndexOutOfBoundsException | StoreException e) {
            // One unreadable row must not stop the log or the change feed: say so and go on.
            System.getLogger(Summary.class.getName()).log(System.Logger.Level.WARNING,
                    "Commit " + seq + " in strata_commit has a damaged summary; its objects are not listed", e);
            return new ChangeSet(commitId, session, message + " (summary unreadable)", List.of(), List.of(), List.of());
        }
    }

    private static ObjectId readId(DataInputStream in) throws IOException {
        return new ObjectId(new UUID(in.readLong(), in.readLong()));
    }

    /** The versions a commit gave: 1 for created objects, one more than expected for changed ones. */
    static CommitResult result(ChangeSet changes, long seq, boolean duplicate) {
        Map<ObjectId, Long> versions = new HashMap<>();
        changes.created().forEach(r -> versions.put(r.id(), 1L));
        changes.changed().forEach(c -> versions.put(c.id(), c.expectedVersion() + 1));
        return new CommitResult(changes.commitId(), seq, versions, duplicate);
    }
}
