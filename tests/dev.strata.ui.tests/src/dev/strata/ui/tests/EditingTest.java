package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;

import java.util.Dictionary;
import java.util.Hashtable;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/**
 * Editing as a user does: select a task in the explorer, change a property in place, see it
 * pending, commit it from Pending Changes, change again and roll back; bad input is refused.
 */
class EditingTest {

    @Test
    void editPropertyCommitAndRollBackThroughTheViews() throws Exception {
        var context = FrameworkUtil.getBundle(EditingTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        ModelStore store = Repositories.memoryStore("edittest", events);
        Repository repo = Repositories.builder("edittest", store).packages(TasksPackage.eINSTANCE).events(events).build();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "edittest");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        ObjectId taskId;
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Editable");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Original");
            t.setPriority(1);
            p.getTasks().add(t);
            s.add(p);
            s.commit();
            taskId = s.idOf(t);
        }
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(StrataViews.PENDING);
            page.showView(StrataViews.EXPLORER);
            Composite shell = page.getWorkbenchWindow().getShell();

            Session session = Injected.sessions().session(repo);
            Task task = (Task) session.get(taskId);
            Widgets.selectInExplorer(shell, "edittest", "Project Editable", "Task Original");

            page.showView(StrataViews.PROPERTIES);
            Table properties = waitFor(() -> find(shell, Table.class,
                    t -> t.getColumnCount() == 3 && "Feature".equals(t.getColumn(0).getText()) && t.getItemCount() > 0),
                    "the properties of the selected task");
            edit(properties, "title", "Edited");
            assertEquals("Edited", task.getTitle());
            assertEquals(ObjectState.DIRTY, session.state(task));

            // Undo and redo go through the EMF.Edit command stack; the state follows the value.
            page.showView(StrataViews.PENDING);
            click(shell, "Undo");
            assertEquals("Original", task.getTitle());
            assertEquals(ObjectState.CLEAN, session.state(task));
            click(shell, "Redo");
            assertEquals("Edited", task.getTitle());
            assertEquals(ObjectState.DIRTY, session.state(task));
            page.showView(StrataViews.PROPERTIES);
            // The Properties view has caught up with undo and redo before the next edit.
            waitFor(() -> find(shell, Label.class, l -> l.getText().equals("Task 'Edited'  (DIRTY)")),
                    "the redone edit in Properties");

            edit(properties, "priority", "high");
            assertEquals(1, task.getPriority(), "invalid input changes nothing");
            waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Not changed:")
                    && l.getText().contains("high")), "a message refusing 'high'");

            page.showView(StrataViews.PENDING);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() >= 3
                    && "State".equals(t.getColumn(0).getText()) && t.getItemCount() > 0
                    && t.getItem(0).getText(2).contains("Original → Edited")), "the pending change");
            assertEquals("DIRTY", pending.getItem(0).getText(0));
            waitFor(() -> find(shell, org.eclipse.swt.custom.CTabFolder.class, f -> {
                for (org.eclipse.swt.custom.CTabItem i : f.getItems()) {
                    if (i.getText().startsWith("*Pending Changes")) {
                        return true;
                    }
                }
                return false;
            }), "the dirty marker on Pending Changes");
            click(shell, "Commit");
            waitFor(() -> "Edited".equals(store.load(taskId).orElseThrow().value("title")) ? "ok" : null,
                    "the commit in the store");
            assertEquals(ObjectState.CLEAN, session.state(task));
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "an empty pending list after commit");

            // The commit is in the History view, with the object it changed by its label.
            page.showView(StrataViews.HISTORY);
            Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                    && "#".equals(t.getColumn(1).getText()) && t.getItemCount() > 0
                    && "edittest".equals(t.getItem(0).getText(0))
                    && t.getItem(0).getText(5).contains("~Task 'Edited' [title]")), "the commit in History");
            // A commit whose values hold no name: the object is named as it is now.
            task.setPriority(7);
            session.commit("priority only");
            waitFor(() -> "priority only".equals(history.getItem(0).getText(4))
                    && history.getItem(0).getText(5).equals("~Task 'Edited' [priority]") ? "ok" : null,
                    "a priority-only commit labelled by the task's title");

            page.showView(StrataViews.PROPERTIES);
            edit(properties, "title", "Changed again");
            page.showView(StrataViews.PENDING);
            click(shell, "Rollback");
            assertEquals("Edited", task.getTitle());
            assertEquals(ObjectState.CLEAN, session.state(task));
            assertEquals(3, store.load(taskId).orElseThrow().version(), "edited, then priority only");

            // A commit made outside the workbench shows in Properties without any user action.
            try (Session outside = repo.openSession()) {
                ((Task) outside.get(taskId)).setTitle("From outside");
                outside.commit();
            }
            page.showView(StrataViews.PROPERTIES);
            waitFor(() -> "From outside".equals(task.getTitle()) ? "ok" : null, "the outside commit in the workbench");
            waitFor(() -> {
                for (TableItem i : properties.getItems()) {
                    if ("title".equals(i.getText(0)) && "From outside".equals(i.getText(1))) {
                        return i;
                    }
                }
                return null;
            }, "the new title in the Properties view");
        } finally {
            reg.unregister();
        }
    }

    private static void edit(Table table, String feature, String text) {
        Widgets.editValue(table, feature, text);
    }

    private static void click(Composite root, String label) {
        Button b = find(root, Button.class, x -> label.equals(x.getText()));
        b.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
    }

}
