package dev.strata.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.EmfRecords;
import dev.strata.core.Packages;
import dev.strata.core.IndexDef;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;

/**
 * Which table holds which EClass and which column or side table which feature: derived from the
 * model once, then kept in the database ({@code strata_class}, {@code strata_feature},
 * {@code strata_index}) so the store reads its tables without the model, and migrations can rename
 * and add columns. Which features are unsettable is kept there too: a store opened again writes
 * and reads "set to null" and "set, empty" right before (or without) being told the model. Not
 * thread-safe: the store guards it.
 */
final class Catalog {

    /** Columns every class table has before its features. */
    static final List<String> SYSTEM_COLUMNS = List.of("id", "version", "container");

    /** One feature's storage: a column of the class table, or a side table (owner, pos, value) if many-valued. */
    record Feature(String name, ValueKind kind, boolean many, String storage) {
    }

    /** One EClass's table. */
    static final class ClassTable {
        final int id;
        TypeRef type;
        String table;
        final Map<String, Feature> features = new LinkedHashMap<>();
        /**
         * Many-valued features that are unsettable in the model: for them "set, and empty" (a row in
         * strata_set_empty) differs from "not set" (no row). Read from strata_feature.unsettable.
         */
        final Set<String> unsettableLists = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /**
         * Single-valued features that are unsettable, or attributes with a non-null default that can
         * hold null: for them "set, to null" (NULL and a row in strata_set_empty) differs from "not
         * set" (NULL alone).
         */
        final Set<String> unsettableSingles = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Features whose strata_feature row says whether they are unsettable (NULL in rows from before it did). */
        final Set<String> unsettableKnown = new HashSet<>();

        /** True if some feature of the class tells "set, without a value" from "not set". */
        boolean keepsSetEmpty() {
            return !unsettableLists.isEmpty() || !unsettableSingles.isEmpty();
        }

        ClassTable(int id, TypeRef type, String table) {
            this.id = id;
            this.type = type;
            this.table = table;
        }

        List<Feature> singles() {
            return features.values().stream().filter(f -> !f.many()).toList();
        }

        List<Feature> manys() {
            return features.values().stream().filter(Feature::many).toList();
        }

        Feature feature(String name) {
            Feature f = features.get(name);
            if (f == null) {
                throw new StoreException(type.name() + " has no stored feature '" + name + "' (table " + table + ")");
            }
            return f;
        }
    }

    private final Dialect dialect;
    private final Map<TypeRef, ClassTable> byType = new LinkedHashMap<>();
    private final Map<Integer, ClassTable> byId = new LinkedHashMap<>();
    private final Map<IndexDef, String> indexes = new LinkedHashMap<>();

    Catalog(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Reads the catalog from the database, replacing what this object knew. */
    void load(Connection c) throws SQLException {
        byType.clear();
        byId.clear();
        indexes.clear();
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT class_id, ns_uri, class_name, table_name FROM strata_class")) {
                while (r.next()) {
                    ClassTable t = new ClassTable(r.getInt(1), new TypeRef(r.getString(2), r.getString(3)), r.getString(4));
                    byType.put(t.type, t);
                    byId.put(t.id, t);
                }
            }
            try (ResultSet r = s.executeQuery(
                    "SELECT class_id, feature, value_kind, is_many, storage, unsettable FROM strata_feature"
                            + " ORDER BY class_id, ordinal")) {
                while (r.next()) {
                    ClassTable t = byId.get(r.getInt(1));
                    if (t != null) {
                        Feature f = new Feature(r.getString(2), ValueKind.valueOf(r.getString(3)), r.getBoolean(4),
                                r.getString(5));
                        t.features.put(f.name(), f);
                        boolean unsettable = r.getBoolean(6);
                        if (!r.wasNull()) {
                            markUnsettable(t, f, unsettable);
                        }
                    }
                }
            }
            try (ResultSet r = s.executeQuery("SELECT class_id, feature, index_kind, index_name FROM strata_index")) {
                while (r.next()) {
                    ClassTable t = byId.get(r.getInt(1));
                    if (t != null) {
                        indexes.put(new IndexDef(t.type, r.getString(2), IndexDef.Kind.valueOf(r.getString(3))),
                                r.getString(4));
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ lookups

    Optional<ClassTable> find(TypeRef type) {
        return Optional.ofNullable(byType.get(type));
    }

    ClassTable require(TypeRef type) {
        ClassTable t = byType.get(type);
        if (t == null) {
            throw new StoreException("There is no table for " + type + " yet: open the store through a repository"
                    + " whose packages include " + type.nsUri());
        }
        return t;
    }

    ClassTable byId(int classId) {
        ClassTable t = byId.get(classId);
        if (t == null) {
            throw new StoreException("strata_object names class " + classId + ", which strata_class does not list");
        }
        return t;
    }

    Collection<ClassTable> tables() {
        return byType.values();
    }

    Map<IndexDef, String> indexes() {
        return indexes;
    }

    // ------------------------------------------------------------------ deriving tables from the model

    /** Creates tables and columns for classes and features the database does not have yet. */
    void extend(Connection c, List<EPackage> packages, Collection<IndexDef> indexed, dev.strata.core.Progress progress)
            throws SQLException {
        List<EClass> classes = concreteClasses(packages);
        int done = 0;
        for (EClass e : classes) {
            progress.worked("Creating tables", done++, classes.size());
            TypeRef type = TypeRef.of(e);
            ClassTable t = byType.get(type);
            if (t == null) {
                t = createClassTable(c, e, type, indexed);
            } else {
                for (EStructuralFeature f : PersistentFeatures.of(e)) {
                    Feature known = t.features.get(f.getName());
                    if (known != null && known.kind() == ValueKind.STRING && kindOf(f) == ValueKind.ENTRY) {
                        // Catalogued before feature maps were stored (as text, which still fits).
                        t.features.put(f.getName(), new Feature(known.name(), ValueKind.ENTRY, known.many(), known.storage()));
                    }
                    if (!t.features.containsKey(f.getName())) {
                        addFeature(c, t, f.getName(), kindOf(f), f.isMany(), indexed.stream()
                                .anyMatch(i -> i.type().equals(type) && i.feature().equals(f.getName())), keepsApart(f));
                    }
                }
            }
        }
        progress.worked("Creating tables", classes.size(), classes.size());
        for (EClass e : classes) {
            ClassTable t = byType.get(TypeRef.of(e));
            for (EStructuralFeature f : PersistentFeatures.of(e)) {
                if (!knowsUnsettable(t, f)) {
                    storeUnsettable(c, t, t.feature(f.getName()), keepsApart(f));
                }
            }
        }
    }

    private static List<EClass> concreteClasses(List<EPackage> packages) {
        List<EClass> classes = new ArrayList<>();
        for (EPackage p : Packages.withSubpackages(packages)) {
            for (EClassifier classifier : p.getEClassifiers()) {
                if (classifier instanceof EClass e && !e.isAbstract() && !e.isInterface()) {
                    classes.add(e);
                }
            }
        }
        return classes;
    }

    /**
     * True if the catalog as loaded already has what {@link #extend} would add for the packages: a
     * table for every class, a place for every feature (feature maps as such), and for each feature
     * whether the model has it unsettable. Then opening a repository on an existing database changes
     * nothing and needs no schema transaction.
     */
    boolean covers(List<EPackage> packages) {
        List<EClass> classes = concreteClasses(packages);
        for (EClass e : classes) {
            ClassTable t = byType.get(TypeRef.of(e));
            if (t == null) {
                return false;
            }
            for (EStructuralFeature f : PersistentFeatures.of(e)) {
                Feature known = t.features.get(f.getName());
                if (known == null || (known.kind() == ValueKind.STRING && kindOf(f) == ValueKind.ENTRY)
                        || !knowsUnsettable(t, f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True if the catalog says of the feature what the model says: unsettable (in the sense of {@link #keepsApart}) or not. */
    private static boolean knowsUnsettable(ClassTable t, EStructuralFeature f) {
        return t.unsettableKnown.contains(f.getName()) && keepsApart(f) == (t.unsettableLists.contains(f.getName())
                || t.unsettableSingles.contains(f.getName()));
    }

    /**
     * What the catalog's unsettable flag records: a list that tells "set, and empty" from unset, or a
     * single value that tells "set, to null" from unset. The latter is also a plain attribute with a
     * non-null default whose type can hold null ({@link EmfRecords#keepsNil}).
     */
    private static boolean keepsApart(EStructuralFeature f) {
        return f.isMany() ? f.isUnsettable() : EmfRecords.keepsNil(f);
    }

    private static void markUnsettable(ClassTable t, Feature f, boolean unsettable) {
        t.unsettableKnown.add(f.name());
        t.unsettableLists.remove(f.name());
        t.unsettableSingles.remove(f.name());
        if (unsettable) {
            (f.many() ? t.unsettableLists : t.unsettableSingles).add(f.name());
        }
    }

    private static void storeUnsettable(Connection c, ClassTable t, Feature f, boolean unsettable) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE strata_feature SET unsettable = ? WHERE class_id = ? AND feature = ?")) {
            p.setBoolean(1, unsettable);
            p.setInt(2, t.id);
            p.setString(3, f.name());
            p.executeUpdate();
        }
        markUnsettable(t, f, unsettable);
    }

    private static ValueKind kindOf(EStructuralFeature f) {
        return f instanceof EAttribute a ? ValueKind.of(a) : ValueKind.REF;
    }

    private ClassTable createClassTable(Connection c, EClass e, TypeRef type, Collection<IndexDef> indexed)
            throws SQLException {
        String prefix = e.getEPackage().getNsPrefix() == null || e.getEPackage().getNsPrefix().isBlank()
                ? e.getEPackage().getName() : e.getEPackage().getNsPrefix();
        String table = unique(name(prefix + "_" + e.getName(), 50), tableNames());
        int id = byId.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        ClassTable t = new ClassTable(id, type, table);
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(dialect.quote(table)).append(" (")
                .append(dialect.quote("id")).append(' ').append(SqlTypes.ID).append(" PRIMARY KEY, ")
                .append(dialect.quote("version")).append(" BIGINT NOT NULL, ")
                .append(dialect.quote("container")).append(' ').append(SqlTypes.ID);
        Set<String> columns = new HashSet<>(SYSTEM_COLUMNS);
        List<Feature> sides = new ArrayList<>();
        Map<String, Boolean> unsettable = new LinkedHashMap<>();
        for (EStructuralFeature f : PersistentFeatures.of(e)) {
            unsettable.put(f.getName(), keepsApart(f));
            ValueKind kind = kindOf(f);
            boolean isIndexed = indexed.stream().anyMatch(i -> i.type().equals(type) && i.feature().equals(f.getName()));
            if (f.isMany()) {
                Feature side = new Feature(f.getName(), kind, true, unique(name(table + "__" + f.getName(), 60), tableNames()));
                sides.add(side);
                t.features.put(f.getName(), side);
            } else {
                String col = unique(name(f.getName(), 60), columns);
                columns.add(col);
                ddl.append(", ").append(dialect.quote(col)).append(' ')
                        .append(SqlTypes.column(dialect, kind, isIndexed));
                t.features.put(f.getName(), new Feature(f.getName(), kind, false, col));
            }
        }
        ddl.append(')').append(Ddl.tableOptions(dialect));
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
            for (Feature side : sides) {
                s.execute(sideTableDdl(side));
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO strata_class (class_id, ns_uri, class_name, table_name) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, id);
            p.setString(2, type.nsUri());
            p.setString(3, type.name());
            p.setString(4, table);
            p.executeUpdate();
        }
        int ordinal = 0;
        for (Feature f : t.features.values()) {
            insertFeature(c, t, f, ordinal++, unsettable.get(f.name()));
        }
        byType.put(type, t);
        byId.put(id, t);
        return t;
    }

    private String sideTableDdl(Feature side) {
        return "CREATE TABLE " + dialect.quote(side.storage()) + " (owner " + SqlTypes.ID
                + " NOT NULL, pos INTEGER NOT NULL, " + dialect.quote("element") + " "
                + SqlTypes.column(dialect, side.kind(), false) + ", PRIMARY KEY (owner, pos))" + Ddl.tableOptions(dialect);
    }

    /** Catalogues a feature; unsettable is null where the model is not known (a migration's new feature). */
    private void insertFeature(Connection c, ClassTable t, Feature f, int ordinal, Boolean unsettable)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO strata_feature (class_id, feature, value_kind,"
                + " is_many, storage, ordinal, unsettable) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setInt(1, t.id);
            p.setString(2, f.name());
            p.setString(3, f.kind().name());
            p.setBoolean(4, f.many());
            p.setString(5, f.storage());
            p.setInt(6, ordinal);
            if (unsettable == null) {
                p.setNull(7, java.sql.Types.BOOLEAN);
            } else {
                p.setBoolean(7, unsettable);
            }
            p.executeUpdate();
        }
        if (unsettable != null) {
            markUnsettable(t, f, unsettable);
        }
    }

    /** Adds a column (or side table) for a feature a migration adds; the model says later if it is unsettable. */
    Feature addFeature(Connection c, ClassTable t, String feature, ValueKind kind, boolean many, boolean indexed)
            throws SQLException {
        return addFeature(c, t, feature, kind, many, indexed, null);
    }

    private Feature addFeature(Connection c, ClassTable t, String feature, ValueKind kind, boolean many,
            boolean indexed, Boolean unsettable) throws SQLException {
        Feature f;
        try (Statement s = c.createStatement()) {
            if (many) {
                f = new Feature(feature, kind, true, unique(name(t.table + "__" + feature, 60), tableNames()));
                s.execute(sideTableDdl(f));
            } else {
                f = new Feature(feature, kind, false, unique(name(feature, 60), columnNames(t)));
                s.execute("ALTER TABLE " + dialect.quote(t.table) + " ADD " + dialect.quote(f.storage()) + " "
                        + SqlTypes.column(dialect, kind, indexed));
            }
        }
        insertFeature(c, t, f, t.features.size(), unsettable);
        t.features.put(feature, f);
        return f;
    }

    /** Renames a feature, and its column or side table where the new name is free. */
    void renameFeature(Connection c, ClassTable t, String from, String to) throws SQLException {
        Feature f = t.feature(from);
        Set<String> taken = f.many() ? tableNames() : columnNames(t);
        taken.remove(f.storage());
        String storage = unique(name(f.many() ? t.table + "__" + to : to, 60), taken);
        try (Statement s = c.createStatement()) {
            if (!storage.equals(f.storage())) {
                s.execute(f.many() ? Ddl.renameTable(dialect, f.storage(), storage)
                        : Ddl.renameColumn(dialect, t.table, f.storage(), storage));
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "UPDATE strata_feature SET feature = ?, storage = ? WHERE class_id = ? AND feature = ?")) {
            p.setString(1, to);
            p.setString(2, storage);
            p.setInt(3, t.id);
            p.setString(4, from);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE strata_index SET feature = ? WHERE class_id = ? AND feature = ?")) {
            p.setString(1, to);
            p.setInt(2, t.id);
            p.setString(3, from);
            p.executeUpdate();
        }
        Map<String, Feature> rebuilt = new LinkedHashMap<>();
        t.features.forEach((k, v) -> rebuilt.put(k.equals(from) ? to : k, k.equals(from)
                ? new Feature(to, v.kind(), v.many(), storage) : v));
        t.features.clear();
        t.features.putAll(rebuilt);
        for (Set<String> names : List.of(t.unsettableLists, t.unsettableSingles, t.unsettableKnown)) {
            if (names.remove(from)) {
                names.add(to); // the row keeps its flag
            }
        }
        renameIndexes(t.type, from, t.type, to);
    }

    void removeFeature(Connection c, ClassTable t, String feature) throws SQLException {
        Feature f = t.feature(feature);
        try (Statement s = c.createStatement()) {
            s.execute(f.many() ? "DROP TABLE " + dialect.quote(f.storage())
                    : "ALTER TABLE " + dialect.quote(t.table) + " DROP COLUMN " + dialect.quote(f.storage()));
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM strata_feature WHERE class_id = ? AND feature = ?")) {
            p.setInt(1, t.id);
            p.setString(2, feature);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM strata_index WHERE class_id = ? AND feature = ?")) {
            p.setInt(1, t.id);
            p.setString(2, feature);
            p.executeUpdate();
        }
        t.features.remove(feature);
        t.unsettableLists.remove(feature);
        t.unsettableSingles.remove(feature);
        t.unsettableKnown.remove(feature);
        indexes.keySet().removeIf(i -> i.type().equals(t.type) && i.feature().equals(feature));
    }

    /** Renames the class (the table keeps its name: other tools may query it). */
    void renameClass(Connection c, ClassTable t, String to) throws SQLException {
        TypeRef old = t.type;
        TypeRef renamed = new TypeRef(old.nsUri(), to);
        try (PreparedStatement p = c.prepareStatement("UPDATE strata_class SET class_name = ? WHERE class_id = ?")) {
            p.setString(1, to);
            p.setInt(2, t.id);
            p.executeUpdate();
        }
        byType.remove(old);
        t.type = renamed;
        byType.put(renamed, t);
        for (String f : List.copyOf(t.features.keySet())) {
            renameIndexes(old, f, renamed, f);
        }
    }

    private void renameIndexes(TypeRef oldType, String oldFeature, TypeRef newType, String newFeature) {
        Map<IndexDef, String> copy = new LinkedHashMap<>();
        indexes.forEach((def, name) -> copy.put(def.type().equals(oldType) && def.feature().equals(oldFeature)
                ? new IndexDef(newType, newFeature, def.kind()) : def, name));
        indexes.clear();
        indexes.putAll(copy);
    }

    /** Creates an SQL index for a declared Strata index (unique ones as unique indexes). */
    void createIndex(Connection c, IndexDef def) throws SQLException {
        ClassTable t = require(def.type());
        Feature f = t.feature(def.feature());
        if (f.many() || f.kind() == ValueKind.BYTES) {
            throw new StoreException("Cannot index " + def.type().name() + "." + def.feature()
                    + ": binary and many-valued features cannot be indexed");
        }
        if (def.servesOrder() && f.kind() == ValueKind.BIG_DECIMAL && !dialect.keepsDecimalScale()) {
            throw new StoreException("Cannot keep an ordered index on " + def.type().name() + "." + def.feature()
                    + " in " + dialect.product() + ": decimals are stored as text there; use an equality index or PostgreSQL");
        }
        Set<String> taken = new HashSet<>(indexes.values());
        String name = unique(name("ix_" + t.table + "_" + f.storage() + (def.kind() == IndexDef.Kind.UNIQUE ? "_u" : ""), 60), taken);
        try (Statement s = c.createStatement()) {
            if (dialect == Dialect.MARIADB && f.kind() == ValueKind.STRING) {
                // LONGTEXT cannot be indexed; the indexed form is limited to 768 characters.
                s.execute("ALTER TABLE " + dialect.quote(t.table) + " MODIFY " + dialect.quote(f.storage()) + " "
                        + SqlTypes.column(dialect, ValueKind.STRING, true));
            }
            s.execute(createIndexSql(def, t, f, name));
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO strata_index (class_id, feature, index_kind, index_name) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, t.id);
            p.setString(2, def.feature());
            p.setString(3, def.kind().name());
            p.setString(4, name);
            p.executeUpdate();
        }
        indexes.put(def, name);
    }

    /** Drops and creates an index again from the table's data. */
    void rebuildIndex(Connection c, IndexDef def) throws SQLException {
        String name = indexes.get(def);
        if (name == null) {
            throw new dev.strata.core.MissingIndexException("Cannot rebuild " + def + ": it is not declared ("
                    + def.howToDeclare() + ")");
        }
        ClassTable t = require(def.type());
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX " + dialect.quote(name) + (dialect == Dialect.MARIADB ? " ON " + dialect.quote(t.table) : ""));
            s.execute(createIndexSql(def, t, t.feature(def.feature()), name));
        }
    }

    private String createIndexSql(IndexDef def, ClassTable t, Feature f, String name) {
        return "CREATE " + (def.kind() == IndexDef.Kind.UNIQUE ? "UNIQUE " : "") + "INDEX " + dialect.quote(name)
                + " ON " + dialect.quote(t.table) + " (" + dialect.quote(f.storage()) + ")";
    }

    // ------------------------------------------------------------------ names

    /** Strata's own tables: no model class may take their names. */
    private static final List<String> META_TABLES = List.of("strata_meta", "strata_package", "strata_migration",
            "strata_class", "strata_feature", "strata_index", "strata_object", "strata_commit", "strata_set_empty",
            "strata_xmi_id", "strata_root");

    private Set<String> tableNames() {
        Set<String> names = new HashSet<>(META_TABLES);
        for (ClassTable t : byType.values()) {
            names.add(t.table);
            t.manys().forEach(f -> names.add(f.storage()));
        }
        return names;
    }

    private static Set<String> columnNames(ClassTable t) {
        Set<String> names = new HashSet<>(SYSTEM_COLUMNS);
        t.singles().forEach(f -> names.add(f.storage()));
        return names;
    }

    /** A lower-case snake_case SQL name: {@code dueDate} becomes {@code due_date}. */
    static String name(String modelName, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < modelName.length(); i++) {
            char ch = modelName.charAt(i);
            if (Character.isUpperCase(ch) && i > 0 && Character.isLowerCase(modelName.charAt(i - 1))) {
                b.append('_');
            }
            b.append(Character.isLetterOrDigit(ch) && ch < 128 ? Character.toLowerCase(ch) : '_');
        }
        String s = b.toString().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "t_" + s;
        }
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static String unique(String base, Set<String> taken) {
        if (!taken.contains(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String candidate = base + "_" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }
}
