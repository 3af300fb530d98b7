package dev.strata.ui.tests;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;

/** A tasks repository on a memory store, registered as a service so the views show it. */
record Fixtures(ModelStore store, Repository repository, ServiceRegistration<Repository> registration)
        implements AutoCloseable {

    static Fixtures memoryRepository(String name) {
        return memoryRepository(name, TasksPackage.eINSTANCE);
    }

    /** A repository of these packages (e.g. a dynamic one built by the test) on a memory store. */
    static Fixtures memoryRepository(String name, org.eclipse.emf.ecore.EPackage... packages) {
        return on(Repositories.memoryStore(name, events()), packages);
    }

    /** A tasks repository on a memory store whose reads wait while the test holds its gate: {@code (GatedStore) store()}. */
    static Fixtures gatedRepository(String name) {
        return on(new GatedStore(Repositories.memoryStore(name, events())), TasksPackage.eINSTANCE);
    }

    private static Fixtures on(ModelStore store, org.eclipse.emf.ecore.EPackage... packages) {
        BundleContext context = FrameworkUtil.getBundle(Fixtures.class).getBundleContext();
        Repository repo = Repositories.builder(store.name(), store).packages(packages).events(events()).build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, store.name());
        return new Fixtures(store, repo, context.registerService(Repository.class, repo, props));
    }

    private static EventAdmin events() {
        BundleContext context = FrameworkUtil.getBundle(Fixtures.class).getBundleContext();
        return context.getService(context.getServiceReference(EventAdmin.class));
    }

    /** Commits a project with one task of this title; returns the task's id. */
    ObjectId projectWithTask(String project, String title) {
        return projectWithTask(project, title, p -> { });
    }

    /** Commits a project with one task of this title and what {@code more} adds; returns the task's id. */
    ObjectId projectWithTask(String project, String title, java.util.function.Consumer<Project> more) {
        try (Session s = repository.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName(project);
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle(title);
            p.getTasks().add(t);
            more.accept(p);
            s.add(p);
            s.commit();
            return s.idOf(t);
        }
    }

    @Override
    public void close() {
        registration.unregister();
    }
}
