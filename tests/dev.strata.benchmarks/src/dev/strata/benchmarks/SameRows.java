package dev.strata.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Every row one Strata commit added to a database, read back after the commit: the raw baselines
 * write exactly these rows (class tables, strata_object with its record copies, list tables, the
 * commit log, the roots) into the tables of a fresh store, so that "raw vs Strata" compares the same
 * work. Only tables that were empty before the commit and hold rows after it are taken.
 */
final class SameRows {

    /** One table's new rows: column names and values as the driver returned them. */
    record Table(String name, List<String> columns, List<Object[]> rows) {
    }

    private final List<Table> tables;

    private SameRows(List<Table> tables) {
        this.tables = tables;
    }

    List<Table> tables() {
        return tables;
    }

    long rowCount() {
        return tables.stream().mapToLong(t -> t.rows().size()).sum();
    }

    /** "table rows, ..." for the report. */
    String describe() {
        StringBuilder b = new StringBuilder();
        for (Table t : tables) {
            b.append(b.isEmpty() ? "" : ", ").append(t.name()).append(' ').append(String.format("%,d", t.rows().size()));
        }
        return b.toString();
    }

    /** The rows every table of a schema (null: the connection's) holds, as text: taken before the commit. */
    static Map<String, List<String>> before(Connection c, String schema) throws SQLException {
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (String table : tableNames(c, schema)) {
            before.put(table, readTable(c, schema, table).rows().stream().map(SameRows::text).toList());
        }
        return before;
    }

    /**
     * The rows the tables hold now that they did not hold before, in the tables that grew (a row
     * only updated, as the commit counter, is not written by INSERT and is left out).
     */
    static SameRows read(Connection c, String schema, Map<String, List<String>> before) throws SQLException {
        List<Table> tables = new ArrayList<>();
        for (String name : tableNames(c, schema)) {
            Table t = readTable(c, schema, name);
            List<String> old = new ArrayList<>(before.getOrDefault(name, List.of()));
            if (t.rows().size() <= old.size()) {
                continue;
            }
            List<Object[]> added = new ArrayList<>();
            for (Object[] row : t.rows()) {
                if (old.isEmpty() || !old.remove(text(row))) {
                    added.add(row);
                }
            }
            tables.add(new Table(name, t.columns(), added));
        }
        return new SameRows(tables);
    }

    private static String text(Object[] row) {
        return java.util.Arrays.deepToString(row);
    }

    private static Table readTable(Connection c, String schema, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM " + name(schema, name))) {
            ResultSetMetaData md = r.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(md.getColumnName(i));
            }
            List<Object[]> rows = new ArrayList<>();
            while (r.next()) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    Object v = r.getObject(i + 1);
                    if (v instanceof java.sql.Blob blob) { // kept past the connection
                        v = blob.getBytes(1, (int) blob.length());
                    } else if (v instanceof java.sql.Clob clob) {
                        v = clob.getSubString(1, (int) clob.length());
                    }
                    row[i] = v;
                }
                rows.add(row);
            }
            return new Table(name, columns, rows);
        }
    }

    /** Writes the rows in batched INSERTs of 2,000 (the caller commits). */
    void insertBatches(Connection c, String schema) throws SQLException {
        for (Table t : tables) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(name(schema, t.name())).append(" (");
            StringBuilder marks = new StringBuilder();
            for (int i = 0; i < t.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(quote(t.columns().get(i)));
                marks.append(i == 0 ? "?" : ", ?");
            }
            sql.append(") VALUES (").append(marks).append(')');
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int n = 0;
                for (Object[] row : t.rows()) {
                    for (int i = 0; i < row.length; i++) {
                        p.setObject(i + 1, row[i]);
                    }
                    p.addBatch();
                    if (++n % 2000 == 0) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
        }
    }

    /** Writes the rows with PostgreSQL's COPY in text format, built from the values as an application would. */
    void copy(Connection c, String schema) throws SQLException {
        for (Table t : tables) {
            StringBuilder cols = new StringBuilder();
            for (int i = 0; i < t.columns().size(); i++) {
                cols.append(i == 0 ? "" : ", ").append(quote(t.columns().get(i)));
            }
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + name(schema, t.name()) + " (" + cols + ") FROM STDIN");
            StringBuilder b = new StringBuilder();
            for (Object[] row : t.rows()) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        b.append('\t');
                    }
                    copyText(b, row[i]);
                }
                b.append('\n');
                send(in, b, false);
            }
            send(in, b, true);
        }
    }

    /** Sends the text gathered for a COPY once it reaches 1 MB, or all of it and ends the COPY when last. */
    static void send(CopyIn in, StringBuilder b, boolean last) throws SQLException {
        if (last || b.length() > 1 << 20) {
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            b.setLength(0);
        }
        if (last) {
            in.endCopy();
        }
    }

    private static void copyText(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("\\N");
            case byte[] bytes -> b.append("\\\\x").append(HexFormat.of().formatHex(bytes));
            case Timestamp ts -> b.append(OffsetDateTime.ofInstant(ts.toInstant(), ZoneOffset.UTC));
            case Boolean x -> b.append(x ? 't' : 'f');
            case String s -> {
                for (int i = 0; i < s.length(); i++) {
                    char ch = s.charAt(i);
                    switch (ch) {
                        case '\\' -> b.append("\\\\");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        case '\t' -> b.append("\\t");
                        default -> b.append(ch);
                    }
                }
            }
            default -> b.append(v); // numbers, UUIDs, OffsetDateTime: their toString is COPY's input syntax
        }
    }

    private static List<String> tableNames(Connection c, String schema) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet r = md.getTables(null, schema == null ? c.getSchema() : schema, "%", new String[] { "TABLE" })) {
            while (r.next()) {
                names.add(r.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String name(String schema, String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
