package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.strata.core.IndexDef;
import dev.strata.core.MissingIndexException;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.store.jdbc.internal.Catalog.ClassTable;
import dev.strata.store.jdbc.internal.Catalog.Feature;

/**
 * Reads records: objects by id and whole trees from their copies in strata_object (from the class
 * tables where a copy is missing), the roots, queries and counts over the class tables. Nothing is
 * cached: sessions keep what they load.
 */
final class RecordReader {

    private final StoreContext s;
    private final Dialect dialect;
    private final Transactions tx;
    private final TableReader tables;
    /**
     * The roots as last listed: a session lists them and then asks for their trees. It only picks
     * the plan of a tree read (both plans read the same records), so it may be out of date.
     */
    private volatile Set<ObjectId> listedRoots = Set.of();

    RecordReader(StoreContext s, Transactions tx, TableReader tables) {
        this.s = s;
        this.dialect = s.dialect;
        this.tx = tx;
        this.tables = tables;
    }

    Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.read("loading " + ids.size() + " object(s)", c -> loadAll(c, ids));
    }

    /** The records of the objects that exist, in the order asked. */
    Map<ObjectId, Record> loadAll(Connection c, Collection<ObjectId> ids) throws SQLException {
        if (ids.isEmpty()) {
            return new LinkedHashMap<>(); // no statement: "IN ()" is no SQL (a store without roots)
        }
        List<ObjectId> list = List.copyOf(new LinkedHashSet<>(ids));
        Map<ObjectId, Record> found = fromCopies(c, list,
                n -> "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", n), null);
        Map<ObjectId, Record> result = new LinkedHashMap<>();
        for (ObjectId id : list) {
            Record r = found.get(id);
            if (r != null) {
                result.put(id, r);
            }
        }
        return result;
    }

    Map<ObjectId, Record> loadTrees(Collection<ObjectId> rootIds) {
        if (rootIds.isEmpty()) {
            return Map.of();
        }
        return tx.readOneSnapshot("loading the tree(s) under " + (rootIds.size() == 1 ? rootIds.iterator().next()
                : rootIds.size() + " roots"), c -> treeMembers(c, List.copyOf(new LinkedHashSet<>(rootIds))));
    }

    /**
     * The records of the trees under the roots: one recursive query over strata_object's container
     * column gives every member with its record copy, instead of a round of queries per level. A
     * session opening its model asks for every root; then one scan of strata_object reads far fewer
     * pages than the recursion (UML's metamodel: ≈ 400 against ≈ 30,000, 20-40 ms less per load).
     */
    private Map<ObjectId, Record> treeMembers(Connection c, List<ObjectId> rootIds) throws SQLException {
        if (rootIds.size() > 1 && coversEveryRoot(c, rootIds)) {
            Map<ObjectId, ObjectId> containers = new HashMap<>();
            Map<ObjectId, Record> all = fromCopies(c, List.of(),
                    n -> "SELECT id, class_id, record, container FROM strata_object", containers);
            return underRoots(rootIds, all, containers);
        }
        return fromCopies(c, rootIds, n -> "WITH RECURSIVE tree (id, class_id, record) AS ("
                + "SELECT id, class_id, record FROM strata_object WHERE " + dialect.inIds("id", n)
                + " UNION ALL SELECT o.id, o.class_id, o.record FROM strata_object o JOIN tree t ON o.container = t.id)"
                + " SELECT id, class_id, record FROM tree", null);
    }

    private boolean coversEveryRoot(Connection c, List<ObjectId> ids) throws SQLException {
        Set<ObjectId> asked = new HashSet<>(ids);
        Set<ObjectId> listed = listedRoots;
        if (asked.equals(listed)) {
            return true; // the roots the caller was just given: no second read of strata_root
        }
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT id FROM strata_root")) {
            while (r.next()) {
                if (!asked.contains(new ObjectId(dialect.readUuid(r, 1)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The records whose chain of containers (the column the recursion follows) reaches one of the
     * roots (a row without a container that is no root belongs to no tree), roots first as the
     * recursion gives them.
     */
    private static Map<ObjectId, Record> underRoots(List<ObjectId> rootIds, Map<ObjectId, Record> all,
            Map<ObjectId, ObjectId> containers) {
        Map<ObjectId, Boolean> reaches = new HashMap<>();
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        for (ObjectId id : rootIds) {
            reaches.put(id, true);
            Record r = all.get(id);
            if (r != null) {
                found.put(id, r);
            }
        }
        List<ObjectId> chain = new ArrayList<>();
        for (Record r : all.values()) {
            ObjectId at = r.id();
            Boolean known;
            while ((known = reaches.get(at)) == null) {
                chain.add(at);
                at = containers.get(at);
                if (at == null || chain.size() > all.size()) { // no container, or a damaged cycle
                    known = false;
                    break;
                }
            }
            for (ObjectId link : chain) {
                reaches.put(link, known);
            }
            chain.clear();
            if (known) {
                found.putIfAbsent(r.id(), r);
            }
        }
        return found;
    }

    /**
     * Records from the rows (id, class_id, record[, container]) a query gives for chunks of the ids
     * (once with no parameter if there are no ids), in the order of the rows: from their copies, or
     * from the class tables where a copy is missing. If containers is given, the fourth column goes there.
     */
    private Map<ObjectId, Record> fromCopies(Connection c, List<ObjectId> ids, IntFunction<String> sql,
            Map<ObjectId, ObjectId> containers) throws SQLException {
        Map<ObjectId, Record> found = new LinkedHashMap<>();
        Map<Integer, List<ObjectId>> missing = new LinkedHashMap<>();
        RecordCopies.Readers readers = new RecordCopies.Readers();
        for (List<ObjectId> chunk : ids.isEmpty() ? List.of(ids) : StoreContext.chunks(ids, dialect.idsPerStatement())) {
            try (PreparedStatement st = c.prepareStatement(sql.apply(chunk.size()))) {
                dialect.readsCopies(st);
                if (!chunk.isEmpty()) {
                    dialect.bindIds(st, 1, chunk);
                }
                try (ResultSet r = st.executeQuery()) {
                    while (r.next()) {
                        ObjectId id = new ObjectId(dialect.readUuid(r, 1));
                        Record copy = readers.decode(s.catalog.byId(r.getInt(2)), id, r.getBytes(3));
                        if (copy == null) {
                            missing.computeIfAbsent(r.getInt(2), k -> new ArrayList<>()).add(id);
                        }
                        found.put(id, copy); // a placeholder keeps the row's place
                        UUID container = containers == null ? null : dialect.readUuid(r, 4);
                        if (container != null) {
                            containers.put(id, new ObjectId(container));
                        }
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(tables.loadByClass(c, missing));
            found.values().removeIf(Objects::isNull); // deleted meanwhile (no snapshot)
        }
        return found;
    }

    List<Record> roots() {
        return tx.read("listing root objects", c -> {
            // strata_root lists the roots; their records are read as any objects are.
            List<ObjectId> ids = rootIds(c);
            Map<ObjectId, Record> records = loadAll(c, ids);
            return ids.stream().map(records::get).filter(Objects::nonNull).toList();
        });
    }

    List<ObjectId> rootIds() {
        return tx.read("listing root objects", this::rootIds);
    }

    /** The roots in the order they were created, as a resource's roots have an order. */
    private List<ObjectId> rootIds(Connection c) throws SQLException {
        Map<ObjectId, Long> created = new HashMap<>();
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                "SELECT o.id, o.created FROM strata_root x JOIN strata_object o ON o.id = x.id")) {
            while (r.next()) {
                long order = r.getLong(2);
                created.put(new ObjectId(dialect.readUuid(r, 1)), r.wasNull() ? Long.MAX_VALUE : order); // rows from before the column existed
            }
        }
        listedRoots = Set.copyOf(created.keySet());
        List<ObjectId> ids = new ArrayList<>(created.keySet());
        ids.sort(Comparator.comparing((ObjectId id) -> created.get(id)).thenComparing(id -> id));
        return ids;
    }

    List<Record> query(Query query) {
        query.check(s.indexes());
        return tx.read("querying " + query, c -> {
            Optional<ClassTable> table = s.catalog.find(query.type());
            if (table.isEmpty()) {
                return List.of();
            }
            ClassTable t = table.get();
            StringBuilder where = new StringBuilder("1 = 1");
            List<Object[]> params = new ArrayList<>();
            for (Query.Condition cond : query.conditions()) {
                Feature f = t.feature(cond.feature());
                String col = s.q(f.storage());
                if (cond.op() == Query.Op.EQ) {
                    if (cond.value() == null) {
                        where.append(" AND ").append(col).append(" IS NULL");
                    } else {
                        where.append(" AND ").append(col).append(" = ?");
                        params.add(new Object[] { f, cond.value() });
                    }
                } else {
                    where.append(" AND ").append(col).append(" IS NOT NULL");
                    if (cond.value() != null) {
                        where.append(" AND ").append(col).append(" >= ?");
                        params.add(new Object[] { f, cond.value() });
                    }
                    if (cond.upper() != null) {
                        where.append(" AND ").append(col).append(" < ?");
                        params.add(new Object[] { f, cond.upper() });
                    }
                }
            }
            if (query.orderBy().isPresent()) {
                where.append(" ORDER BY ").append(dialect.orderBy(s.q(t.feature(query.orderBy().get()).storage()),
                        query.descending()));
            }
            if (query.limit() >= 0) {
                where.append(" LIMIT ").append(query.limit());
            }
            return tables.select(c, t, where.toString(), st -> {
                for (int i = 0; i < params.size(); i++) {
                    try {
                        s.bind(st, i + 1, t, (Feature) params.get(i)[0], params.get(i)[1]);
                    } catch (StoreException e) {
                        // A query value of another type than its feature's: the caller's mistake, not the store's.
                        throw new IllegalArgumentException("Query " + query + ": " + e.getMessage(), e);
                    }
                }
            });
        });
    }

    Map<Object, Long> countBy(TypeRef type, String feature) {
        boolean indexed = s.indexes().stream().anyMatch(i -> i.type().equals(type) && i.feature().equals(feature));
        if (!indexed) {
            IndexDef wanted = new IndexDef(type, feature, IndexDef.Kind.EQUALITY);
            throw new MissingIndexException("Counting " + type.name() + " by " + feature + " needs an index: declare an "
                    + wanted + " (" + wanted.howToDeclare() + ")");
        }
        return tx.read("counting " + type.name() + " by " + feature, c -> {
            ClassTable t = s.catalog.require(type);
            Feature f = t.feature(feature);
            Map<Object, Long> counts = new LinkedHashMap<>();
            try (Statement st = c.createStatement();
                    ResultSet r = st.executeQuery("SELECT " + s.q(f.storage()) + ", COUNT(*) FROM " + s.q(t.table)
                            + " GROUP BY " + s.q(f.storage()))) {
                while (r.next()) {
                    counts.put(ColumnValues.read(dialect, r, 1, f.kind()), r.getLong(2));
                }
            }
            return counts;
        });
    }
}
