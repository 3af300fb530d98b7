package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.RecordTable;

/** Where a follower of a memory store can resume from: its epoch and how far back its log reaches. */
class StoreEpochTest {

    private static final TypeRef ITEM = TypeRef.of(ContractModel.INSTANCE.item);

    private static ChangeSet create(String name) {
        return new ChangeSet(UUID.randomUUID(), "test", "", List.of(new Record(ObjectId.random(), ITEM, 0,
                Map.of("name", name))), List.of(), List.of());
    }

    @Test
    void everyMemoryStoreInstanceHasAnEpochOfItsOwn() {
        ModelStore first = Repositories.memoryStore("epoch");
        ModelStore second = Repositories.memoryStore("epoch");
        assertFalse(first.epoch().isEmpty());
        assertEquals(first.epoch(), first.epoch());
        assertNotEquals(first.epoch(), second.epoch(), "a new store restarts its sequence: followers must see it");
    }

    @Test
    void theFloorRisesWhenTheLogDropsItsOldestCommits() {
        ModelStore store = Repositories.memoryStore("floor");
        assertEquals(0, store.logFloor());
        long firstSequence = store.commit(create("first")).sequence();
        long last = firstSequence;
        // The memory store keeps its last 10,000 commits.
        for (int i = 0; i < 10_000; i++) {
            last = store.commit(create("c" + i)).sequence();
        }
        assertEquals(firstSequence, store.logFloor(), "the first commit was dropped from the log");
        assertEquals(10_000, store.log(store.logFloor(), 20_000).size());
        assertEquals(last, store.log(last - 1, 10).get(0).sequence());
    }

    @Test
    void aTableLoadedFromASnapshotHasNoLogBeforeIt() {
        RecordTable table = new RecordTable("snapshot");
        table.load(List.of(), 42, Map.of(), List.of());
        assertEquals(42, table.logFloor());
        assertTrue(table.log(0, 10).isEmpty());
    }
}
