package dev.strata.store.jdbc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.strata.store.jdbc.JdbcStoreOptions;

/** Store names and settings never become part of a JDBC URL or SQL unescaped. */
class JdbcStoreOptionsTest {

    @Test
    void aStoreNameThatIsNotAPlainFileNameNeverReachesTheH2Url() throws Exception {
        Path dir = Files.createTempDirectory("strata-h2-names");
        for (String name : List.of("x;INIT=CREATE TABLE injected(a INT)", "x;DB_CLOSE_DELAY=-1", "../outside", "a/b",
                "a b", "", ".hidden", "x\u2028y")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcStoreOptions.h2(dir, name),
                    name);
            assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("letters"), e.getMessage());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "no database was made");
        }
        assertEquals("jdbc:h2:file:" + dir.toAbsolutePath().resolve("ok_name-1") + ";DATABASE_TO_LOWER=TRUE",
                JdbcStoreOptions.h2(dir, "ok_name-1").url());
    }

    @Test
    void aDirectoryWithASemicolonAndAUrlThatIsNotJdbcAreRefused() throws Exception {
        Path dir = Files.createTempDirectory("strata-h2-dir").resolve("a;INIT=RUNSCRIPT FROM 'x'");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JdbcStoreOptions.h2(dir, "ok"));
        assertTrue(e.getMessage().contains("';'") && e.getMessage().contains(dir.toString()), e.getMessage());
        IllegalArgumentException url = assertThrows(IllegalArgumentException.class,
                () -> JdbcStoreOptions.of("postgresql://127.0.0.1/db"));
        assertTrue(url.getMessage().contains("'postgresql://127.0.0.1/db'") && url.getMessage().contains("jdbc:"),
                url.getMessage());
        IllegalArgumentException schema = assertThrows(IllegalArgumentException.class,
                () -> JdbcStoreOptions.of("jdbc:h2:mem:x").withSchema("s; DROP TABLE t"));
        assertTrue(schema.getMessage().contains("Schema name 's; DROP TABLE t'"), schema.getMessage());
    }
}
