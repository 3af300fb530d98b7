package dev.strata.store.jdbc.tests;

/** The store contract against H2 for real. */
public class H2ContractTest extends JdbcContractTest {

    public H2ContractTest() {
        super(Databases.H2);
    }
}
