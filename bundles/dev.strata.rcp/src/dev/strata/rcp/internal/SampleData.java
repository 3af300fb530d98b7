package dev.strata.rcp.internal;

import java.util.Date;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Coordinator;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TaskStatus;
import dev.strata.example.tasks.TasksFactory;

/**
 * Gives a first launch something real to look at: when the {@code tasks} repository that
 * dev.strata.ui makes on first use is empty, one sample project with a few tasks, tags and a coordinator is committed.
 */
@Component(immediate = true)
public final class SampleData {

    static final String REPOSITORY = "tasks";

    @Activate
    public SampleData(BundleContext context,
            @Reference(target = "(" + Repository.NAME + "=" + REPOSITORY + ")") Repository tasks) {
        if (!Boolean.parseBoolean(context.getProperty("strata.defaults"))) {
            return;
        }
        try (Session s = tasks.openSession()) {
            if (!s.roots().isEmpty()) {
                return;
            }
            TasksFactory f = TasksFactory.eINSTANCE;
            Project p = f.createProject();
            p.setName("Strata");
            p.setDescription("A sample project: edit it, commit it, roll it back");
            Tag docs = tag(f, "docs", "area");
            Tag urgent = tag(f, "urgent", "priority");
            p.getTags().add(docs);
            p.getTags().add(urgent);
            Task write = task(f, "Write the user guide", TaskStatus.IN_PROGRESS, 2, docs);
            Task review = task(f, "Review the file store", TaskStatus.OPEN, 1, urgent);
            Task release = task(f, "Publish the update site", TaskStatus.OPEN, 3, urgent);
            Task setup = task(f, "Set up the build", TaskStatus.DONE, 1, docs);
            release.getDependsOn().add(review);
            release.getDependsOn().add(write);
            p.getTasks().add(setup);
            p.getTasks().add(write);
            p.getTasks().add(review);
            p.getTasks().add(release);
            Coordinator c = f.createCoordinator();
            c.setName("Release manager");
            c.setTask(release);
            p.getCoordinators().add(c);
            s.add(p);
            s.commit("sample data");
        }
    }

    private static Tag tag(TasksFactory f, String slug, String type) {
        Tag t = f.createTag();
        t.setSlug(slug);
        t.setType(type);
        return t;
    }

    private static Task task(TasksFactory f, String title, TaskStatus status, int priority, Tag tag) {
        Task t = f.createTask();
        t.setTitle(title);
        t.setStatus(status);
        t.setPriority(priority);
        t.setCreated(new Date());
        t.getTags().add(tag);
        return t;
    }
}
