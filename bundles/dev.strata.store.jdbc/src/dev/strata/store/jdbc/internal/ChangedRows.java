package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.Values;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * Writes what a commit does to stored objects: the class table rows, changed or deleted only at
 * the version the commit expects, then what follows from the changes (containers, roots, lists,
 * features set without a value, record copies).
 */
final class ChangedRows {

    private final StoreContext s;
    private final Dialect dialect;
    private final CreatedRows rows;

    ChangedRows(StoreContext s, CreatedRows rows) {
        this.s = s;
        this.dialect = s.dialect;
        this.rows = rows;
    }

    /**
     * Updates only the changed columns, each row only if it still has the expected version; the
     * changes not applied for that are the conflicts returned.
     */
    List<ConflictException.Conflict> update(Connection c, List<ChangeSet.Change> changes) throws SQLException {
        // Same table and same changed columns: one batched statement.
        Map<String, List<ChangeSet.Change>> shapes = new LinkedHashMap<>();
        Map<String, List<Feature>> shapeColumns = new HashMap<>();
        for (ChangeSet.Change ch : changes) {
            ClassTable t = s.catalog.require(ch.type());
            List<Feature> cols = new ArrayList<>();
            for (String feature : ch.newValues().keySet()) {
                Feature f = t.feature(feature);
                if (!f.many()) {
                    cols.add(f);
                }
            }
            String sql = updateSql(t, cols, ch.containerChanged());
            shapes.computeIfAbsent(sql, k -> new ArrayList<>()).add(ch);
            shapeColumns.put(sql, cols);
        }
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        for (Map.Entry<String, List<ChangeSet.Change>> e : shapes.entrySet()) {
            List<Feature> cols = shapeColumns.get(e.getKey());
            for (List<ChangeSet.Change> batch : StoreContext.chunks(e.getValue(), StoreContext.BATCH)) {
                try (PreparedStatement st = c.prepareStatement(e.getKey())) {
                    for (ChangeSet.Change ch : batch) {
                        ClassTable t = s.catalog.require(ch.type());
                        int i = 1;
                        if (ch.containerChanged()) {
                            dialect.bindUuid(st, i++, ch.container() == null ? null : ch.container().value());
                        }
                        for (Feature f : cols) {
                            s.bind(st, i++, t, f, ch.newValues().get(f.name()));
                        }
                        dialect.bindUuid(st, i++, ch.id().value());
                        st.setLong(i, ch.expectedVersion());
                        st.addBatch();
                    }
                    int[] counts = requireCounts(st.executeBatch());
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 0) {
                            ChangeSet.Change ch = batch.get(k);
                            conflicts.add(new ConflictException.Conflict(ch.id(), ch.expectedVersion(), -1));
                        }
                    }
                }
            }
        }
        return conflicts;
    }

    private String updateSql(ClassTable t, List<Feature> cols, boolean containerChanged) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(s.q(t.table)).append(" SET ").append(s.q("version"))
                .append(" = ").append(s.q("version")).append(" + 1");
        if (containerChanged) {
            sql.append(", ").append(s.q("container")).append(" = ?");
        }
        for (Feature f : cols) {
            sql.append(", ").append(s.q(f.storage())).append(" = ?");
        }
        return sql.append(" WHERE ").append(s.q("id")).append(" = ? AND ").append(s.q("version")).append(" = ?").toString();
    }

    /**
     * Deletes the objects' class table rows, each only if it still has the expected version (the
     * deletions not applied for that are the conflicts returned), and their other rows.
     */
    List<ConflictException.Conflict> delete(Connection c, List<ChangeSet.Deletion> deletions) throws SQLException {
        Map<ClassTable, List<ChangeSet.Deletion>> byTable = new LinkedHashMap<>();
        for (ChangeSet.Deletion d : deletions) {
            byTable.computeIfAbsent(s.catalog.require(d.last().type()), k -> new ArrayList<>()).add(d);
        }
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        for (Map.Entry<ClassTable, List<ChangeSet.Deletion>> e : byTable.entrySet()) {
            ClassTable t = e.getKey();
            for (List<ChangeSet.Deletion> batch : StoreContext.chunks(e.getValue(), StoreContext.BATCH)) {
                try (PreparedStatement st = c.prepareStatement("DELETE FROM " + s.q(t.table) + " WHERE " + s.q("id")
                        + " = ? AND " + s.q("version") + " = ?")) {
                    for (ChangeSet.Deletion d : batch) {
                        dialect.bindUuid(st, 1, d.id().value());
                        st.setLong(2, d.expectedVersion());
                        st.addBatch();
                    }
                    int[] counts = requireCounts(st.executeBatch());
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] == 0) {
                            conflicts.add(new ConflictException.Conflict(batch.get(k).id(), batch.get(k).expectedVersion(), -1));
                        }
                    }
                }
                List<String> tables = new ArrayList<>();
                t.manys().forEach(f -> tables.add("DELETE FROM " + s.q(f.storage()) + " WHERE owner = ?"));
                tables.add("DELETE FROM strata_object WHERE id = ?");
                tables.add("DELETE FROM strata_set_empty WHERE owner = ?");
                tables.add("DELETE FROM strata_xmi_id WHERE id = ?");
                tables.add("DELETE FROM strata_root WHERE id = ?");
                for (String sql : tables) {
                    rows.updateIds(c, sql, batch.stream().map(ChangeSet.Deletion::id).toList());
                }
            }
        }
        return conflicts;
    }

    /** Version checks need real row counts; a driver answering "no info" would let stale writes through. */
    private int[] requireCounts(int[] counts) {
        for (int n : counts) {
            if (n == Statement.SUCCESS_NO_INFO) {
                throw new StoreException("Store '" + s.name + "': the " + dialect.product() + " driver does not report how"
                        + " many rows a batched update changed, so conflicts cannot be detected; remove options such as"
                        + " useBulkStmts from the JDBC URL");
            }
        }
        return counts;
    }

    /**
     * Writes what follows from changes whose class table rows are updated: moved objects' containers
     * in strata_object and strata_root (when they become or stop being roots), lists, features set
     * without a value, and the record copies.
     */
    void settle(Connection c, List<ChangeSet.Change> changes) throws SQLException {
        List<ChangeSet.Change> moved = changes.stream().filter(ChangeSet.Change::containerChanged).toList();
        rows.updateIds(c, "DELETE FROM strata_root WHERE id = ?",
                moved.stream().filter(ch -> ch.oldContainer() == null).map(ChangeSet.Change::id).toList());
        rows.updateIds(c, "INSERT INTO strata_root (id) VALUES (?)",
                moved.stream().filter(ch -> ch.container() == null).map(ChangeSet.Change::id).toList());
        for (List<ChangeSet.Change> batch : StoreContext.chunks(moved, StoreContext.BATCH)) {
            try (PreparedStatement st = c.prepareStatement("UPDATE strata_object SET container = ? WHERE id = ?")) {
                for (ChangeSet.Change ch : batch) {
                    dialect.bindUuid(st, 1, ch.container() == null ? null : ch.container().value());
                    dialect.bindUuid(st, 2, ch.id().value());
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
        for (ChangeSet.Change ch : changes) {
            ClassTable t = s.catalog.require(ch.type());
            if (t.keepsSetEmpty()) {
                rows.markSetEmpty(c, t, ch.id(), ch.newValues(), true);
            }
            for (Map.Entry<String, Object> v : ch.newValues().entrySet()) {
                Feature f = t.feature(v.getKey());
                if (f.many()) {
                    Object old = ch.oldValues().get(v.getKey());
                    rewriteList(c, t, f, ch.id(), old instanceof List<?> l ? l : null, CreatedRows.list(t, f, v.getValue()));
                }
            }
        }
        updateCopies(c, changes);
    }

    /**
     * Writes only the part of a list that changed: adding one task to a project of a million
     * rewrites one row, not a million. Without the old list, the whole list is replaced.
     */
    private void rewriteList(Connection c, ClassTable t, Feature f, ObjectId owner, List<?> old, List<?> now)
            throws SQLException {
        String side = s.q(f.storage());
        if (old == null) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + side + " WHERE owner = ?")) {
                dialect.bindUuid(st, 1, owner.value());
                st.executeUpdate();
            }
            rows.insertSide(c, t, f, List.of(Map.entry(owner, now)), 0);
            return;
        }
        int prefix = 0;
        int max = Math.min(old.size(), now.size());
        while (prefix < max && Values.deepEquals(old.get(prefix), now.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix
                && Values.deepEquals(old.get(old.size() - 1 - suffix), now.get(now.size() - 1 - suffix))) {
            suffix++;
        }
        int oldEnd = old.size() - suffix;
        int delta = now.size() - old.size();
        if (oldEnd > prefix) {
            try (PreparedStatement st = c.prepareStatement("DELETE FROM " + side + " WHERE owner = ? AND pos >= ? AND pos < ?")) {
                dialect.bindUuid(st, 1, owner.value());
                st.setInt(2, prefix);
                st.setInt(3, oldEnd);
                st.executeUpdate();
            }
        }
        if (delta != 0 && suffix > 0) {
            // Through negative positions: shifting in place would collide with the primary key.
            try (PreparedStatement st = c.prepareStatement("UPDATE " + side + " SET pos = -(pos + ?) - 1 WHERE owner = ? AND pos >= ?")) {
                st.setInt(1, delta);
                dialect.bindUuid(st, 2, owner.value());
                st.setInt(3, oldEnd);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE " + side + " SET pos = -pos - 1 WHERE owner = ? AND pos < 0")) {
                dialect.bindUuid(st, 1, owner.value());
                st.executeUpdate();
            }
        }
        rows.insertSide(c, t, f, List.of(Map.entry(owner, now.subList(prefix, now.size() - suffix))), prefix);
    }

    /**
     * Brings the copies of changed objects up to date, in the commit's transaction (the class
     * table rows are already locked by the version-checked updates): the copy read, the change
     * applied, the copy written. A copy that is missing or older stays missing.
     */
    private void updateCopies(Connection c, List<ChangeSet.Change> changes) throws SQLException {
        Map<ObjectId, ChangeSet.Change> byId = new LinkedHashMap<>();
        changes.forEach(ch -> byId.put(ch.id(), ch));
        List<Record> next = new ArrayList<>();
        for (List<ObjectId> chunk : StoreContext.chunks(new ArrayList<>(byId.keySet()), dialect.idsPerStatement())) {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", chunk.size()))) {
                dialect.bindIds(st, 1, chunk);
                try (ResultSet r = st.executeQuery()) {
                    while (r.next()) {
                        ObjectId id = new ObjectId(dialect.readUuid(r, 1));
                        ClassTable t = s.catalog.byId(r.getInt(2));
                        Record old = RecordCopies.decode(t, id, r.getBytes(3));
                        ChangeSet.Change ch = byId.get(id);
                        if (old != null && old.version() == ch.expectedVersion()) {
                            Record changed = old.with(ch.expectedVersion() + 1, ch.container(), ch.newValues());
                            next.add(new Record(id, t.type, changed.version(), changed.container(),
                                    RecordCopies.shape(t, changed.values())));
                        } else if (old != null) {
                            clearCopy(c, id); // not expected after the version check; never keep a stale copy
                        }
                    }
                }
            }
        }
        RecordCopies.write(c, dialect, s.catalog, next);
    }

    private void clearCopy(Connection c, ObjectId id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE strata_object SET record = NULL WHERE id = ?")) {
            dialect.bindUuid(st, 1, id.value());
            st.executeUpdate();
        }
    }
}
