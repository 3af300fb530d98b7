package dev.strata.compare.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.compare.ListEdit;
import dev.strata.compare.ListEdits;
import dev.strata.core.ObjectId;

/** Edit scripts between lists: the scripts a few edits give, and that applying a script rebuilds the new list. */
class ListEditsTest {

    @Test
    void equalListsNeedNoEdits() {
        assertEquals(List.of(), ListEdits.between(List.of(), List.of()));
        assertEquals(List.of(), ListEdits.between(List.of(1, 2, 3), List.of(1, 2, 3)));
        assertEquals(List.of(), ListEdits.between(List.of(new byte[] { 1 }), List.of(new byte[] { 1 })));
    }

    @Test
    void oneInsertionRemovalOrMoveIsOneEdit() {
        List<String> abcde = List.of("a", "b", "c", "d", "e");
        assertEquals(List.of(new ListEdit.Insert(2, "x")),
                ListEdits.between(abcde, List.of("a", "b", "x", "c", "d", "e")));
        assertEquals(List.of(new ListEdit.Remove(3, "d")), ListEdits.between(abcde, List.of("a", "b", "c", "e")));
        assertEquals(List.of(new ListEdit.Move(1, 3, "b")),
                ListEdits.between(abcde, List.of("a", "c", "d", "b", "e")));
        assertEquals(List.of(new ListEdit.Move(4, 0, "e")),
                ListEdits.between(abcde, List.of("e", "a", "b", "c", "d")));
    }

    @Test
    void aLongIdListWithAFewChangesGetsAShortScript() {
        List<ObjectId> before = ids(5_000, 1);
        List<ObjectId> after = new ArrayList<>(before);
        ObjectId moved = after.remove(10);
        after.add(4_000, moved);
        after.remove(2_500);
        after.add(0, ObjectId.random());
        List<ListEdit> edits = ListEdits.between(before, after);
        assertEquals(3, edits.size(), edits.toString());
        assertEquals(after, ListEdits.apply(before, edits));
    }

    @Test
    void aReversedListKeepsOneElementAndMovesTheRest() {
        List<Integer> before = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            before.add(i);
        }
        List<Integer> after = new ArrayList<>(before);
        Collections.reverse(after);
        List<ListEdit> edits = ListEdits.between(before, after);
        assertEquals(999, edits.size());
        assertTrue(edits.stream().allMatch(e -> e instanceof ListEdit.Move));
        assertEquals(after, ListEdits.apply(before, edits));
    }

    @Test
    void aScriptForAnotherListIsRefused() {
        List<ListEdit> edits = ListEdits.between(List.of("a", "b"), List.of("b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListEdits.apply(List.of("a", "c"), List.of(new ListEdit.Remove(1, "b"))));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ListEdits.apply(List.of(), edits));
        assertThrows(IllegalArgumentException.class,
                () -> ListEdits.apply(List.of("a"), List.of(new ListEdit.Insert(2, "z"))));
    }

    /** Random lists and random edits of them, with duplicates: applying the script always gives the new list. */
    @Test
    void applyingTheScriptRebuildsTheNewList() {
        Random random = new Random(15);
        for (int round = 0; round < 2_000; round++) {
            int size = random.nextInt(round % 10 == 0 ? 400 : 30);
            int alphabet = 1 + random.nextInt(Math.max(1, size * 2));
            List<Integer> before = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                before.add(random.nextInt(alphabet));
            }
            List<Integer> after = new ArrayList<>(before);
            int changes = random.nextInt(size / 3 + 3);
            for (int c = 0; c < changes; c++) {
                int kind = random.nextInt(3);
                if (kind == 0 || after.isEmpty()) {
                    after.add(random.nextInt(after.size() + 1), random.nextInt(alphabet + 5));
                } else if (kind == 1) {
                    after.remove(random.nextInt(after.size()));
                } else {
                    Integer v = after.remove(random.nextInt(after.size()));
                    after.add(random.nextInt(after.size() + 1), v);
                }
            }
            if (random.nextInt(20) == 0) {
                Collections.shuffle(after, random);
            }
            List<ListEdit> edits = ListEdits.between(before, after);
            assertEquals(after, ListEdits.apply(before, edits), "round " + round + ": " + before + " -> " + after);
            // Never more steps than removing everything and inserting everything.
            assertTrue(edits.size() <= before.size() + after.size(), "round " + round);
        }
    }

    private static List<ObjectId> ids(int n, long seed) {
        List<ObjectId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new ObjectId(new UUID(seed, i)));
        }
        return ids;
    }
}
