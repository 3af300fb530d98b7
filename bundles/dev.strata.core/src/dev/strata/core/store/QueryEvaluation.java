package dev.strata.core.store;

import java.util.Comparator;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.strata.core.Query;

/**
 * A query's conditions and order evaluated in memory on values in record form, the way
 * {@link RecordTable} evaluates them: null and {@link dev.strata.core.Nil} are "no value", which
 * no range holds and which sorts last in either direction; equal BigDecimals match whatever their
 * scale. Used by stores that filter records themselves and by a session that answers a query
 * with its pending objects.
 *
 * @since 0.4
 */
public final class QueryEvaluation {

    private QueryEvaluation() {
    }

    /**
     * True if the values satisfy every condition of the query.
     *
     * @param values the record form of a feature's value, by feature name
     * @throws ClassCastException if a condition's value is not of the type the feature holds
     */
    public static boolean matches(Query query, Function<String, Object> values) {
        for (Query.Condition c : query.conditions()) {
            if (!matches(c, values.apply(c.feature()))) {
                return false;
            }
        }
        return true;
    }

    /** True if a value in record form satisfies one condition. */
    public static boolean matches(Query.Condition c, Object recordValue) {
        Object v = ValueIndex.key(recordValue);
        return switch (c.op()) {
            case EQ -> Objects.equals(v, ValueIndex.key(c.value()));
            case RANGE -> v != null
                    && (c.value() == null || ValueIndex.NULLS_LAST.compare(v, ValueIndex.key(c.value())) >= 0)
                    && (c.upper() == null || ValueIndex.NULLS_LAST.compare(v, ValueIndex.key(c.upper())) < 0);
        };
    }

    /**
     * The query's order over objects (records, EObjects): by the value of its order feature,
     * ascending or descending, objects without a value last either way. A query without an order
     * leaves every pair equal, so a stable sort keeps the order it is given.
     *
     * @param value the record form of an object's value of a feature
     */
    public static <T> Comparator<T> order(Query query, BiFunction<T, String, Object> value) {
        if (query.orderBy().isEmpty()) {
            return (a, b) -> 0;
        }
        String f = query.orderBy().get();
        boolean descending = query.descending();
        return (a, b) -> {
            Object x = ValueIndex.key(value.apply(a, f));
            Object y = ValueIndex.key(value.apply(b, f));
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? 1 : -1;
            }
            int c = ValueIndex.NULLS_LAST.compare(x, y);
            return descending ? -c : c;
        };
    }
}
