package dev.strata.store.jdbc.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
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
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final CopyIn copy;
    /** The rows as COPY reads them, in UTF-8: written straight as bytes, not through a String. */
    private byte[] buffer = new byte[FLUSH_BYTES + 4096];
    private int length;
    private boolean firstInRow = true;

    PgCopy(Connection c, String table, List<String> quotedColumns) throws SQLException {
        copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + String.join(", ", quotedColumns) + ") FROM STDIN");
    }

    PgCopy uuid(UUID id) {
        if (id == null) {
            return nul();
        }
        separate();
        room(36);
        long hi = id.getMostSignificantBits();
        long lo = id.getLeastSignificantBits();
        hex(hi >>> 32, 8);
        buffer[length++] = '-';
        hex(hi >>> 16, 4);
        buffer[length++] = '-';
        hex(hi, 4);
        buffer[length++] = '-';
        hex(lo >>> 48, 4);
        buffer[length++] = '-';
        hex(lo, 12);
        return this;
    }

    PgCopy value(ValueKind kind, Object v) {
        if (v == null) {
            return nul();
        }
        return switch (kind) {
            case STRING -> text(v.toString());
            case REF -> text(ValueText.ref(v));
            case ENTRY -> text(ValueText.entry((FeatureMapEntry) v));
            case CHAR -> ascii(Integer.toString((Character) v));
            case BOOLEAN -> ascii((Boolean) v ? "t" : "f");
            case BIG_INTEGER -> ascii(((BigInteger) v).toString());
            case BIG_DECIMAL -> ascii(((BigDecimal) v).toString());
            case DATE -> ascii(OffsetDateTime.ofInstant(((Date) v).toInstant(), ZoneOffset.UTC).toString());
            case BYTES -> bytes((byte[]) v);
            // Numbers: Java's spelling (incl. NaN, Infinity, exponents) is PostgreSQL's input syntax.
            default -> ascii(kind.javaType.cast(v).toString());
        };
    }

    PgCopy number(long n) {
        return ascii(Long.toString(n));
    }

    void endRow() throws SQLException {
        room(1);
        buffer[length++] = '\n';
        firstInRow = true;
        if (length >= FLUSH_BYTES) {
            flush();
        }
    }

    private void flush() throws SQLException {
        copy.writeToCopy(buffer, 0, length);
        length = 0;
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

    private void separate() {
        if (!firstInRow) {
            room(1);
            buffer[length++] = '\t';
        }
        firstInRow = false;
    }

    private PgCopy nul() {
        separate();
        room(2);
        buffer[length++] = '\\';
        buffer[length++] = 'N';
        return this;
    }

    /** Text that holds nothing COPY escapes and only ASCII: numbers, dates, t/f. */
    private PgCopy ascii(String s) {
        separate();
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Any text, escaped as COPY reads it ({@code \\}, {@code \n}, {@code \r}, {@code \t}), in UTF-8. */
    private PgCopy text(String s) {
        separate();
        room(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> escaped('\\');
                case '\n' -> escaped('n');
                case '\r' -> escaped('r');
                case '\t' -> escaped('t');
                default -> {
                    if (ch < 0x80) {
                        buffer[length++] = (byte) ch;
                    } else {
                        // The rest from here through the JDK's encoder (surrogate pairs, replacement of lone ones).
                        return textTail(s, i);
                    }
                }
            }
        }
        return this;
    }

    private PgCopy textTail(String s, int from) {
        StringBuilder rest = new StringBuilder(s.length() - from + 8);
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> rest.append("\\\\");
                case '\n' -> rest.append("\\n");
                case '\r' -> rest.append("\\r");
                case '\t' -> rest.append("\\t");
                default -> rest.append(ch);
            }
        }
        byte[] utf8 = rest.toString().getBytes(StandardCharsets.UTF_8);
        room(utf8.length);
        System.arraycopy(utf8, 0, buffer, length, utf8.length);
        length += utf8.length;
        return this;
    }

    private void escaped(char ch) {
        buffer[length++] = '\\';
        buffer[length++] = (byte) ch;
    }

    /** bytea in hex ({@code \\x...}: the backslash itself escaped for COPY). */
    private PgCopy bytes(byte[] v) {
        separate();
        room(3 + 2 * v.length);
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        buffer[length++] = 'x';
        for (byte b : v) {
            buffer[length++] = HEX[(b >> 4) & 0xF];
            buffer[length++] = HEX[b & 0xF];
        }
        return this;
    }

    /** The low digits of a number as lower-case hex. */
    private void hex(long bits, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buffer[length + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        length += digits;
    }

    private void room(int more) {
        if (length + more > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
        }
    }
}
