package dev.strata.store.route.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.core.ModelStore;
import dev.strata.core.contract.EventRelay;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.route.RouteModelStore;
import dev.strata.store.route.RouteStores;

/**
 * The store contract on a route store over several shards: trees placed by the hash of their
 * root's id, so the contract's models spread over every shard, and objects move between them.
 */
abstract class RouteContractTest extends ModelStoreContractTest {

    private record Made(List<ModelStore> shards, Path coordinator) {
    }

    private final Map<ModelStore, Made> made = new IdentityHashMap<>();

    /** How many shards. */
    protected abstract int shardCount();

    /** A new, empty shard. */
    protected abstract ModelStore createShard(String name, int index) throws Exception;

    /** The shard closed and opened again from what it keeps; memory returns itself. */
    protected ModelStore reopenShard(ModelStore shard, int index) throws Exception {
        return shard;
    }

    protected void disposeShard(ModelStore shard, int index) throws Exception {
    }

    /** True to run the contract on a store over the route store, made by {@link #over}. */
    protected boolean stacked() {
        return false;
    }

    /**
     * The store named {@code name} the contract runs on, over the route store, which posts its
     * events to {@code relay}.
     */
    protected ModelStore over(String name, RouteModelStore route, EventRelay relay) {
        return route;
    }

    private final Map<ModelStore, RouteModelStore> routes = new IdentityHashMap<>();

    @Override
    protected final ModelStore createStore(String name) throws Exception {
        List<ModelStore> shards = new ArrayList<>();
        for (int i = 0; i < shardCount(); i++) {
            shards.add(createShard(name + "_" + (char) ('a' + i), i));
        }
        Path dir = Files.createTempDirectory("strata-route");
        return open(name, new Made(shards, dir));
    }

    private ModelStore open(String name, Made m) {
        EventRelay relay = new EventRelay();
        RouteModelStore route = RouteStores.open(stacked() ? name + "_route" : name, m.shards, List.of(), m.coordinator,
                stacked() ? relay : events);
        ModelStore s = over(name, route, relay);
        made.put(s, m);
        routes.put(s, route);
        return s;
    }

    @Override
    protected final ModelStore reopen(ModelStore s) throws Exception {
        Made m = made.remove(s);
        routes.remove(s).close();
        List<ModelStore> again = new ArrayList<>();
        for (int i = 0; i < m.shards.size(); i++) {
            again.add(reopenShard(m.shards.get(i), i));
        }
        return open(s.name(), new Made(again, m.coordinator));
    }

    @Override
    protected final void disposeStore(ModelStore s) throws Exception {
        Made m = made.remove(s);
        if (m == null) {
            return;
        }
        RouteModelStore route = routes.remove(s);
        long inDoubt = route.figures().get("inDoubt");
        route.close();
        for (int i = 0; i < m.shards.size(); i++) {
            disposeShard(m.shards.get(i), i);
        }
        delete(m.coordinator);
        assertEquals(0L, inDoubt, "every commit across shards was finished, none left for recovery");
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
