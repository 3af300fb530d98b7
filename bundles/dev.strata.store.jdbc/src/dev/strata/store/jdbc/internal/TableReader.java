package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.strata.core.Nil;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * Reads records from their relational form: the class table's row, the side tables of the
 * many-valued features, and strata_set_empty. Queries read this form, and so does any read of an
 * object whose record copy is missing.
 */
final class TableReader {

    /** Bind parameters per statement, well below the drivers' limits (PostgreSQL: 32,767). */
    private static final int MAX_PARAMETERS = 10_000;

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    /** The rows of one class table: ids, versions, containers and single values, lists still to fill. */
    private record Rows(ClassTable table, List<ObjectId> ids, List<Long> versions, List<ObjectId> containers,
            List<Map<String, Object>> values) {
    }

    /** A side table to read for some owners: one branch of a UNION ALL. */
    private record Branch(Feature feature, List<ObjectId> owners) {
    }

    private final StoreContext s;
    private final Dialect dialect;

    TableReader(StoreContext s) {
        this.s = s;
        this.dialect = s.dialect;
    }

    /** Files the id of a row (id, class_id, …) under its class. */
    void addByClass(ResultSet r, Map<Integer, List<ObjectId>> byClass) throws SQLException {
        byClass.computeIfAbsent(r.getInt(2), k -> new ArrayList<>()).add(new ObjectId(dialect.readUuid(r, 1)));
    }

    /** The records of these objects of these classes: a query per class, and one per kind of side table. */
    Map<ObjectId, Record> loadByClass(Connection c, Map<Integer, List<ObjectId>> byClass) throws SQLException {
        List<Rows> all = new ArrayList<>();
        for (Map.Entry<Integer, List<ObjectId>> e : byClass.entrySet()) {
            ClassTable t = s.catalog.byId(e.getKey());
            for (List<ObjectId> chunk : StoreContext.chunks(e.getValue(), dialect.idsPerStatement())) {
                all.add(selectSingles(c, t, dialect.inIds(s.q("id"), chunk.size()), st -> dialect.bindIds(st, 1, chunk)));
            }
        }
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        for (Record r : finish(c, all)) {
            found.put(r.id(), r);
        }
        return found;
    }

    /** Records of one class matching a condition, in the order SQL gives them, with their many-valued features. */
    List<Record> select(Connection c, ClassTable t, String where, Binder binder) throws SQLException {
        return finish(c, List.of(selectSingles(c, t, where, binder)));
    }

    private Rows selectSingles(Connection c, ClassTable t, String where, Binder binder) throws SQLException {
        List<Feature> singles = t.singles();
        StringBuilder sql = new StringBuilder("SELECT ").append(s.q("id")).append(", ").append(s.q("version"))
                .append(", ").append(s.q("container"));
        for (Feature f : singles) {
            sql.append(", ").append(s.q(f.storage()));
        }
        // The XMI id an imported object keeps (a primary key lookup; most objects have none).
        sql.append(", (SELECT x.xmi_id FROM strata_xmi_id x WHERE x.id = ").append(s.q(t.table)).append('.')
                .append(s.q("id")).append(')');
        sql.append(" FROM ").append(s.q(t.table)).append(" WHERE ").append(where);
        Rows rows = new Rows(t, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (PreparedStatement st = c.prepareStatement(sql.toString())) {
            binder.bind(st);
            try (ResultSet r = st.executeQuery()) {
                while (r.next()) {
                    rows.ids().add(new ObjectId(dialect.readUuid(r, 1)));
                    rows.versions().add(r.getLong(2));
                    UUID container = dialect.readUuid(r, 3);
                    rows.containers().add(container == null ? null : new ObjectId(container));
                    Map<String, Object> v = new LinkedHashMap<>();
                    int col = 4;
                    for (Feature f : singles) {
                        v.put(f.name(), ColumnValues.read(dialect, r, col++, f.kind()));
                    }
                    String xmiId = r.getString(col);
                    if (xmiId != null) {
                        v.put(Record.XMI_ID, xmiId);
                    }
                    for (Feature f : t.manys()) {
                        v.put(f.name(), new ArrayList<>());
                    }
                    rows.values().add(v);
                }
            }
        }
        return rows;
    }

    /** Fills the lists of the rows (of one or several classes) and makes their records. */
    private List<Record> finish(Connection c, List<Rows> all) throws SQLException {
        fillManys(c, all);
        applySetEmpty(c, all);
        List<Record> records = new ArrayList<>();
        for (Rows rows : all) {
            ClassTable t = rows.table();
            for (int i = 0; i < rows.ids().size(); i++) {
                records.add(new Record(rows.ids().get(i), t.type, rows.versions().get(i), rows.containers().get(i),
                        rows.values().get(i)));
            }
        }
        return records;
    }

    /**
     * Reads the side tables of the rows' many-valued features with one query per kind of element
     * (a UNION ALL over the side tables of every class involved): a UML class has dozens of
     * many-valued features, and a query per feature, class and level made loading a metamodel slow.
     */
    @SuppressWarnings("unchecked")
    private void fillManys(Connection c, List<Rows> all) throws SQLException {
        Map<ObjectId, Map<String, Object>> valuesById = new HashMap<>();
        Map<ValueKind, List<Branch>> byKind = new LinkedHashMap<>();
        for (Rows rows : all) {
            if (rows.ids().isEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                valuesById.put(rows.ids().get(i), rows.values().get(i));
            }
            for (Feature f : rows.table().manys()) {
                for (List<ObjectId> chunk : StoreContext.chunks(rows.ids(), dialect.idsPerStatement())) {
                    byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(new Branch(f, chunk));
                }
            }
        }
        for (List<Branch> branches : byKind.values()) {
            // Statements of a bounded number of parameters (an IN list binds each id, an array one).
            List<List<Branch>> statements = new ArrayList<>();
            List<Branch> current = new ArrayList<>();
            int parameters = 0;
            for (Branch b : branches) {
                int cost = dialect.bindsIdArrays() ? 1 : b.owners().size();
                if (!current.isEmpty() && parameters + cost > MAX_PARAMETERS) {
                    statements.add(current);
                    current = new ArrayList<>();
                    parameters = 0;
                }
                current.add(b);
                parameters += cost;
            }
            statements.add(current);
            for (List<Branch> statement : statements) {
                StringBuilder union = new StringBuilder();
                for (int j = 0; j < statement.size(); j++) {
                    union.append(j == 0 ? "" : " UNION ALL ").append("SELECT ").append(j).append(" AS f, owner, pos, ")
                            .append(s.q("element")).append(" FROM ").append(s.q(statement.get(j).feature().storage()))
                            .append(" WHERE ").append(dialect.inIds("owner", statement.get(j).owners().size()));
                }
                union.append(" ORDER BY 1, 2, 3");
                try (PreparedStatement st = c.prepareStatement(union.toString())) {
                    int p = 1;
                    for (Branch b : statement) {
                        p = dialect.bindIds(st, p, b.owners());
                    }
                    try (ResultSet r = st.executeQuery()) {
                        while (r.next()) {
                            Feature f = statement.get(r.getInt(1)).feature();
                            Map<String, Object> values = valuesById.get(new ObjectId(dialect.readUuid(r, 2)));
                            ((List<Object>) values.get(f.name())).add(ColumnValues.read(dialect, r, 4, f.kind()));
                        }
                    }
                }
            }
        }
    }

    /**
     * An unsettable list with no elements is unset, and an unsettable single value that is NULL is
     * unset, unless strata_set_empty says the feature was set (to empty, to null; EMF keeps these
     * apart): the list is then kept and the single value is {@link Nil#VALUE}, else the value is
     * left out of the record. One query for the rows of every class read together.
     */
    private void applySetEmpty(Connection c, List<Rows> all) throws SQLException {
        List<ObjectId> candidates = new ArrayList<>();
        for (Rows rows : all) {
            ClassTable t = rows.table();
            if (!t.keepsSetEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                if (hasUnsetOrEmpty(t, rows.values().get(i))) {
                    candidates.add(rows.ids().get(i));
                }
            }
        }
        Set<String> setEmpty = new HashSet<>();
        for (List<ObjectId> chunk : StoreContext.chunks(candidates, dialect.idsPerStatement())) {
            try (PreparedStatement st = c.prepareStatement("SELECT owner, feature FROM strata_set_empty WHERE "
                    + dialect.inIds("owner", chunk.size()))) {
                dialect.bindIds(st, 1, chunk);
                try (ResultSet r = st.executeQuery()) {
                    while (r.next()) {
                        setEmpty.add(dialect.readUuid(r, 1) + "/" + r.getString(2));
                    }
                }
            }
        }
        for (Rows rows : all) {
            ClassTable t = rows.table();
            if (!t.keepsSetEmpty()) {
                continue;
            }
            for (int i = 0; i < rows.ids().size(); i++) {
                Map<String, Object> values = rows.values().get(i);
                for (String f : t.unsettableLists) {
                    if (values.get(f) instanceof List<?> l && l.isEmpty()
                            && !setEmpty.contains(rows.ids().get(i).value() + "/" + f)) {
                        values.remove(f);
                    }
                }
                for (String f : t.unsettableSingles) {
                    if (values.containsKey(f) && values.get(f) == null
                            && setEmpty.contains(rows.ids().get(i).value() + "/" + f)) {
                        values.put(f, Nil.VALUE);
                    }
                }
            }
        }
    }

    /** True if an unsettable feature of the row has no value (an empty list, a NULL). */
    private static boolean hasUnsetOrEmpty(ClassTable t, Map<String, Object> values) {
        return t.unsettableLists.stream().anyMatch(f -> values.get(f) instanceof List<?> l && l.isEmpty())
                || t.unsettableSingles.stream().anyMatch(f -> values.containsKey(f) && values.get(f) == null);
    }
}
