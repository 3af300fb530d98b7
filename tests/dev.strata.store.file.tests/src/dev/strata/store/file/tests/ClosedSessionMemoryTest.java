package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;

import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.Corpus;

/**
 * A closed session's objects can be collected, also where a model keeps a global cross-referencer
 * on its objects (UML2's CacheAdapter): a workbench opens sessions all day.
 */
class ClosedSessionMemoryTest {

    @Test
    void theObjectsOfAClosedSessionOnAUmlModelCanBeCollected() throws Exception {
        List<EObject> uml = Corpus.uml("UML_METAMODELS/UML.metamodel.uml");
        List<EPackage> packages = Corpus.packagesOf(uml);
        Repository repo = Repositories.builder("closed-memory", Repositories.memoryStore("closed-memory"))
                .packages(packages.toArray(EPackage[]::new)).build();
        try (Session s = repo.openSession()) {
            s.importRoots(new ArrayList<>(EcoreUtil.copyAll(uml)));
            s.commit();
        }
        List<WeakReference<EObject>> refs = readAndClose(repo);
        WeakReference<EObject> root = refs.get(0);
        WeakReference<EObject> deep = refs.get(1);
        // A collected object clears its reference within a few collections; each try asks for one.
        Await.until("the closed session's root and an object deep in its tree are collected", () -> {
            System.gc();
            return root.get() == null && deep.get() == null;
        });
    }

    /** In a method of its own, so that no stack slot of the test keeps the objects. */
    private static List<WeakReference<EObject>> readAndClose(Repository repo) {
        try (Session s = repo.openSession()) {
            EObject model = s.roots().get(0);
            EObject last = null;
            for (var it = model.eAllContents(); it.hasNext();) {
                last = it.next();
            }
            assertTrue(last != null && last.eContainer() != null);
            return List.of(new WeakReference<>(model), new WeakReference<>(last));
        }
    }
}
