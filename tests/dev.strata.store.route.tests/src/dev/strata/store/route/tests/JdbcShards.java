package dev.strata.store.route.tests;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/** JDBC shards on the servers the sharding tests use, each in a schema of its own, dropped after. */
final class JdbcShards {

    private final List<Servers> servers;
    private final Map<ModelStore, JdbcStoreOptions> made = new IdentityHashMap<>();

    JdbcShards(Servers... servers) {
        this.servers = List.of(servers);
    }

    int count() {
        return servers.size();
    }

    JdbcModelStore create(String name, int index) {
        JdbcStoreOptions o = servers.get(index).fresh(name);
        JdbcModelStore store = JdbcStores.open(name, o, Quiet.EVENTS, Progress.NONE);
        made.put(store, o);
        return store;
    }

    JdbcModelStore reopen(ModelStore shard) {
        ((JdbcModelStore) shard).close();
        JdbcStoreOptions o = made.remove(shard);
        JdbcModelStore again = JdbcStores.open(shard.name(), o, Quiet.EVENTS, Progress.NONE);
        made.put(again, o);
        return again;
    }

    /** Drops the shard's schema; a part a failed test left prepared would keep the drop waiting, so it goes first. */
    void dispose(ModelStore shard) {
        JdbcModelStore store = (JdbcModelStore) shard;
        try {
            store.preparedIds("st:").forEach(store::rollbackPrepared);
        } finally {
            store.close();
        }
        Servers.drop(made.remove(shard));
    }
}
