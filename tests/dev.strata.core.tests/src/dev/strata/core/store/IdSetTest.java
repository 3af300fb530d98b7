package dev.strata.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;

/** The table's compact id set behaves as a HashSet under random adds and removes. */
class IdSetTest {

    @Test
    void addsAndRemovesAsAHashSetDoes() {
        Random random = new Random(17);
        Set<ObjectId> ids = new IdSet();
        Set<ObjectId> expected = new HashSet<>();
        List<ObjectId> pool = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            // Few distinct high bits: many ids share a home slot and runs wrap around the table.
            pool.add(new ObjectId(new UUID(random.nextInt(8), random.nextInt(64))));
        }
        pool.add(new ObjectId(new UUID(0, 0)));
        for (int step = 0; step < 200_000; step++) {
            ObjectId id = pool.get(random.nextInt(pool.size()));
            if (random.nextInt(3) == 0) {
                assertEquals(expected.remove(id), ids.remove(id));
            } else {
                assertEquals(expected.add(id), ids.add(id));
            }
            if (step % 5000 == 0) {
                assertEquals(expected, new HashSet<>(ids));
                for (ObjectId p : pool) {
                    assertEquals(expected.contains(p), ids.contains(p));
                }
            }
        }
        assertEquals(expected.size(), ids.size());
        assertEquals(expected, new HashSet<>(ids));
    }
}
