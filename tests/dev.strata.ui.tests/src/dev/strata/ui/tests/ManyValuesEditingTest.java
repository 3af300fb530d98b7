package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.WorkbenchSessions;

/**
 * Many-valued features edited in Strata's Properties view: a click on the Value cell opens a dialog
 * listing the values by label; its list is applied as one command, which Edit > Undo reverts.
 */
class ManyValuesEditingTest {

    @Test
    void dependsOnIsEditedInTheDialogAndUndoneAsOneEdit() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("manytest")) {
            ObjectId alphaId = commitTasks(f, "Deps", List.of("urgent", "later"));
            IWorkbenchPage page = page();
            Composite shell = openViews(page);
            WorkbenchSessions sessions = Injected.sessions();
            Session session = sessions.session(f.repository());
            Task alpha = (Task) session.get(alphaId);
            sessions.forgetEdits();
            Table properties = propertiesOf(page, shell, "manytest", "Project Deps", "Task Alpha");
            assertEquals("[Task 'Beta']", valueOf(properties, "dependsOn"), "references show by label");

            // Add Gamma, move it up before Beta, OK.
            AtomicReference<Throwable> dialog = Widgets.onShell("Edit dependsOn", s -> {
                org.eclipse.swt.widgets.List values = find(s, org.eclipse.swt.widgets.List.class, l -> true);
                assertEquals(List.of("Task 'Beta'"), List.of(values.getItems()));
                Combo choice = find(s, Combo.class, c -> true);
                assertEquals(List.of("Task 'Alpha'", "Task 'Gamma'"), List.of(choice.getItems()),
                        "the tasks not in the list yet, by label");
                choice.select(choice.indexOf("Task 'Gamma'"));
                Widgets.click(s, "Add");
                assertEquals(List.of("Task 'Beta'", "Task 'Gamma'"), List.of(values.getItems()));
                values.setSelection(1);
                values.notifyListeners(SWT.Selection, new Event());
                Widgets.click(s, "Up");
                assertEquals(List.of("Task 'Gamma'", "Task 'Beta'"), List.of(values.getItems()));
                assertEquals(1, alpha.getDependsOn().size(), "nothing changes before OK");
                Widgets.click(s, "OK");
            });
            Widgets.clickValueCell(properties, "dependsOn");
            waitFor(() -> "[Task 'Gamma', Task 'Beta']".equals(valueOf(properties, "dependsOn")) ? "ok" : null,
                    "the new list in the Value cell");
            Widgets.check(dialog);
            assertEquals(List.of("Gamma", "Beta"), alpha.getDependsOn().stream().map(Task::getTitle).toList());
            assertEquals(ObjectState.DIRTY, session.state(alpha));

            page.showView(StrataViews.PENDING);
            Table pending = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() >= 3
                    && "State".equals(t.getColumn(0).getText())), "the Pending Changes table");
            TableItem row = waitFor(() -> Widgets.row(pending, 1, "Task 'Alpha'"), "Alpha in Pending Changes");
            assertEquals("DIRTY", row.getText(0));

            // One command: Edit > Undo (the workbench's command) restores the list as it was.
            assertEquals("Set dependsOn", sessions.undoLabel());
            page.showView(StrataViews.PROPERTIES);
            page.getWorkbenchWindow().getService(IHandlerService.class)
                    .executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            assertEquals(List.of("Beta"), alpha.getDependsOn().stream().map(Task::getTitle).toList());
            assertEquals(ObjectState.CLEAN, session.state(alpha));
            assertFalse(sessions.canUndo(), "the whole list was one edit");
            waitFor(() -> "[Task 'Beta']".equals(valueOf(properties, "dependsOn")) ? "ok" : null,
                    "the list restored in the Value cell");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "nothing pending after Undo");
        }
    }

    @Test
    void tagsAreRemovedAndCancelChangesNothing() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("tagtest")) {
            ObjectId alphaId = commitTasks(f, "Tagged", List.of("urgent", "later"));
            IWorkbenchPage page = page();
            Composite shell = openViews(page);
            Session session = Injected.sessions().session(f.repository());
            Task alpha = (Task) session.get(alphaId);
            Table properties = propertiesOf(page, shell, "tagtest", "Project Tagged", "Task Alpha");
            assertEquals("[Tag 'urgent', Tag 'later']", valueOf(properties, "tags"));

            // Cancel leaves the tags alone.
            java.util.concurrent.atomic.AtomicBoolean opened = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicReference<Throwable> cancelled = Widgets.onShell("Edit tags", s -> {
                opened.set(true);
                org.eclipse.swt.widgets.List values = find(s, org.eclipse.swt.widgets.List.class, l -> true);
                values.setSelection(0);
                values.notifyListeners(SWT.Selection, new Event());
                Widgets.click(s, "Remove");
                Widgets.click(s, "Cancel");
            });
            Widgets.clickValueCell(properties, "tags");
            waitFor(() -> opened.get() && shellGone("Edit tags") ? "ok" : null, "the cancelled dialog closed");
            Widgets.check(cancelled);
            assertEquals(2, alpha.getTags().size());
            assertEquals(ObjectState.CLEAN, session.state(alpha));

            // Double-click on the row opens it too; removing a tag applies.
            AtomicReference<Throwable> removed = Widgets.onShell("Edit tags", s -> {
                org.eclipse.swt.widgets.List values = find(s, org.eclipse.swt.widgets.List.class, l -> true);
                values.setSelection(0);
                values.notifyListeners(SWT.Selection, new Event());
                Widgets.click(s, "Remove");
                assertEquals(List.of("Tag 'later'"), List.of(values.getItems()));
                Widgets.click(s, "OK");
            });
            TableItem tags = Widgets.row(properties, 0, "tags");
            Widgets.select(properties, tags);
            properties.notifyListeners(SWT.DefaultSelection, selectionOf(tags));
            waitFor(() -> "[Tag 'later']".equals(valueOf(properties, "tags")) ? "ok" : null, "the removed tag gone");
            Widgets.check(removed);
            assertEquals(List.of("later"), alpha.getTags().stream().map(Tag::getSlug).toList());
            session.rollback();
            Injected.sessions().forgetEdits();

            // Contained objects are not moved or dropped from a list: the view says where they are edited.
            Table projectProperties = propertiesOf(page, shell, "tagtest", "Project Tagged");
            waitFor(() -> Widgets.row(projectProperties, 0, "tasks"), "the project's tasks");
            assertEquals("[Task 'Alpha', Task 'Beta', Task 'Gamma']", valueOf(projectProperties, "tasks"));
            Widgets.clickValueCell(projectProperties, "tasks");
            waitFor(() -> find(shell, Label.class, l -> l.getText().startsWith("Not changed: tasks holds contained objects")
                    && l.getText().contains("Model Explorer")), "why the tasks are not edited here");
            assertTrue(shellGone("Edit tasks"), "no dialog for contained objects");
        }
    }

    @Test
    void aManyValuedAttributeTakesTypedValues() throws Exception {
        EcoreFactory ecore = EcoreFactory.eINSTANCE;
        EPackage game = ecore.createEPackage();
        game.setName("game");
        game.setNsPrefix("game");
        game.setNsURI("urn:strata-test:game");
        EClass player = ecore.createEClass();
        player.setName("Player");
        EAttribute name = ecore.createEAttribute();
        name.setName("name");
        name.setEType(EcorePackage.Literals.ESTRING);
        EAttribute scores = ecore.createEAttribute();
        scores.setName("scores");
        scores.setEType(EcorePackage.Literals.EINT);
        scores.setUpperBound(-1);
        scores.setUnique(false);
        player.getEStructuralFeatures().add(name);
        player.getEStructuralFeatures().add(scores);
        game.getEClassifiers().add(player);

        try (Fixtures f = Fixtures.memoryRepository("scoretest", game)) {
            ObjectId playerId;
            try (Session s = f.repository().openSession()) {
                EObject ann = EcoreUtil.create(player);
                ann.eSet(name, "Ann");
                @SuppressWarnings("unchecked")
                EList<Integer> values = (EList<Integer>) ann.eGet(scores);
                values.add(3);
                s.add(ann);
                s.commit();
                playerId = s.idOf(ann);
            }
            IWorkbenchPage page = page();
            Composite shell = openViews(page);
            WorkbenchSessions sessions = Injected.sessions();
            Session session = sessions.session(f.repository());
            EObject ann = session.get(playerId);
            Table properties = propertiesOf(page, shell, "scoretest", "Player Ann");
            assertEquals("[3]", valueOf(properties, "scores"));

            AtomicReference<Throwable> dialog = Widgets.onShell("Edit scores", s -> {
                org.eclipse.swt.widgets.List values = find(s, org.eclipse.swt.widgets.List.class, l -> true);
                Text typed = find(s, Text.class, t -> true);
                typed.setText("many");
                Widgets.click(s, "Add");
                assertTrue(find(s, Label.class, l -> l.getText().contains("'many'") && l.getText().contains("scores")) != null,
                        "a message naming the refused text and the feature");
                assertEquals(List.of("3"), List.of(values.getItems()), "refused text is not added");
                typed.setText("3");
                Widgets.click(s, "Add");
                typed.setText(" 10 ");
                Widgets.click(s, "Add");
                assertEquals(List.of("3", "3", "10"), List.of(values.getItems()), "a non-unique list takes a value twice");
                Widgets.click(s, "OK");
            });
            Widgets.clickValueCell(properties, "scores");
            waitFor(() -> "[3, 3, 10]".equals(valueOf(properties, "scores")) ? "ok" : null, "the typed scores");
            Widgets.check(dialog);
            assertEquals(List.of(3, 3, 10), ann.eGet(scores));
            assertEquals(ObjectState.DIRTY, session.state(ann));
            sessions.undo();
            assertEquals(List.of(3), ann.eGet(scores));
            waitFor(() -> "[3]".equals(valueOf(properties, "scores")) ? "ok" : null, "the scores after Undo");
            sessions.forgetEdits();
        }
    }

    /** Commits project with tasks Alpha (depends on Beta, tagged), Beta and Gamma; returns Alpha's id. */
    private static ObjectId commitTasks(Fixtures f, String project, List<String> tags) {
        try (Session s = f.repository().openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName(project);
            Task alpha = task(p, "Alpha");
            Task beta = task(p, "Beta");
            task(p, "Gamma");
            alpha.getDependsOn().add(beta);
            for (String slug : tags) {
                Tag t = TasksFactory.eINSTANCE.createTag();
                t.setSlug(slug);
                p.getTags().add(t);
                alpha.getTags().add(t);
            }
            s.add(p);
            s.commit();
            return s.idOf(alpha);
        }
    }

    private static Task task(Project p, String title) {
        Task t = TasksFactory.eINSTANCE.createTask();
        t.setTitle(title);
        p.getTasks().add(t);
        return t;
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    private static Composite openViews(IWorkbenchPage page) throws Exception {
        page.showView(StrataViews.PROPERTIES);
        page.showView(StrataViews.PENDING);
        page.showView(StrataViews.EXPLORER);
        return page.getWorkbenchWindow().getShell();
    }

    /** Selects the object in the explorer and returns Strata's Properties table showing it. */
    private static Table propertiesOf(IWorkbenchPage page, Composite shell, String repository, String... path)
            throws Exception {
        page.showView(StrataViews.EXPLORER); // the selection is the active part's
        Widgets.selectInExplorer(shell, repository, path);
        page.showView(StrataViews.PROPERTIES);
        return waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 3
                && "Feature".equals(t.getColumn(0).getText()) && t.getItemCount() > 0), "the properties");
    }

    private static String valueOf(Table properties, String feature) {
        TableItem row = Widgets.row(properties, 0, feature);
        return row == null ? null : row.getText(1);
    }

    private static boolean shellGone(String title) {
        for (var s : org.eclipse.swt.widgets.Display.getCurrent().getShells()) {
            if (title.equals(s.getText()) && !s.isDisposed()) {
                return false;
            }
        }
        return true;
    }

    private static Event selectionOf(TableItem item) {
        Event e = new Event();
        e.item = item;
        return e;
    }
}
