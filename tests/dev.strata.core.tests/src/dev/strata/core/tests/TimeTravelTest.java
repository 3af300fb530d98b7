package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.At;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.contract.PastModels;
import dev.strata.core.store.ForwardingStore;

/** Sessions of the past on the memory store: the model, queries and counts as of a commit. */
class TimeTravelTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private final List<Session> sessions = new ArrayList<>();
    private ModelStore store;
    private Repository repository;
    private final Map<String, ObjectId> ids = new HashMap<>();
    private List<PastModels.Snapshot> history;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("past");
        repository = Repositories.builder("past", store).packages(M.ePackage).build();
        history = PastModels.record(repository, ids);
    }

    @AfterEach
    void tearDown() {
        sessions.forEach(Session::close);
    }

    private Session at(At at) {
        Session s = repository.openSession(at);
        sessions.add(s);
        return s;
    }

    @Test
    void aSessionAtEachPastCommitShowsTheModelThenByItsSequenceOrItsId() {
        Map<Long, UUID> commitIds = new HashMap<>();
        store.log(store.logFloor(), 100).forEach(c -> commitIds.put(c.sequence(), c.changes().commitId()));
        for (PastModels.Snapshot then : history) {
            assertEquals(then.xmi(), PastModels.xmi(at(At.commit(then.sequence()))), then.description());
            assertEquals(then.xmi(), PastModels.xmi(at(At.commit(commitIds.get(then.sequence())))),
                    then.description() + ", by commit id");
        }
        Session before = at(At.commit(history.getFirst().sequence() - 1));
        assertEquals(List.of(), before.roots(), "before the first commit the store held nothing");
        assertTrue(before.find(ids.get("r1")).isEmpty());
    }

    @Test
    void objectsReadByIdAreThoseOfThen() {
        PastModels.Snapshot second = history.get(1);
        Session past = at(At.commit(second.sequence()));
        EObject a = past.get(ids.get("a"));
        assertEquals("second", a.eGet(M.text));
        assertEquals("r1", a.eContainer().eGet(M.name), "a was still in r1 then, not yet in b");
        assertEquals(2L, past.versionOf(a), "the version a had then");
        assertTrue(past.find(ids.get("c")).isEmpty(), "c was created later");
        Session afterDelete = at(At.commit(history.get(3).sequence()));
        assertTrue(afterDelete.find(ids.get("b")).isEmpty(), "b was deleted by then");
        Session beforeDelete = at(At.commit(history.get(2).sequence()));
        EObject b = beforeDelete.get(ids.get("b"));
        assertEquals("c", ((EObject) b.eGet(M.child)).eGet(M.name), "a deleted object comes back with its contents");
    }

    @Test
    void queriesAndCountsAnswerAsOfThePastCommit() {
        for (PastModels.Snapshot then : history) {
            Session past = at(At.commit(then.sequence()));
            List<EObject> model = PastModels.load(then.xmi());
            Query newest = Query.on(M.item).orderBy(M.when, true).limit(2);
            List<Object> expected = model.stream()
                    .sorted(Comparator.comparing((EObject o) -> (Date) o.eGet(M.when),
                            Comparator.nullsLast(Comparator.reverseOrder())))
                    .limit(2).map(o -> o.eGet(M.name)).toList();
            assertEquals(expected, past.query(newest).stream().map(o -> o.eGet(M.name)).toList(),
                    "newest two by 'when' as of " + then.description());
            Map<Object, Long> counts = new HashMap<>();
            model.forEach(o -> counts.merge(o.eGet(M.count), 1L, Long::sum));
            assertEquals(counts, past.countBy(M.item, M.count), "counts by 'count' as of " + then.description());
            long twos = model.stream().filter(o -> Objects.equals(2, o.eGet(M.count))).count();
            assertEquals(twos, past.query(Query.on(M.item).eq(M.count, 2)).size(), "count = 2 as of "
                    + then.description());
        }
    }

    @Test
    void laterCommitsDoNotMoveAnOpenSessionOfThePast() {
        PastModels.Snapshot first = history.getFirst();
        Session past = at(At.commit(first.sequence()));
        try (Session live = repository.openSession()) {
            EObject r1 = live.get(ids.get("r1"));
            r1.eSet(M.text, "after the session opened");
            r1.eSet(M.count, 1);
            live.add(M.newItem("r4"));
            live.commit();
        }
        assertEquals(first.xmi(), PastModels.xmi(past));
        assertEquals(2, past.query(Query.on(M.item).eq(M.count, 1)).size(), "a and r2 had count 1 then, r1 not yet");
    }

    @Test
    void atATimeOpensTheLastCommitAtOrBeforeIt() {
        List<LoggedCommit> log = store.log(store.logFloor(), 100);
        for (PastModels.Snapshot then : history) {
            Instant time = log.stream().filter(c -> c.sequence() == then.sequence()).findFirst().orElseThrow().time();
            long expected = log.stream().filter(c -> !c.time().isAfter(time)).mapToLong(LoggedCommit::sequence).max()
                    .orElseThrow();
            String expectedXmi = history.stream().filter(h -> h.sequence() == expected).findFirst().orElseThrow().xmi();
            assertEquals(expectedXmi, PastModels.xmi(at(At.time(time))), "as of " + time);
        }
        Instant beforeAll = log.getFirst().time().minusSeconds(60);
        assertEquals(List.of(), at(At.time(beforeAll)).roots(), "before the first commit there was nothing");
        assertEquals(history.getLast().xmi(), PastModels.xmi(at(At.time(Instant.now().plusSeconds(60)))),
                "a time after the last commit shows the model as it is");
    }

    @Test
    void aPastSessionRefusesEditsAndCommitsNamingThePoint() {
        long sequence = history.get(1).sequence();
        Session past = at(At.commit(sequence));
        EObject r1 = past.get(ids.get("r1"));
        String[] messages = {
                assertThrows(StrataException.class, () -> past.add(M.newItem("new"))).getMessage(),
                assertThrows(StrataException.class, () -> past.delete(r1)).getMessage(),
                assertThrows(StrataException.class, () -> past.importRoots(List.of(M.newItem("imported")))).getMessage(),
                assertThrows(StrataException.class, past::commit).getMessage() };
        for (String m : messages) {
            assertTrue(m.contains("as of commit " + sequence) && m.contains("read-only"), m);
        }
        assertFalse(past.isDirty());
        assertEquals(history.get(1).xmi(), PastModels.xmi(past), "nothing refused left a trace");
        Session byTime = at(At.time(Instant.now().plusSeconds(60)));
        String m = assertThrows(StrataException.class, byTime::commit).getMessage();
        assertTrue(m.contains("the last at or before"), m);
    }

    @Test
    void pointsOutsideTheHistoryTheStoreKeepsAreRefusedClearly() {
        long last = history.getLast().sequence();
        String future = assertThrows(StrataException.class, () -> at(At.commit(last + 5))).getMessage();
        assertTrue(future.contains("has not happened yet") && future.contains("" + last), future);
        UUID unknown = UUID.randomUUID();
        String noSuchId = assertThrows(StrataException.class, () -> at(At.commit(unknown))).getMessage();
        assertTrue(noSuchId.contains(unknown.toString()) && noSuchId.contains("holds no commit"), noSuchId);

        // A store whose log starts after the second commit (as after a compaction).
        long floor = history.get(1).sequence();
        ModelStore trimmed = new ForwardingStore() {
            @Override
            protected ModelStore delegate() {
                return store;
            }

            @Override
            public long logFloor() {
                return floor;
            }

            @Override
            public long historyFloor() {
                return floor;
            }

            @Override
            public List<LoggedCommit> log(long afterSequence, int max) {
                return store.log(Math.max(afterSequence, floor), max);
            }
        };
        Repository kept = Repositories.builder("past", trimmed).packages(M.ePackage).build();
        long older = history.getFirst().sequence();
        String tooOld = assertThrows(StrataException.class, () -> kept.openSession(At.commit(older))).getMessage();
        assertTrue(tooOld.contains("keeps history back to commit " + floor + "; commit " + older + " is older"), tooOld);
        try (Session atFloor = kept.openSession(At.commit(floor))) {
            assertEquals(history.get(1).xmi(), PastModels.xmi(atFloor), "the floor itself can be opened");
        }
    }

    @Test
    void atReadsWell() {
        assertEquals("commit 12", At.commit(12).toString());
        UUID id = UUID.randomUUID();
        assertEquals("commit " + id, At.commit(id).toString());
        assertEquals("time 2026-12-04T10:00:00Z", At.time(Instant.parse("2026-12-04T10:00:00Z")).toString());
        assertEquals(At.commit(3), At.commit(3));
        assertThrows(IllegalArgumentException.class, () -> At.commit(-1));
    }
}
