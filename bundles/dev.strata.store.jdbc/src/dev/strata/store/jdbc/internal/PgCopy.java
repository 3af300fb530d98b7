package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import dev.strata.core.FeatureMapEntry;

/**
 * Bulk rows into PostgreSQL with COPY (text format): several times faster than batched INSERTs
 * for large commits. Values are written in COPY's own escaping, never spliced into SQL.
 */
final class PgCopy implements AutoCloseable {

    private static final int FLUSH_BYTES = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 4096);
    private boolean firstInRow = true;

    PgCopy(Connection c, String table, List<String> quotedColumns) throws SQLException {
        copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + String.join(", ", quotedColumns) + ") FROM STDIN");
    }

    PgCopy uuid(UUID id) {
        return raw(id == null ? null : id.toString());
    }

    PgCopy value(ValueKind kind, Object v) {
        if (v == null) {
            return raw(null);
        }
        return switch (kind) {
            case STRING -> raw(escape(v.toString()));
            case REF -> raw(escape(ValueText.ref(v)));
            case ENTRY -> raw(escape(ValueText.entry((FeatureMapEntry) v)));
            case CHAR -> raw(Integer.toString((Character) v));
            case BOOLEAN -> raw((Boolean) v ? "t" : "f");
            case BIG_INTEGER -> raw(((BigInteger) v).toString());
            case BIG_DECIMAL -> raw(((BigDecimal) v).toString());
            case DATE -> raw(OffsetDateTime.ofInstant(((Date) v).toInstant(), ZoneOffset.UTC).toString());
            case BYTES -> raw("\\\\x" + HexFormat.of().formatHex((byte[]) v));
            // Numbers: Java's spelling (incl. NaN, Infinity, exponents) is PostgreSQL's input syntax.
            default -> raw(kind.javaType.cast(v).toString());
        };
    }

    PgCopy number(long n) {
        return raw(Long.toString(n));
    }

    private PgCopy raw(String text) {
        if (!firstInRow) {
            buffer.append('\t');
        }
        firstInRow = false;
        buffer.append(text == null ? "\\N" : text);
        return this;
    }

    void endRow() throws SQLException {
        buffer.append('\n');
        firstInRow = true;
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buffer.setLength(0);
    }

    /** Sends the rest and finishes the COPY; errors (e.g. a duplicate key) surface here. */
    void finish() throws SQLException {
        flush();
        copy.endCopy();
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            copy.cancelCopy();
        }
    }

    private static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            String rep = switch (ch) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(ch);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
