package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.ContractModel;

/** Sessions that lock what they start to change: the second one to touch an object is stopped at once. */
class AutoLockTest {

    private static final ContractModel M = ContractModel.INSTANCE;

    private ModelStore store;
    private Session a;
    private Session b;
    private ObjectId id;

    @BeforeEach
    void setUp() {
        store = Repositories.memoryStore("autolock-test");
        Repository repo = Repositories.builder("test", store).packages(M.ePackage).build();
        try (Session setup = repo.openSession()) {
            EObject item = setup.add(M.newItem("shared"));
            setup.commit();
            id = setup.idOf(item);
        }
        a = repo.openSession();
        b = repo.openSession();
        a.setAutoLock(true);
        b.setAutoLock(true);
        a.setAuthor("ada");
    }

    @AfterEach
    void tearDown() {
        a.close();
        b.close();
    }

    @Test
    void theFirstChangeLocksAndAnotherSessionsChangeIsUndoneAndRefused() {
        EObject inA = a.get(id);
        EObject inB = b.get(id);
        assertTrue(a.autoLock());

        inA.eSet(M.text, "a's");
        List<LockInfo> locks = store.locks();
        assertEquals(1, locks.size());
        assertEquals(LockMode.WRITE, locks.get(0).mode());
        assertEquals(a.id(), locks.get(0).owner());

        LockedException e = assertThrows(LockedException.class, () -> inB.eSet(M.count, 3));
        assertTrue(e.getMessage().contains("ada"), e.getMessage());
        assertEquals(0, inB.eGet(M.count), "the refused change is undone");
        assertEquals(ObjectState.CLEAN, b.state(inB));
        assertFalse(b.isDirty());

        inA.eSet(M.count, 5); // a second change of an object a holds takes no new lock
        a.commit();
        assertTrue(store.locks().isEmpty(), "the commit let a's lock go");
        b.refresh(List.of(id));
        inB.eSet(M.count, 7);
        assertEquals(b.id(), store.locks().get(0).owner());
        b.rollback();
        assertTrue(store.locks().isEmpty(), "the rollback let b's lock go");
    }

    @Test
    void newObjectsNeedNoLock() {
        EObject fresh = a.add(M.newItem("fresh"));
        fresh.eSet(M.text, "changed before any commit");
        assertTrue(store.locks().isEmpty());
    }
}
