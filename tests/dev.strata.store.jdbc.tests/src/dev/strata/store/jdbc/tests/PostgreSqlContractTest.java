package dev.strata.store.jdbc.tests;

/** The store contract against POSTGRESQL for real. */
public class PostgreSqlContractTest extends JdbcContractTest {

    public PostgreSqlContractTest() {
        super(Databases.POSTGRESQL);
    }
}
