package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Date;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.Test;

import dev.strata.core.IndexDef;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Query;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataObject;
import dev.strata.core.TypeRef;
import dev.strata.core.VetoException;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TaskStatus;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;

/** The generated sample model: found through EMF's registry in OSGi, its indexes declared, usable in sessions. */
class ExampleModelTest {

    @Test
    void theGeneratedPackageIsRegisteredAndDeclaresItsIndexes() {
        EPackage p = EPackage.Registry.INSTANCE.getEPackage("http://strata.dev/example/tasks/1.0");
        assertNotNull(p, "the model bundle's generated_package registration is missing");
        Set<IndexDef> indexes = IndexDef.declaredIn(List.of(p));
        TypeRef task = new TypeRef(p.getNsURI(), "Task");
        TypeRef tag = new TypeRef(p.getNsURI(), "Tag");
        assertTrue(indexes.contains(new IndexDef(task, "status", IndexDef.Kind.EQUALITY)), indexes.toString());
        assertTrue(indexes.contains(new IndexDef(task, "created", IndexDef.Kind.ORDERED)), indexes.toString());
        assertTrue(indexes.contains(new IndexDef(tag, "slug", IndexDef.Kind.UNIQUE)), indexes.toString());
        assertTrue(indexes.contains(new IndexDef(tag, "type", IndexDef.Kind.EQUALITY)), indexes.toString());
    }

    @Test
    void aSessionTracksGeneratedObjectsWithoutAnAdapterWhileTheirOwnAdaptersHearEveryChange() {
        Repository repo = Repositories.builder("tracker", Repositories.memoryStore("tracker"))
                .packages(TasksPackage.eINSTANCE).build();
        ObjectId id;
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            Task added = TasksFactory.eINSTANCE.createTask();
            added.setTitle("first");
            p.getTasks().add(added);
            s.add(p);
            assertTrue(added.eAdapters().isEmpty(), "a new object is tracked without an adapter: " + added.eAdapters());
            assertEquals(ObjectState.NEW, s.state(added));
            s.commit();
            id = s.idOf(added);
        }
        StrataObject tracked;
        try (Session s = repo.openSession()) {
            Task t = (Task) s.get(id);
            tracked = (StrataObject) t;
            assertTrue(t.eAdapters().isEmpty(), "a loaded object is tracked without an adapter: " + t.eAdapters());
            assertNotNull(tracked.eStrataTracker(), "the session keeps its tracker in the object");
            List<org.eclipse.emf.common.notify.Notification> heard = new java.util.ArrayList<>();
            t.eAdapters().add(new org.eclipse.emf.common.notify.impl.AdapterImpl() {
                @Override
                public void notifyChanged(org.eclipse.emf.common.notify.Notification n) {
                    heard.add(n);
                }
            });
            t.setTitle("second");
            assertEquals(ObjectState.DIRTY, s.state(t));
            t.setTitle("first");
            assertEquals(ObjectState.CLEAN, s.state(t), "set back to the stored value");
            t.setPriority(7);
            assertEquals(ObjectState.DIRTY, s.state(t));
            s.rollback();
            assertEquals(0, t.getPriority());
            assertEquals(ObjectState.CLEAN, s.state(t));
            assertEquals(List.of("second", "first"), heard.stream()
                    .filter(n -> n.getFeature() == TasksPackage.Literals.TASK__TITLE).map(n -> n.getNewValue()).toList(),
                    "the application's adapter hears every change, as before");
            assertEquals(List.of(7, 0), heard.stream()
                    .filter(n -> n.getFeature() == TasksPackage.Literals.TASK__PRIORITY).map(n -> n.getNewValue()).toList(),
                    "the change and the rollback");
            t.setPriority(3);
            s.commit();
        }
        assertNull(tracked.eStrataTracker(), "closing the session takes its tracker away");
        ((Task) tracked).setTitle("after the session"); // nothing listens any more, nothing fails
        try (Session s = repo.openSession()) {
            Task t = (Task) s.get(id);
            assertEquals(3, t.getPriority(), "the change made through the field-held tracker was committed");
            assertEquals("first", t.getTitle());
        }
    }

    @Test
    void aSetOnAnObjectWithoutAdaptersIsToldToTheSessionDirectlyAndKeepsEmfsRules() {
        Repository repo = Repositories.builder("quiet", Repositories.memoryStore("quiet"))
                .packages(TasksPackage.eINSTANCE).build();
        ObjectId id;
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("stored");
            t.setStatus(TaskStatus.DONE);
            t.setPriority(5);
            p.getTasks().add(t);
            s.add(p);
            s.commit();
            id = s.idOf(t);
        }
        try (Session s = repo.openSession()) {
            Task t = (Task) s.get(id);
            assertTrue(t.eAdapters().isEmpty(), "nothing but the session listens: " + t.eAdapters());
            // null sets an attribute with a default to that default, as plain EMF does
            t.setStatus(null);
            assertEquals(TaskStatus.OPEN, t.getStatus());
            assertEquals(ObjectState.DIRTY, s.state(t));
            t.setStatus(TaskStatus.DONE);
            assertEquals(ObjectState.CLEAN, s.state(t), "set back to the stored value");
            t.eSet(TasksPackage.Literals.TASK__PRIORITY, 9);
            assertEquals(ObjectState.DIRTY, s.state(t));
            t.eSet(TasksPackage.Literals.TASK__PRIORITY, 5);
            assertEquals(ObjectState.CLEAN, s.state(t));
            // a value of the wrong type is refused (here by the generated eSet's cast)
            assertThrows(ClassCastException.class, () -> t.eSet(TasksPackage.Literals.TASK__PRIORITY, "five"));
            assertTrue(t.eDeliver(), "the object delivers notifications again after a refused set");
            assertEquals(5, t.getPriority());
            assertEquals(ObjectState.CLEAN, s.state(t));
            // setting the value it holds is no change
            t.setTitle("stored");
            assertEquals(ObjectState.CLEAN, s.state(t));
            t.setTitle(null);
            assertEquals(ObjectState.DIRTY, s.state(t));
            var savepoint = s.savepoint();
            t.setTitle("after the savepoint");
            t.setPriority(8);
            s.rollbackTo(savepoint);
            assertNull(t.getTitle(), "the savepoint brings back the value set before it");
            assertEquals(5, t.getPriority());
            assertEquals(ObjectState.DIRTY, s.state(t));
            // an adapter added now hears the next set, as before
            List<Object> heard = new java.util.ArrayList<>();
            t.eAdapters().add(new org.eclipse.emf.common.notify.impl.AdapterImpl() {
                @Override
                public void notifyChanged(org.eclipse.emf.common.notify.Notification n) {
                    heard.add(n.getNewValue());
                }
            });
            t.setPriority(6);
            assertEquals(List.of(6), heard);
            s.commit();
        }
        try (Session s = repo.openSession()) {
            Task t = (Task) s.get(id);
            assertNull(t.getTitle(), "the title set to null was committed");
            assertEquals(6, t.getPriority());
            assertEquals(TaskStatus.DONE, t.getStatus());
        }
    }

    @Test
    void theGeneratedItemProvidersLabelTheModelForViews() {
        Task t = TasksFactory.eINSTANCE.createTask();
        t.setTitle("Write docs");
        var factory = new dev.strata.example.tasks.provider.TasksItemProviderAdapterFactory();
        var labels = (org.eclipse.emf.edit.provider.IItemLabelProvider) factory.adapt(t,
                org.eclipse.emf.edit.provider.IItemLabelProvider.class);
        assertEquals("Task Write docs", labels.getText(t));
        assertNotNull(labels.getImage(t), "an icon for the explorer");
    }

    /** A new project holding one new tag. */
    private static Project projectWithTag(String name, String slug) {
        Project p = TasksFactory.eINSTANCE.createProject();
        p.setName(name);
        Tag tag = TasksFactory.eINSTANCE.createTag();
        tag.setSlug(slug);
        p.getTags().add(tag);
        return p;
    }

    /**
     * A commit of many new objects: each task refers to one half the list away, and every record
     * comes back as the session had it. A reference to a deleted task at the end is refused with its
     * reason.
     */
    @Test
    void aLargeCommitStoresEveryTaskAndItsReferences() {
        Repository repo = Repositories.builder("tasks", Repositories.memoryStore("large-commit"))
                .packages(TasksPackage.eINSTANCE).validate(false).build();
        TasksFactory f = TasksFactory.eINSTANCE;
        int n = 60_000;
        ObjectId projectId;
        try (Session s = repo.openSession()) {
            Project p = projectWithTag("large", "tag");
            Tag tag = p.getTags().get(0);
            for (int i = 0; i < n; i++) {
                Task t = f.createTask();
                t.setTitle("task " + i);
                t.setPriority(i % 5);
                t.getTags().add(tag);
                p.getTasks().add(t);
            }
            for (int i = 0; i < n; i++) {
                p.getTasks().get(i).getDependsOn().add(p.getTasks().get((i + n / 2) % n));
            }
            s.add(p);
            s.commit();
            projectId = s.idOf(p);
        }
        try (Session s = repo.openSession()) {
            List<Task> tasks = ((Project) s.get(projectId)).getTasks();
            assertEquals(n, tasks.size());
            for (int i = 0; i < n; i++) {
                Task t = tasks.get(i);
                assertEquals("task " + i, t.getTitle());
                assertEquals(i % 5, t.getPriority());
                assertEquals("task " + (i + n / 2) % n, t.getDependsOn().get(0).getTitle());
                assertEquals("tag", t.getTags().get(0).getSlug());
            }
        }
        try (Session s = repo.openSession()) {
            Task victim = ((Project) s.get(projectId)).getTasks().get(0);
            s.delete(victim);
            Project more = f.createProject();
            more.setName("more");
            for (int i = 0; i < n; i++) {
                Task t = f.createTask();
                t.setTitle("more " + i);
                more.getTasks().add(t);
            }
            more.getTasks().get(n - 1).getDependsOn().add(victim);
            s.add(more);
            VetoException e = assertThrows(VetoException.class, s::commit);
            assertEquals(1, e.reasons().size(), e.reasons().toString());
            assertTrue(e.reasons().get(0).startsWith("Task 'more " + (n - 1) + "'"), e.reasons().get(0));
            assertTrue(e.reasons().get(0).endsWith("which is deleted"), e.reasons().get(0));
        }
    }

    @Test
    void projectsAndTasksRoundTripAndQueryByStatus() {
        Repository repo = Repositories.builder("tasks", Repositories.memoryStore("example"))
                .packages(TasksPackage.eINSTANCE).build();
        TasksFactory f = TasksFactory.eINSTANCE;
        ObjectId projectId;
        try (Session s = repo.openSession()) {
            Project p = projectWithTag("Strata", "urgent");
            Tag urgent = p.getTags().get(0);
            urgent.setType("priority");
            for (int i = 0; i < 5; i++) {
                Task t = f.createTask();
                t.setTitle("task " + i);
                t.setStatus(i < 2 ? TaskStatus.DONE : TaskStatus.OPEN);
                t.setCreated(new Date(1_000L * i));
                t.getTags().add(urgent);
                p.getTasks().add(t);
            }
            p.getTasks().get(4).getDependsOn().add(p.getTasks().get(3));
            s.add(p);
            s.commit();
            projectId = s.idOf(p);
        }
        try (Session s = repo.openSession()) {
            List<?> open = s.query(Query.on(TasksPackage.Literals.TASK).eq(TasksPackage.Literals.TASK__STATUS, TaskStatus.OPEN));
            assertEquals(3, open.size());
            Project p = (Project) s.get(projectId);
            Task last = p.getTasks().get(4);
            assertEquals("task 3", last.getDependsOn().get(0).getTitle());
            assertEquals("urgent", last.getTags().get(0).getSlug());
            assertEquals(p, s.findByKey(TasksPackage.Literals.PROJECT, "Strata").orElseThrow());
            List<?> newest = s.query(Query.on(TasksPackage.Literals.TASK)
                    .orderBy(TasksPackage.Literals.TASK__CREATED, true).limit(1));
            assertEquals("task 4", ((Task) newest.get(0)).getTitle());
        }
    }

    @Test
    void theGeneratedModelIsReadLazilyThroughItsStrataBaseClass() {
        Repository repo = Repositories.builder("tasks", Repositories.memoryStore("lazy-example"))
                .packages(TasksPackage.eINSTANCE).build();
        TasksFactory f = TasksFactory.eINSTANCE;
        Project made = f.createProject();
        assertTrue(made instanceof StrataObject so && so.eStrataDelegates(),
                "generated with StrataObject as base class and reflective feature access");
        ObjectId projectId;
        ObjectId taskId;
        try (Session s = repo.openSession()) {
            made.setName("lazy");
            Tag tag = f.createTag();
            tag.setSlug("t");
            made.getTags().add(tag);
            for (int i = 0; i < 3; i++) {
                Task t = f.createTask();
                t.setTitle("task " + i);
                t.getTags().add(tag);
                made.getTasks().add(t);
            }
            s.add(made);
            s.commit();
            projectId = s.idOf(made);
            taskId = s.idOf(made.getTasks().get(2));
        }
        try (Session s = repo.openSession()) {
            Project p = (Project) s.get(projectId);
            assertNotNull(((StrataObject) p).eStrataLoader(), "its lists are not read yet");
            Task early = (Task) s.get(taskId);
            assertSame(p, early.eContainer());
            assertEquals(3, p.getTasks().size());
            assertSame(early, p.getTasks().get(2), "one object per id");
            assertEquals("t", early.getTags().get(0).getSlug());
            assertSame(early.getTags().get(0), p.getTags().get(0));
            p.getCoordinators().size();
            assertNull(((StrataObject) p).eStrataLoader(), "everything read: no loader left");
            early.setTitle("changed");
            assertEquals(ObjectState.DIRTY, s.state(early));
            s.commit();
        }
        try (Session s = repo.openSession()) {
            assertEquals("changed", ((Task) s.get(taskId)).getTitle());
        }
    }
}
