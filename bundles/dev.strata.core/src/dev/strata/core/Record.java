package dev.strata.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The store-side form of one object: its id, its EClass, its version, the object containing it
 * (null for a root) and its feature values. Stores persist records and never see EObjects.
 * <p>
 * Values are keyed by feature name. Attribute values are plain Java values (String, the boxed
 * primitives, BigInteger, BigDecimal, Date, byte[], or an enum literal's name; see {@link Values});
 * references hold {@link ObjectId}s, or {@link ExternalRef}s for objects in another store;
 * containment features hold the ids of the contained objects; many-valued features hold an
 * unmodifiable {@code List} in feature order; a feature map holds a list of
 * {@link FeatureMapEntry}. A record is immutable.
 */
public final class Record {

    /**
     * The values key under which a record keeps the XMI id ({@code xmi:id}) its object was imported
     * with, when that id is not the record's own id: diagrams and other files point at model
     * elements by it, so an XMI export writes it back. The empty string says the object came from
     * a file that gave it no {@code xmi:id} (a plain {@code .ecore}): an export writes none, and EMF
     * names it by its path as in the file. Never a feature name (they hold no ':').
     */
    public static final String XMI_ID = "xmi:id";

    private final ObjectId id;
    private final TypeRef type;
    private final long version;
    private final ObjectId container;
    private final Map<String, Object> values;

    /** A root record (no container). */
    public Record(ObjectId id, TypeRef type, long version, Map<String, ?> values) {
        this(id, type, version, null, values);
    }

    public Record(ObjectId id, TypeRef type, long version, ObjectId container, Map<String, ?> values) {
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        if (version < 0) {
            throw new IllegalArgumentException("Negative version " + version + " for " + id);
        }
        this.version = version;
        this.container = container;
        // Lists may hold null while a commit is planned (a reference the veto will report as dangling).
        this.values = RecordValues.copyOf(values);
    }

    public ObjectId id() {
        return id;
    }

    public TypeRef type() {
        return type;
    }

    /** 0 for an object not yet committed; every commit that changes the object adds one. */
    public long version() {
        return version;
    }

    /** The id of the containing object, or null for a root object. */
    public ObjectId container() {
        return container;
    }

    public boolean isRoot() {
        return container == null;
    }

    public Map<String, Object> values() {
        return values;
    }

    public Object value(String feature) {
        return values.get(feature);
    }

    /**
     * The XMI id the object was imported with; empty if it came from a file without one; null if
     * it has none other than its id.
     */
    public String xmiId() {
        return values.get(XMI_ID) instanceof String s ? s : null;
    }

    /** This record with another version and the given values replacing (or adding) features. */
    public Record with(long newVersion, Map<String, ?> changes) {
        return with(newVersion, container, changes);
    }

    /** This record with another version, container and the given values replacing features. */
    public Record with(long newVersion, ObjectId newContainer, Map<String, ?> changes) {
        if (changes.isEmpty()) {
            return new Record(id, type, newVersion, newContainer, values); // values are immutable: shared
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return new Record(id, type, newVersion, newContainer, merged);
    }

    /**
     * Feature names in one fixed order, shared by the records of one class: a store that reads many
     * records builds each from an array of values in that order, without a map per record.
     */
    public static final class Layout {
        private final RecordValues.Shape shape;

        private Layout(RecordValues.Shape shape) {
            this.shape = shape;
        }

        /** The layout of these names, in this order (a record's values keep it). */
        public static Layout of(List<String> names) {
            return new Layout(RecordValues.shape(names.toArray(String[]::new)));
        }

        public int size() {
            return shape.keys().length;
        }

        /**
         * A record with one value per name, in the layout's order. The record takes over the array
         * and the lists in it (wrapped unmodifiable, not copied): the caller must not keep them.
         */
        public Record record(ObjectId id, TypeRef type, long version, ObjectId container, Object[] values) {
            return new Record(id, type, version, container, RecordValues.owning(shape, values));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && id.equals(r.id) && type.equals(r.type) && version == r.version
                && Objects.equals(container, r.container) && Values.deepEquals(values, r.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return type.name() + "[" + id + " v" + version + "]" + values;
    }
}
