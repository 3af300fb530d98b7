package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.impl.ResourceImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.junit.jupiter.api.Test;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.PlannedChangeSets;
import dev.strata.core.store.ChangeCheck;
import dev.strata.core.store.ForwardingStore;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;

/**
 * A change set a session hands its store is trusted for what its plan read from EMF (values, new
 * objects' containment) and checked for the rest; these pin when the trust applies and that the
 * tests' verify mode catches a trusted change set the full check would refuse.
 */
class PlannedChangeSetTest {

    private static final TypeRef PROJECT = TypeRef.of(TasksPackage.Literals.PROJECT);
    private static final TypeRef TASK = TypeRef.of(TasksPackage.Literals.TASK);

    private final ChangeCheck check = new ChangeCheck("planned", List.of(TasksPackage.eINSTANCE),
            ChangeCheck.UnknownPackages.REFUSE, false);
    private final Map<ObjectId, Record> stored = new HashMap<>();

    private Map<ObjectId, Record> read(Collection<ObjectId> ids) {
        Map<ObjectId, Record> found = new HashMap<>();
        ids.forEach(id -> {
            if (stored.containsKey(id)) {
                found.put(id, stored.get(id));
            }
        });
        return found;
    }

    private static Map<TypeRef, EClass> classes(EClass... read) {
        Map<TypeRef, EClass> classes = new HashMap<>();
        for (EClass c : read) {
            classes.put(TypeRef.of(c), c);
        }
        return classes;
    }

    /** A new project with one task, as a plan makes it. */
    private static ChangeSet newProject(Object priority) {
        ObjectId project = ObjectId.random();
        ObjectId task = ObjectId.random();
        Map<String, Object> taskValues = new LinkedHashMap<>();
        taskValues.put("title", "write");
        taskValues.put("priority", priority);
        return new ChangeSet(UUID.randomUUID(), "planned", "", List.of(
                new Record(project, PROJECT, 0, null, Map.of("name", "p", "tasks", List.of(task))),
                new Record(task, TASK, 0, project, taskValues)), List.of(), List.of());
    }

    private ChangeSet handed(ChangeSet cs, Map<TypeRef, EClass> classes) {
        return handed(cs, classes, true);
    }

    private ChangeSet handed(ChangeSet cs, Map<TypeRef, EClass> classes, boolean newChildrenOnly) {
        return PlannedChangeSets.handing(new PlannedChangeSets.Planned(cs, classes, newChildrenOnly),
                () -> check.check(cs, this::read));
    }

    /** A class with one feature in a dynamic package of its own, named after {@code name}. */
    private static EClass dynamicClass(String name, String className, EStructuralFeature feature) {
        EPackage pkg = EcoreFactory.eINSTANCE.createEPackage();
        pkg.setName(name);
        pkg.setNsURI("http://strata.dev/test/planned/" + name);
        pkg.setNsPrefix(name);
        EClass c = EcoreFactory.eINSTANCE.createEClass();
        c.setName(className);
        c.getEStructuralFeatures().add(feature);
        pkg.getEClassifiers().add(c);
        return c;
    }

    private static Repository repository(EClass c) {
        String name = c.getEPackage().getName();
        return Repositories.builder(name, Repositories.memoryStore(name)).packages(c.getEPackage()).build();
    }

    @Test
    void theTestsCheckTrustedChangeSetsInFullToo() {
        assertEquals(PlannedChangeSets.Mode.VERIFY, PlannedChangeSets.mode(),
                "the test runtime sets -Dstrata.check.planned=verify (pom.xml, strata.test.argLine)");
    }

    @Test
    void newObjectsOfTheStoresOwnClassesAreTakenAsPlanned() {
        ChangeSet cs = newProject(3);
        assertSame(cs, handed(cs, classes(TasksPackage.Literals.PROJECT, TasksPackage.Literals.TASK)));
        // The same change set not handed over by a session (another thread, a rebuilt copy) is checked in full.
        assertNotSame(cs, check.check(cs, this::read));
    }

    @Test
    void aValueTheFullCheckRefusesFailsVerification() {
        ChangeSet cs = newProject("high"); // no session reads a string from an int attribute
        InvalidChangeException refused = assertThrows(InvalidChangeException.class, () -> check.check(cs, this::read));
        assertTrue(refused.getMessage().contains("created[1].values.priority"), refused.getMessage());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> handed(cs, classes(TasksPackage.Literals.PROJECT, TasksPackage.Literals.TASK)));
        assertTrue(e.getMessage().contains("full check refuses it") && e.getMessage().contains("priority"),
                e.getMessage());
    }

    @Test
    void classesOfAnotherVersionOfThePackageAreCheckedInFull() {
        EPackage copy = EcoreUtil.copy(TasksPackage.eINSTANCE); // same namespace, other classes
        EClass otherProject = (EClass) copy.getEClassifier("Project");
        EClass otherTask = (EClass) copy.getEClassifier("Task");
        ChangeSet fits = newProject(3);
        assertNotSame(fits, handed(fits, classes(otherProject, otherTask)));
        ChangeSet misfit = newProject("high");
        InvalidChangeException refused = assertThrows(InvalidChangeException.class,
                () -> handed(misfit, classes(otherProject, otherTask)));
        assertTrue(refused.getMessage().contains("created[1].values.priority"), refused.getMessage());
    }

    @Test
    void newObjectsContainingAnythingElseHaveTheirContainmentChecked() {
        ObjectId project = ObjectId.random();
        ObjectId missing = ObjectId.random(); // a child the plan did not make a record for
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "planned", "", List.of(
                new Record(project, PROJECT, 0, null, Map.of("name", "p", "tasks", List.of(missing)))),
                List.of(), List.of());
        Map<TypeRef, EClass> read = classes(TasksPackage.Literals.PROJECT, TasksPackage.Literals.TASK);
        InvalidChangeException refused = assertThrows(InvalidChangeException.class, () -> handed(cs, read, false));
        assertTrue(refused.getMessage().contains("the commit does not create it"), refused.getMessage());
        // Had the plan said its new objects contain only new ones, verify mode would find the full check disagreeing.
        assertThrows(IllegalStateException.class, () -> handed(cs, read, true));
    }

    @Test
    void dynamicObjectsAreFittedAsAnyones() {
        // A dynamic object holds what it is given: a null in a list of strings, which no store keeps.
        EAttribute words = EcoreFactory.eINSTANCE.createEAttribute();
        words.setName("words");
        words.setEType(EcorePackage.Literals.ESTRING);
        words.setUpperBound(-1);
        EClass note = dynamicClass("plannedDynamic", "Note", words);
        Session s = repository(note).openSession();
        EObject n = EcoreUtil.create(note);
        @SuppressWarnings("unchecked")
        List<String> list = (List<String>) n.eGet(words);
        list.add("a");
        list.add(null);
        s.add(n);
        InvalidChangeException refused = assertThrows(InvalidChangeException.class, s::commit);
        assertTrue(refused.getMessage().contains("a list element cannot be null"), refused.getMessage());
    }

    @Test
    void aNewChildAnotherResourceHoldsIsRefused() {
        // Cross-resource containment: the child stays in its new container's list but belongs to another
        // resource, so the session does not store it; the container must not be stored listing it.
        EReference children = EcoreFactory.eINSTANCE.createEReference();
        children.setName("children");
        children.setContainment(true);
        children.setResolveProxies(true);
        children.setUpperBound(-1);
        EClass node = dynamicClass("plannedCross", "Node", children);
        children.setEType(node);
        Session s = repository(node).openSession();
        EObject parent = EcoreUtil.create(node);
        EObject child = EcoreUtil.create(node);
        @SuppressWarnings("unchecked")
        List<EObject> kids = (List<EObject>) parent.eGet(children);
        kids.add(child);
        s.add(parent);
        new ResourceImpl(URI.createURI("memory:/elsewhere")).getContents().add(child);
        assertSame(parent, child.eContainer(), "EMF keeps a cross-resource child in its container");
        InvalidChangeException refused = assertThrows(InvalidChangeException.class, s::commit);
        assertTrue(refused.getMessage().contains("the commit does not create it"), refused.getMessage());
    }

    @Test
    void aPlannedChangeOfAStoredContainerHasItsContainmentChecked() {
        ObjectId project = ObjectId.random();
        ObjectId task = ObjectId.random();
        stored.put(project, new Record(project, PROJECT, 1, null, Map.of("name", "p", "tasks", List.of(task))));
        stored.put(task, new Record(task, TASK, 1, project, Map.of("title", "t")));
        // The project lets its task go, the task is neither deleted nor moved: it would be lost.
        ChangeSet cs = new ChangeSet(UUID.randomUUID(), "planned", "", List.of(), List.of(new ChangeSet.Change(
                project, PROJECT, 1, null, null, Map.of("tasks", List.of()), Map.of("tasks", List.of(task)))),
                List.of());
        InvalidChangeException refused = assertThrows(InvalidChangeException.class,
                () -> handed(cs, classes(TasksPackage.Literals.PROJECT, TasksPackage.Literals.TASK)));
        assertTrue(refused.getMessage().contains("without deleting it"), refused.getMessage());
    }

    @Test
    void aSessionsCommitIsTrustedAndVerified() {
        // Through a repository: the session's plan names the classes it read, the memory store's table
        // trusts them and (verify mode) checks them in full as well; what is stored reads back.
        ModelStore memory = Repositories.memoryStore("planned");
        List<Boolean> handedAsPlanned = new ArrayList<>();
        ModelStore watching = new ForwardingStore() {
            @Override
            protected ModelStore delegate() {
                return memory;
            }

            @Override
            public CommitResult commit(ChangeSet changes) {
                handedAsPlanned.add(PlannedChangeSets.of(changes) != null);
                return super.commit(changes);
            }
        };
        Repository repo = Repositories.builder("planned", watching).packages(TasksPackage.eINSTANCE).build();
        Session s = repo.openSession();
        Project p = TasksFactory.eINSTANCE.createProject();
        p.setName("plan");
        for (int i = 0; i < 50; i++) {
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("task " + i);
            t.setPriority(i);
            p.getTasks().add(t);
        }
        s.add(p);
        CommitResult r = s.commit();
        assertEquals(51, r.newVersions().size());
        p.getTasks().remove(7);
        p.getTasks().get(0).setTitle("first");
        s.commit();
        Project back = (Project) repo.openSession().get(s.idOf(p));
        assertEquals(49, back.getTasks().size());
        assertEquals("first", back.getTasks().get(0).getTitle());
        assertEquals(8, back.getTasks().get(7).getPriority());
        assertEquals(List.of(true, true), handedAsPlanned);
    }
}
