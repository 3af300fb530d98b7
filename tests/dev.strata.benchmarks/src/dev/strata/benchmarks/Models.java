package dev.strata.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.strata.example.tasks.Coordinator;
import dev.strata.example.tasks.Project;
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
}
