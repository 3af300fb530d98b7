package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * Writes the rows of a commit's new objects: strata_object with the record copy, the class table,
 * the side tables, and the bookkeeping of roots, XMI ids and features set without a value. Also
 * the row writes that changing stored objects shares with creating them.
 */
final class CreatedRows {

    /** From this many created objects on, PostgreSQL gets them by COPY instead of INSERT. */
    private static final int COPY_THRESHOLD = 1000;

    private final StoreContext s;
    private final Dialect dialect;

    CreatedRows(StoreContext s) {
        this.s = s;
        this.dialect = s.dialect;
    }

    void insert(Connection c, List<Record> created, long seq) throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        Map<ObjectId, Integer> position = new HashMap<>(created.size() * 2);
        for (int i = 0; i < created.size(); i++) {
            position.put(created.get(i).id(), i);
        }
        for (Record r : created) {
            ClassTable t = s.catalog.require(r.type());
            if (t.keepsSetEmpty()) {
                markSetEmpty(c, t, r.id(), r.values(), false);
            }
        }
        Map<ClassTable, List<Record>> byTable = new LinkedHashMap<>();
        for (Record r : created) {
            ClassTable t = s.catalog.require(r.type());
            for (String feature : r.values().keySet()) {
                if (!feature.equals(Record.XMI_ID)) {
                    t.feature(feature);
                }
            }
            byTable.computeIfAbsent(t, k -> new ArrayList<>()).add(r);
        }
        insertXmiIds(c, created);
        updateIds(c, "INSERT INTO strata_root (id) VALUES (?)",
                created.stream().filter(Record::isRoot).map(Record::id).toList());
        boolean large = created.size() >= COPY_THRESHOLD;
        String writing = "Writing " + created.size() + " new objects to store '" + s.name + "'";
        if (large) {
            s.progress.worked(writing, 0, created.size());
        }
        if (dialect == Dialect.POSTGRESQL && large) {
            copy(c, byTable, seq, position);
            s.progress.worked(writing, created.size(), created.size());
            return;
        }
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO strata_object (id, class_id, created, container, record) VALUES (?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
                RecordCopies.Encoder copies = new RecordCopies.Encoder(e.getKey());
                for (Record r : e.getValue()) {
                    dialect.bindUuid(st, 1, r.id().value());
                    st.setInt(2, e.getKey().id);
                    st.setLong(3, createdOrder(seq, position.get(r.id())));
                    dialect.bindUuid(st, 4, r.container() == null ? null : r.container().value());
                    st.setBytes(5, copyOf(copies, e.getKey(), r));
                    st.addBatch();
                    if (++n % StoreContext.BATCH == 0) {
                        st.executeBatch();
                    }
                }
            }
            st.executeBatch();
        }
        int written = 0;
        for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            List<Feature> singles = t.singles();
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(s.q(t.table)).append(" (").append(s.q("id"))
                    .append(", ").append(s.q("version")).append(", ").append(s.q("container"));
            singles.forEach(f -> sql.append(", ").append(s.q(f.storage())));
            sql.append(") VALUES (").append(StoreContext.placeholders(3 + singles.size())).append(')');
            try (PreparedStatement st = c.prepareStatement(sql.toString())) {
                int n = 0;
                for (Record r : e.getValue()) {
                    dialect.bindUuid(st, 1, r.id().value());
                    st.setLong(2, 1);
                    dialect.bindUuid(st, 3, r.container() == null ? null : r.container().value());
                    int i = 4;
                    for (Feature f : singles) {
                        s.bind(st, i++, t, f, r.value(f.name()));
                    }
                    st.addBatch();
                    if (++n % StoreContext.BATCH == 0) {
                        st.executeBatch();
                        if (large) {
                            s.progress.worked(writing, written + n, created.size());
                        }
                    }
                }
                st.executeBatch();
                written += n;
            }
            for (Feature f : t.manys()) {
                List<Map.Entry<ObjectId, List<?>>> lists = new ArrayList<>();
                for (Record r : e.getValue()) {
                    List<?> l = list(t, f, r.value(f.name()));
                    if (!l.isEmpty()) {
                        lists.add(Map.entry(r.id(), l));
                    }
                }
                insertSide(c, t, f, lists, 0);
            }
        }
    }

    /** The creation order of an object: its commit's sequence, then its place in the commit. */
    private static long createdOrder(long seq, int position) {
        return (seq << 32) | position;
    }

    /** The copy of a new object's record, as it reads back (version 1). */
    private static byte[] copyOf(RecordCopies.Encoder copies, ClassTable t, Record r) {
        return copies.encode(1, r.container(), RecordCopies.shape(t, r.values()));
    }

    /** The created objects' rows by COPY, table by table (PostgreSQL). */
    private void copy(Connection c, Map<ClassTable, List<Record>> byTable, long seq, Map<ObjectId, Integer> position)
            throws SQLException {
        try (PgCopy cp = new PgCopy(c, "strata_object", List.of("id", "class_id", "created", "container", "record"))) {
            for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
                RecordCopies.Encoder copies = new RecordCopies.Encoder(e.getKey());
                for (Record r : e.getValue()) {
                    cp.uuid(r.id().value()).number(e.getKey().id).number(createdOrder(seq, position.get(r.id())))
                            .uuid(r.container() == null ? null : r.container().value())
                            .value(ValueKind.BYTES, copyOf(copies, e.getKey(), r)).endRow();
                }
            }
            cp.finish();
        }
        for (Map.Entry<ClassTable, List<Record>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            List<Feature> singles = t.singles();
            List<String> columns = new ArrayList<>(List.of(s.q("id"), s.q("version"), s.q("container")));
            singles.forEach(f -> columns.add(s.q(f.storage())));
            try (PgCopy cp = new PgCopy(c, s.q(t.table), columns)) {
                for (Record r : e.getValue()) {
                    cp.uuid(r.id().value()).number(1).uuid(r.container() == null ? null : r.container().value());
                    for (Feature f : singles) {
                        copyValue(cp, t, f, r.value(f.name()));
                    }
                    cp.endRow();
                }
                cp.finish();
            }
            for (Feature f : t.manys()) {
                boolean any = e.getValue().stream().anyMatch(r -> !list(t, f, r.value(f.name())).isEmpty());
                if (!any) {
                    continue;
                }
                try (PgCopy cp = new PgCopy(c, s.q(f.storage()), List.of("owner", "pos", s.q("element")))) {
                    for (Record r : e.getValue()) {
                        int pos = 0;
                        for (Object v : list(t, f, r.value(f.name()))) {
                            cp.uuid(r.id().value()).number(pos++);
                            copyValue(cp, t, f, v);
                            cp.endRow();
                        }
                    }
                    cp.finish();
                }
            }
        }
    }

    private static void copyValue(PgCopy cp, ClassTable t, Feature f, Object value) {
        try {
            cp.value(f.kind(), value == Nil.VALUE ? null : value);
        } catch (ClassCastException | IllegalArgumentException e) {
            throw StoreContext.wrongType(t, f, value);
        }
    }

    private void insertXmiIds(Connection c, List<Record> created) throws SQLException {
        List<Record> withXmiId = created.stream().filter(r -> r.xmiId() != null).toList();
        for (List<Record> batch : StoreContext.chunks(withXmiId, StoreContext.BATCH)) {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO strata_xmi_id (id, xmi_id) VALUES (?, ?)")) {
                for (Record r : batch) {
                    dialect.bindUuid(st, 1, r.id().value());
                    st.setString(2, r.xmiId());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** Inserts list elements of owners, numbered from a first position. */
    void insertSide(Connection c, ClassTable t, Feature f, List<Map.Entry<ObjectId, List<?>>> lists, int firstPos)
            throws SQLException {
        if (lists.isEmpty()) {
            return;
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + s.q(f.storage()) + " (owner, pos, "
                + s.q("element") + ") VALUES (?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<ObjectId, List<?>> e : lists) {
                int pos = firstPos;
                for (Object v : e.getValue()) {
                    dialect.bindUuid(st, 1, e.getKey().value());
                    st.setInt(2, pos++);
                    s.bind(st, 3, t, f, v);
                    st.addBatch();
                    if (++n % StoreContext.BATCH == 0) {
                        st.executeBatch();
                    }
                }
            }
            st.executeBatch();
        }
    }

    /**
     * Records which unsettable features of an object are set without a value: lists set to empty,
     * single values set to null (after clearing what was recorded).
     */
    void markSetEmpty(Connection c, ClassTable t, ObjectId owner, Map<String, Object> values, boolean clear)
            throws SQLException {
        for (Map.Entry<String, Object> v : values.entrySet()) {
            if (!t.unsettableLists.contains(v.getKey()) && !t.unsettableSingles.contains(v.getKey())) {
                continue;
            }
            if (clear) {
                try (PreparedStatement st = c.prepareStatement(
                        "DELETE FROM strata_set_empty WHERE owner = ? AND feature = ?")) {
                    dialect.bindUuid(st, 1, owner.value());
                    st.setString(2, v.getKey());
                    st.executeUpdate();
                }
            }
            if (v.getValue() instanceof List<?> l && l.isEmpty() || v.getValue() == Nil.VALUE) {
                try (PreparedStatement st = c.prepareStatement(
                        "INSERT INTO strata_set_empty (owner, feature) VALUES (?, ?)")) {
                    dialect.bindUuid(st, 1, owner.value());
                    st.setString(2, v.getKey());
                    st.executeUpdate();
                }
            }
        }
    }

    /** Runs a statement with one id parameter for each of the ids, in batches. */
    void updateIds(Connection c, String sql, List<ObjectId> ids) throws SQLException {
        for (List<ObjectId> batch : StoreContext.chunks(ids, StoreContext.BATCH)) {
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (ObjectId id : batch) {
                    dialect.bindUuid(st, 1, id.value());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    /** The value of a many-valued feature as a list (none: empty). */
    static List<?> list(ClassTable t, Feature f, Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> l) {
            return l;
        }
        throw new StoreException(t.type.name() + "." + f.name() + " is many-valued: expected a list, not " + value);
    }
}
