package dev.strata.store.jdbc.tests;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.strata.store.jdbc.JdbcStoreOptions;

/**
 * The store contract against H2 with every record copy dropped before a store is reopened, so
 * that what is read back comes from the class and side tables alone: both ways of reading
 * must give every model back as EMF has it (edits after a reopen keep the copies missing).
 */
public class H2ClassTablesContractTest extends JdbcContractTest {

    public H2ClassTablesContractTest() {
        super(Databases.H2);
    }

    @Override
    protected void beforeReopen(JdbcStoreOptions options) {
        try (Connection c = Databases.connect(options); Statement s = c.createStatement()) {
            s.execute("UPDATE strata_object SET record = NULL");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
