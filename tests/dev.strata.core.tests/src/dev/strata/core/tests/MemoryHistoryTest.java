package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.MemoryStore;
import dev.strata.core.store.HistoryPolicy;

/** The memory store's log keeps what its history policy says; the policy's syntax and errors. */
class MemoryHistoryTest {

    /** A class every store knows (EMF's own package is always registered). */
    private static final TypeRef ITEM = TypeRef.of(org.eclipse.emf.ecore.EcorePackage.Literals.EANNOTATION);

    private static long create(MemoryStore store, int i) {
        return store.commit(new ChangeSet(UUID.randomUUID(), "t", "", List.of(new Record(ObjectId.random(), ITEM, 0,
                Map.of("source", "n" + i))), List.of(), List.of())).sequence();
    }

    private static List<Long> sequences(List<LoggedCommit> log) {
        return log.stream().map(LoggedCommit::sequence).toList();
    }

    @Test
    void keepingTwoCommitsDropsOlderOnesAndMovesTheFloors() {
        MemoryStore store = new MemoryStore("keep2", null, HistoryPolicy.parse("2 commits"));
        for (int i = 1; i <= 5; i++) {
            create(store, i);
        }
        assertEquals(List.of(4L, 5L), sequences(store.log(0, 100)));
        assertEquals(List.of(4L, 5L), sequences(store.recentLog(100)));
        assertEquals(3, store.logFloor());
        assertEquals(3, store.historyFloor(), "every commit the memory store logs carries its values");
    }

    @Test
    void withoutConfigurationTheNewest10000CommitsAreKept() {
        MemoryStore store = new MemoryStore("default", null);
        for (int i = 1; i <= 10_003; i++) {
            create(store, i);
        }
        List<LoggedCommit> log = store.log(0, Integer.MAX_VALUE);
        assertEquals(10_000, log.size());
        assertEquals(4L, log.get(0).sequence());
        assertEquals(3, store.logFloor());
    }

    @Test
    void keepingAllKeepsEveryCommit() {
        MemoryStore store = new MemoryStore("all", null, HistoryPolicy.ALL);
        for (int i = 1; i <= 10_003; i++) {
            create(store, i);
        }
        assertEquals(10_003, store.log(0, Integer.MAX_VALUE).size());
        assertEquals(0, store.logFloor());
    }

    @Test
    void policiesReadAsWrittenAndSayWhatIsWrong() {
        assertEquals(HistoryPolicy.ALL, HistoryPolicy.parse(" ALL "));
        assertEquals(HistoryPolicy.commits(2), HistoryPolicy.parse("2 commits"));
        assertEquals(HistoryPolicy.commits(1), HistoryPolicy.parse("1 commit"));
        assertEquals(HistoryPolicy.days(30), HistoryPolicy.parse("30days"));
        assertEquals("30 days", HistoryPolicy.parse("30 Days").toString());
        assertEquals("10000 commits", HistoryPolicy.parse("10000 commits").toString());
        assertEquals(Duration.ofDays(30), HistoryPolicy.parse("30 days").age().orElseThrow());
        for (String bad : List.of("", "forever", "0 commits", "-3 days", "3 weeks", "2.5 days", "commits")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistoryPolicy.parse("m", bad));
            assertEquals("Store 'm': history.keep '" + bad + "' is not a history policy: write all, <N> commits or <N>"
                    + " days (N a whole number, at least 1), e.g. '10000 commits' or '30 days'", e.getMessage());
        }
        Instant now = Instant.now();
        HistoryPolicy days = HistoryPolicy.parse("30 days");
        assertTrue(days.keeps(1_000_000, now.minus(Duration.ofDays(29)), now));
        assertTrue(!days.keeps(0, now.minus(Duration.ofDays(31)), now), "older than 30 days");
        assertTrue(!HistoryPolicy.parse("2 commits").keeps(2, now, now), "two newer commits: not among the newest 2");
        assertTrue(HistoryPolicy.parse("2 commits").keeps(1, now, now));
    }
}
