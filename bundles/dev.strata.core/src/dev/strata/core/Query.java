package dev.strata.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;

/**
 * A query over the objects of one EClass (exact class, not subclasses): equality and range
 * conditions joined by "and", an optional order and a limit. Values are in record form (see
 * {@link Values}); the builder methods taking an {@link EAttribute} convert EMF values for you.
 * <p>
 * Every condition and the order must be served by a declared index ({@link IndexDef}); otherwise
 * {@link #check} fails naming the index to declare. Queries are immutable and usable as map keys.
 */
public final class Query {

    /** One condition on one feature. */
    public record Condition(String feature, Op op, Object value, Object upper) {
        public Condition {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(op, "op");
        }

        @Override
        public String toString() {
            return switch (op) {
                case EQ -> feature + " = " + value;
                case RANGE -> feature + " in [" + (value == null ? "" : value) + ", " + (upper == null ? "" : upper) + ")";
            };
        }
    }

    public enum Op {
        /** feature equals value. */
        EQ,
        /** value (inclusive, or open if null) &lt;= feature &lt; upper (exclusive, or open if null). */
        RANGE
    }

    private final TypeRef type;
    private final List<Condition> conditions;
    private final String orderBy;
    private final boolean descending;
    private final int limit;

    private Query(TypeRef type, List<Condition> conditions, String orderBy, boolean descending, int limit) {
        this.type = Objects.requireNonNull(type, "type");
        this.conditions = List.copyOf(conditions);
        this.orderBy = orderBy;
        this.descending = descending;
        this.limit = limit;
    }

    public static Query on(TypeRef type) {
        return new Query(type, List.of(), null, false, -1);
    }

    public static Query on(EClass eClass) {
        return on(TypeRef.of(eClass));
    }

    public Query eq(String feature, Object recordValue) {
        return with(new Condition(feature, Op.EQ, recordValue, null));
    }

    public Query eq(EAttribute attribute, Object value) {
        return eq(attribute.getName(), Values.toRecord(attribute, value));
    }

    /** lowerInclusive &lt;= feature &lt; upperExclusive; either bound may be null for an open end. */
    public Query range(String feature, Object lowerInclusive, Object upperExclusive) {
        return with(new Condition(feature, Op.RANGE, lowerInclusive, upperExclusive));
    }

    public Query range(EAttribute attribute, Object lowerInclusive, Object upperExclusive) {
        return range(attribute.getName(), Values.toRecord(attribute, lowerInclusive),
                Values.toRecord(attribute, upperExclusive));
    }

    public Query orderBy(String feature, boolean descendingOrder) {
        return new Query(type, conditions, feature, descendingOrder, limit);
    }

    public Query orderBy(EAttribute attribute, boolean descendingOrder) {
        return orderBy(attribute.getName(), descendingOrder);
    }

    public Query limit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + max);
        }
        return new Query(type, conditions, orderBy, descending, max);
    }

    private Query with(Condition c) {
        List<Condition> list = new ArrayList<>(conditions);
        list.add(c);
        return new Query(type, list, orderBy, descending, limit);
    }

    public TypeRef type() {
        return type;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    public Optional<String> orderBy() {
        return Optional.ofNullable(orderBy);
    }

    public boolean descending() {
        return descending;
    }

    /** The maximum number of results, or -1 for no limit. */
    public int limit() {
        return limit;
    }

    /**
     * Verifies that declared indexes serve every condition and the order.
     *
     * @throws MissingIndexException naming the index to declare
     */
    public void check(Collection<IndexDef> indexes) {
        for (Condition c : conditions) {
            boolean needsOrder = c.op() == Op.RANGE;
            if (find(indexes, c.feature(), needsOrder).isEmpty()) {
                throw missing(c.toString(), c.feature(), needsOrder);
            }
        }
        if (orderBy != null && find(indexes, orderBy, true).isEmpty()) {
            throw missing("order by " + orderBy, orderBy, true);
        }
    }

    /** The best index for a feature of this query's type, if one is declared. */
    public Optional<IndexDef> find(Collection<IndexDef> indexes, String feature, boolean needsOrder) {
        IndexDef best = null;
        for (IndexDef i : indexes) {
            if (i.type().equals(type) && i.feature().equals(feature) && (!needsOrder || i.servesOrder())) {
                if (best == null || i.kind() == IndexDef.Kind.UNIQUE) {
                    best = i;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private MissingIndexException missing(String what, String feature, boolean needsOrder) {
        IndexDef wanted = new IndexDef(type, feature, needsOrder ? IndexDef.Kind.ORDERED : IndexDef.Kind.EQUALITY);
        return new MissingIndexException("No declared index serves '" + what + "' on " + type.name()
                + ": declare an " + wanted + " (" + wanted.howToDeclare() + ")");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Query q && type.equals(q.type) && Values.deepEquals(conditions, q.conditions)
                && Objects.equals(orderBy, q.orderBy) && descending == q.descending && limit == q.limit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, conditions.size(), orderBy, descending, limit);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type.name());
        if (!conditions.isEmpty()) {
            sb.append(" where ").append(conditions.stream().map(Condition::toString).collect(Collectors.joining(" and ")));
        }
        if (orderBy != null) {
            sb.append(" order by ").append(orderBy).append(descending ? " desc" : "");
        }
        if (limit >= 0) {
            sb.append(" limit ").append(limit);
        }
        return sb.toString();
    }
}
