package dev.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.strata.example.tasks.Coordinator;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;

/** The models the benchmarks measure: one project with many tasks, optionally coordinators. */
final class Models {

    private Models() {
    }

    /** A project with {@code tasks} tasks and {@code coordinators} coordinators pointing at random tasks. */
    static Project project(int tasks, int coordinators) {
        TasksFactory f = TasksFactory.eINSTANCE;
        Project p = f.createProject();
        p.setName("bench");
        List<Task> list = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            Task t = f.createTask();
            t.setTitle("task " + i);
            t.setPriority(i % 5);
            list.add(t);
        }
        p.getTasks().addAll(list);
        Random random = new Random(1);
        List<Coordinator> cs = new ArrayList<>(coordinators);
        for (int i = 0; i < coordinators; i++) {
            Coordinator c = f.createCoordinator();
            c.setName("coordinator " + i);
            c.setTask(list.get(random.nextInt(tasks)));
            cs.add(c);
        }
        p.getCoordinators().addAll(cs);
        return p;
    }

    /**
     * A project as issue #17 measures it: {@link #project} plus 100 tags, task i tagged with i % 4 of
     * them (0-3) and depending on 1-3 earlier tasks, so tasks carry cross references as real models do.
     */
    static Project rich(int tasks, int coordinators) {
        Project p = project(tasks, coordinators);
        TasksFactory f = TasksFactory.eINSTANCE;
        List<Tag> tags = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            Tag t = f.createTag();
            t.setSlug("tag-" + i);
            tags.add(t);
        }
        p.getTags().addAll(tags);
        List<Task> list = p.getTasks();
        for (int i = 0; i < tasks; i++) {
            Task t = list.get(i);
            for (int k = 0; k < i % 4; k++) {
                t.getTags().add(tags.get((i + k * 37) % tags.size()));
            }
            for (int k = 1; k <= 1 + i % 3 && k <= i; k++) {
                t.getDependsOn().add(list.get(i - k));
            }
        }
        return p;
    }
}
