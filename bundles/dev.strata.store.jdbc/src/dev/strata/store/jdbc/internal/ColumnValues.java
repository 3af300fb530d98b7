package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;

import dev.strata.core.FeatureMapEntry;

/**
 * Record values to statement parameters and back, by the {@link ValueKind} of their column; the
 * dialect says how dates and decimals travel. References and feature map entries are text
 * ({@link ValueText}).
 */
final class ColumnValues {

    private ColumnValues() {
    }

    /** Binds a record value (null allowed) to a parameter of a column of this kind. */
    static void bind(Dialect dialect, PreparedStatement s, int i, ValueKind kind, Object value) throws SQLException {
        if (value == null) {
            s.setNull(i, SqlTypes.jdbc(dialect, kind));
            return;
        }
        switch (kind) {
            case STRING -> s.setString(i, value.toString());
            case INT -> s.setInt(i, (Integer) value);
            case LONG -> s.setLong(i, (Long) value);
            case SHORT -> s.setShort(i, (Short) value);
            case BYTE -> s.setByte(i, (Byte) value);
            case CHAR -> s.setInt(i, (Character) value);
            case FLOAT -> s.setFloat(i, (Float) value);
            case DOUBLE -> s.setDouble(i, (Double) value);
            case BOOLEAN -> s.setBoolean(i, (Boolean) value);
            case BIG_INTEGER -> s.setBigDecimal(i, new BigDecimal((BigInteger) value));
            case BIG_DECIMAL -> {
                if (dialect.keepsDecimalScale()) {
                    s.setBigDecimal(i, (BigDecimal) value);
                } else {
                    s.setString(i, ((BigDecimal) value).toString());
                }
            }
            case DATE -> dialect.bindDate(s, i, (Date) value);
            case BYTES -> s.setBytes(i, (byte[]) value);
            case REF -> s.setString(i, ValueText.ref(value));
            case ENTRY -> s.setString(i, ValueText.entry((FeatureMapEntry) value));
        }
    }

    /** Reads a value of a column of this kind as a record holds it (null for SQL NULL). */
    static Object read(Dialect dialect, ResultSet r, int i, ValueKind kind) throws SQLException {
        Object v = switch (kind) {
            case STRING -> r.getString(i);
            case INT -> r.getInt(i);
            case LONG -> r.getLong(i);
            case SHORT -> r.getShort(i);
            case BYTE -> r.getByte(i);
            case CHAR -> (char) r.getInt(i);
            case FLOAT -> r.getFloat(i);
            case DOUBLE -> r.getDouble(i);
            case BOOLEAN -> r.getBoolean(i);
            case BIG_INTEGER -> {
                BigDecimal d = r.getBigDecimal(i);
                yield d == null ? null : d.toBigIntegerExact();
            }
            case BIG_DECIMAL -> {
                if (dialect.keepsDecimalScale()) {
                    yield r.getBigDecimal(i);
                }
                String s = r.getString(i);
                yield s == null ? null : new BigDecimal(s);
            }
            case DATE -> dialect.readDate(r, i);
            case BYTES -> r.getBytes(i);
            case REF -> {
                String s = r.getString(i);
                yield s == null ? null : ValueText.parseRef(s);
            }
            case ENTRY -> {
                String s = r.getString(i);
                yield s == null ? null : ValueText.parseEntry(s);
            }
        };
        return r.wasNull() ? null : v;
    }
}
