package dev.strata.store.jdbc.tests;

/** The store contract against MARIADB for real. */
public class MariaDbContractTest extends JdbcContractTest {

    public MariaDbContractTest() {
        super(Databases.MARIADB);
    }
}
