package dev.strata.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The session's set of pending entries answers as a LinkedHashSet of them would. */
class TouchedSetTest {

    private static List<Entry> entries(int n) {
        List<Entry> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new Entry(null, null, null, i, false, null));
        }
        return all;
    }

    @Test
    void randomAddsAndRemovesKeepTheOrderAndContentOfALinkedHashSet() {
        List<Entry> all = entries(500);
        TouchedSet set = new TouchedSet();
        Set<Entry> model = new LinkedHashSet<>();
        Random random = new Random(17);
        for (int step = 0; step < 50_000; step++) {
            Entry e = all.get(random.nextInt(all.size()));
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> assertEquals(model.add(e), set.add(e), "add at step " + step);
                case 5, 6, 7 -> assertEquals(model.remove(e), set.remove(e), "remove at step " + step);
                case 8 -> assertEquals(model.contains(e), set.contains(e), "contains at step " + step);
                default -> {
                    if (random.nextInt(200) == 0) {
                        model.clear();
                        set.clear();
                    }
                }
            }
            assertEquals(model.size(), set.size());
            if (step % 997 == 0) {
                assertEquals(new ArrayList<>(model), new ArrayList<>(set), "order at step " + step);
            }
        }
        assertEquals(new ArrayList<>(model), new ArrayList<>(set));
        for (Entry e : all) {
            assertEquals(model.contains(e), set.contains(e));
        }
    }

    @Test
    void iteratorRemoveAndRetainAllLeaveTheOthersInOrder() {
        List<Entry> all = entries(40);
        TouchedSet set = new TouchedSet();
        set.addAll(all);
        for (Iterator<Entry> it = set.iterator(); it.hasNext();) {
            if (it.next().version % 3 == 0) {
                it.remove();
            }
        }
        assertEquals(all.stream().filter(e -> e.version % 3 != 0).toList(), new ArrayList<>(set));
        set.retainAll(all.subList(0, 10));
        assertEquals(all.subList(0, 10).stream().filter(e -> e.version % 3 != 0).toList(), new ArrayList<>(set));
        assertFalse(set.contains(all.get(3)));
        assertTrue(set.add(all.get(3)), "a removed entry can come back, at the end");
        assertEquals(all.get(3), new ArrayList<>(set).get(set.size() - 1));
    }

    @Test
    void addingWhileIteratingFailsAsAHashSetDoesAndClearEmptiesIt() {
        List<Entry> all = entries(2000);
        TouchedSet set = new TouchedSet();
        set.addAll(all.subList(0, 1500));
        assertThrows(ConcurrentModificationException.class, () -> {
            for (Entry e : set) {
                set.add(all.get(1500 + (int) e.version % 500));
            }
        });
        set.clear();
        assertTrue(set.isEmpty());
        assertFalse(set.iterator().hasNext());
        for (Entry e : all) {
            assertFalse(set.contains(e));
            assertEquals(-1, e.touchedAt);
        }
        assertTrue(set.add(all.get(0)));
        assertEquals(List.of(all.get(0)), new ArrayList<>(set));
    }

    @Test
    void manyRemovalsCloseTheGapsAndKeepTheOrder() {
        List<Entry> all = entries(1000);
        TouchedSet set = new TouchedSet();
        Set<Entry> model = new LinkedHashSet<>();
        set.addAll(all);
        model.addAll(all);
        for (Entry e : all) {
            if (e.version % 10 != 0) {
                assertTrue(set.remove(e));
                model.remove(e);
                assertEquals(model.size(), set.size());
            }
        }
        assertEquals(new ArrayList<>(model), new ArrayList<>(set));
        for (Entry e : all.subList(0, 100)) {
            assertEquals(model.add(e), set.add(e));
        }
        assertEquals(new ArrayList<>(model), new ArrayList<>(set));
        Set<Entry> keep = new LinkedHashSet<>(all.subList(0, 30));
        model.retainAll(keep);
        set.retainAll(keep);
        assertEquals(new ArrayList<>(model), new ArrayList<>(set));
        set.removeIf(e -> true);
        assertTrue(set.isEmpty());
        assertTrue(set.add(all.get(999)));
        assertEquals(List.of(all.get(999)), new ArrayList<>(set));
    }

    @Test
    void iterationFailsOnChangesItDidNotMakeAsALinkedHashSetDoes() {
        List<Entry> all = entries(10);
        TouchedSet set = new TouchedSet();
        set.addAll(all);
        // Removing the entry in hand ends the loop normally at the last entry, fails before it.
        for (Entry e : set) {
            if (e == all.get(9)) {
                set.remove(e);
            }
        }
        assertEquals(9, set.size());
        assertThrows(ConcurrentModificationException.class, () -> {
            for (Entry e : set) {
                if (e == all.get(2)) {
                    set.remove(e);
                }
            }
        });
        // Another iteration's removal fails this one.
        Iterator<Entry> outer = set.iterator();
        outer.next();
        Iterator<Entry> inner = set.iterator();
        inner.next();
        inner.next();
        inner.remove();
        assertThrows(ConcurrentModificationException.class, outer::next);
        assertEquals(7, set.size());
    }
}
