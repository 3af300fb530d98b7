package dev.strata.store.route.tests;

import dev.strata.core.ModelStore;

/** The contract on a route store over two PostgreSQL databases and a MariaDB database (PREPARE TRANSACTION and XA). */
class RouteOverPostgreSqlAndMariaDbContractTest extends RouteContractTest {

    private final JdbcShards shards = new JdbcShards(Servers.PG_A, Servers.PG_B, Servers.MARIADB_C);

    @Override
    protected int shardCount() {
        return shards.count();
    }

    @Override
    protected ModelStore createShard(String name, int index) {
        return shards.create(name, index);
    }

    @Override
    protected ModelStore reopenShard(ModelStore shard, int index) {
        return shards.reopen(shard);
    }

    @Override
    protected void disposeShard(ModelStore shard, int index) {
        shards.dispose(shard);
    }
}
