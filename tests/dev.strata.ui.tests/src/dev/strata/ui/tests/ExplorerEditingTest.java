package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.menuItem;
import static dev.strata.ui.tests.Widgets.select;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.jface.util.LocalSelectionTransfer;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.ViewerDropAdapter;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DND;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchCommandConstants;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.ExplorerDrop;
import dev.strata.ui.internal.WorkbenchSessions;

/**
 * Modelling in the Model Explorer as a user does: the tree's context menu (New Child, New Sibling,
 * New Root, Cut, Copy, Paste, Delete), the workbench's Delete/Cut/Copy/Paste and Undo commands, and
 * dropping objects on another container; what the tree and Pending Changes show, and what File >
 * Save stores. Also on a dynamic package that has no edit code.
 */
class ExplorerEditingTest {

    @Test
    void newChildDeleteUndoAndSaveFromTheContextMenu() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("treeedit")) {
            ObjectId existingId;
            ObjectId blockedId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Tree");
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("Existing");
                p.getTasks().add(t);
                Task blocked = TasksFactory.eINSTANCE.createTask();
                blocked.setTitle("Blocked");
                blocked.getDependsOn().add(t);
                p.getTasks().add(blocked);
                s.add(p);
                s.commit();
                existingId = s.idOf(t);
                blockedId = s.idOf(blocked);
            }
            IWorkbenchPage page = page();
            Composite shell = showExplorerAndPending(page);
            IHandlerService handlers = page.getWorkbenchWindow().getService(IHandlerService.class);
            WorkbenchSessions sessions = Injected.sessions();
            Table pending = pendingTable(shell);
            Tree tree = explorerTree(shell, "treeedit");

            TreeItem project = Widgets.selectInExplorer(shell, "treeedit", "Project Tree");
            select(menuItem(tree, "New Child", "Task"));
            TreeItem created = waitFor(() -> item(project.getItems(), "Task  [new]"), "the new task under the project");
            assertEquals("Task  [new]", created.getText());
            assertEquals(created, tree.getSelection()[0], "the new task is selected, for Properties to show");
            waitFor(() -> Widgets.row(pending, 0, "NEW"), "the new task in Pending Changes");
            // Properties opened while the new task is selected shows it at once: opened by the API
            // and as Window > Show View opens it (its command, which activates the new view).
            for (boolean byCommand : new boolean[] { false, true }) {
                if (page.findView(StrataViews.PROPERTIES) != null) {
                    page.hideView(page.findView(StrataViews.PROPERTIES));
                }
                if (byCommand) {
                    ICommandService commands = page.getWorkbenchWindow().getService(ICommandService.class);
                    handlers.executeCommand(ParameterizedCommand.generateCommand(
                            commands.getCommand(IWorkbenchCommandConstants.VIEWS_SHOW_VIEW),
                            Map.of(IWorkbenchCommandConstants.VIEWS_SHOW_VIEW_PARM_ID, StrataViews.PROPERTIES)), null);
                    assertEquals(StrataViews.PROPERTIES, page.getActivePart().getSite().getId(),
                            "Show View made Strata Properties the active part");
                } else {
                    page.showView(StrataViews.PROPERTIES);
                }
                waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class, l -> l.getText().equals("Task  (NEW)")),
                        "the new task in Properties, opened " + (byCommand ? "by Show View" : "by showView"));
                page.activate(page.findView(StrataViews.EXPLORER));
            }

            // Undo takes the new task away again, in the tree, in Pending Changes and in Properties
            // (which showed the task, selected, and must not go on showing it out of the model).
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            waitFor(() -> item(project.getItems(), "Task  [new]") == null ? "ok" : null, "the new task undone");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "nothing pending after Undo");
            waitFor(() -> find(shell, org.eclipse.swt.widgets.Label.class,
                    l -> l.getText().equals("Select an object in the Model Explorer")), "Properties empty after Undo");
            assertEquals(0, tree.getSelectionCount(), "no row selected once the selected task is undone");

            // New Sibling of the existing task makes another task in the same project.
            Widgets.selectInExplorer(shell, "treeedit", "Project Tree", "Task Existing");
            select(menuItem(tree, "New Sibling", "Task"));
            waitFor(() -> item(project.getItems(), "Task  [new]"), "the new sibling task");
            Session session = sessions.session(f.repository());
            Project owner = (Project) session.get(existingId).eContainer();
            Task fresh = owner.getTasks().stream().filter(t -> t.getTitle() == null).findFirst().orElseThrow();
            sessions.set(fresh, TasksPackage.Literals.TASK__TITLE, "Fresh"); // as Properties would
            waitFor(() -> item(project.getItems(), "Task Fresh  [new]"), "the new task's title in the tree");

            // Delete from the menu: the row goes, Pending Changes lists the task as deleted; Undo brings it back.
            // (The project holds a new task now, so its row reads "> Project Tree  [dirty]".)
            click(tree, waitFor(() -> item(project.getItems(), "Task Existing"), "the existing task"));
            select(menuItem(tree, "Delete"));
            waitFor(() -> item(project.getItems(), "Task Existing") == null ? "ok" : null, "the deleted task gone");
            TableItem deleted = waitFor(() -> Widgets.row(pending, 0, "DELETED"), "the deletion in Pending Changes");
            assertEquals("Task 'Existing'", deleted.getText(1));
            Task blocked = (Task) session.get(blockedId);
            assertTrue(blocked.getDependsOn().isEmpty(), "Delete removed the reference to the deleted task");
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            waitFor(() -> item(project.getItems(), "Task Existing"), "the task back after Undo");
            assertEquals(List.of(session.get(existingId)), blocked.getDependsOn(), "Undo restored the reference");
            waitFor(() -> Widgets.row(pending, 0, "DELETED") == null ? "ok" : null, "no deletion after Undo");

            // The Delete key (the workbench's Delete command) does the same; File > Save stores it all.
            click(tree, waitFor(() -> item(project.getItems(), "Task Existing"), "the existing task"));
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_DELETE, null);
            waitFor(() -> item(project.getItems(), "Task Existing") == null ? "ok" : null, "the task deleted by key");
            page.showView(StrataViews.EXPLORER);
            handlers.executeCommand(IWorkbenchCommandConstants.FILE_SAVE, null);
            assertTrue(f.store().load(existingId).isEmpty(), "the deleted task left the store");
            assertEquals("Fresh", f.store().load(session.idOf(fresh)).orElseThrow().value("title"));
            Object dependsOn = f.store().load(blockedId).orElseThrow().value("dependsOn");
            assertTrue(dependsOn == null || dependsOn instanceof java.util.Collection<?> c && c.isEmpty(),
                    "the reference to the deleted task was stored as removed: " + dependsOn);
            waitFor(() -> item(project.getItems(), "Task Fresh") != null
                    && item(project.getItems(), "Task Fresh").getText().equals("Task Fresh") ? "ok" : null,
                    "the saved task no longer new");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "nothing pending after Save");
        }
    }

    @Test
    void copyPasteCutDropAndNewRootThenRevert() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("treemove")) {
            ObjectId moverId;
            try (Session s = f.repository().openSession()) {
                Project target = TasksFactory.eINSTANCE.createProject();
                target.setName("Target");
                Project source = TasksFactory.eINSTANCE.createProject();
                source.setName("Source");
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle("Mover");
                source.getTasks().add(t);
                s.add(target);
                s.add(source);
                s.commit();
                moverId = s.idOf(t);
            }
            IWorkbenchPage page = page();
            Composite shell = showExplorerAndPending(page);
            IHandlerService handlers = page.getWorkbenchWindow().getService(IHandlerService.class);
            Table pending = pendingTable(shell);
            Tree tree = explorerTree(shell, "treemove");

            TreeItem target = Widgets.selectInExplorer(shell, "treemove", "Project Target");
            Widgets.expand(tree, target);
            TreeItem source = Widgets.selectInExplorer(shell, "treemove", "Project Source");
            Widgets.selectInExplorer(shell, "treemove", "Project Source", "Task Mover");
            assertFalse(menuItem(tree, "Paste").getEnabled(), "nothing to paste before a copy");
            select(menuItem(tree, "Copy"));
            Widgets.selectInExplorer(shell, "treemove", "Project Target");
            select(menuItem(tree, "Paste"));
            waitFor(() -> item(target.getItems(), "Task Mover  [new]"), "the pasted copy under Target");
            assertEquals("Task Mover", item(source.getItems(), "Task Mover").getText(), "the original stays");

            // Cut by key: the original leaves Source (deleted, unless pasted back); Undo restores it.
            Widgets.selectInExplorer(shell, "treemove", "Project Source", "Task Mover");
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_CUT, null);
            waitFor(() -> item(source.getItems(), "Task Mover") == null ? "ok" : null, "the cut task gone");
            waitFor(() -> Widgets.row(pending, 0, "DELETED"), "the cut task deleted in Pending Changes");
            handlers.executeCommand(IWorkbenchCommandConstants.EDIT_UNDO, null);
            waitFor(() -> item(source.getItems(), "Task Mover"), "the cut task back after Undo");

            // Dropping the task on Target moves it there, as a drag does. SWT cannot synthesize a native
            // drag under Xvfb, so the test hands the drop adapter what the drag source would carry.
            Task mover = (Task) Injected.sessions().session(f.repository()).get(moverId);
            ExplorerDrop drop = Widgets.dropAdapter(tree);
            LocalSelectionTransfer.getTransfer().setSelection(new StructuredSelection(mover));
            Object targetProject = target.getData();
            assertTrue(drop.drop(targetProject, ViewerDropAdapter.LOCATION_ON, DND.DROP_MOVE,
                    LocalSelectionTransfer.getTransfer().getSelection()), "the drop was taken");
            LocalSelectionTransfer.getTransfer().setSelection(null);
            TreeItem moved = waitFor(() -> item(target.getItems(), "> Task Mover  [dirty]"), "the moved task under Target");
            assertNull(item(source.getItems(), "Task Mover"), "the task left Source");
            assertEquals("> Task Mover  [dirty]", moved.getText());
            assertFalse(drop.drop(mover, ViewerDropAdapter.LOCATION_ON, DND.DROP_MOVE, new StructuredSelection(targetProject)),
                    "a project cannot go into a task");

            // New Root on the repository's row makes a new project.
            Widgets.selectInExplorer(shell, "treemove");
            select(menuItem(tree, "New Root", "Project"));
            TreeItem repository = item(tree.getItems(), "treemove");
            TreeItem newRoot = waitFor(() -> item(repository.getItems(), "Project  [new]"), "the new root project");
            assertEquals(newRoot, tree.getSelection()[0], "the new root is selected");

            // Revert rolls everything back: the copy and the new root go, the task is in Source again.
            handlers.executeCommand(IWorkbenchCommandConstants.FILE_REVERT, null);
            waitFor(() -> item(repository.getItems(), "Project  [new]") == null ? "ok" : null, "the new root gone");
            waitFor(() -> item(source.getItems(), "Task Mover") != null
                    && "Task Mover".equals(item(source.getItems(), "Task Mover").getText()) ? "ok" : null,
                    "the task back in Source after Revert");
            assertNull(item(target.getItems(), "Task Mover"), "nothing left under Target");
            waitFor(() -> pending.getItemCount() == 0 ? "ok" : null, "nothing pending after Revert");
        }
    }

    @Test
    void newChildOnADynamicPackageWithoutEditCode() throws Exception {
        EcoreFactory ecore = EcoreFactory.eINSTANCE;
        EPackage zoo = ecore.createEPackage();
        zoo.setName("zoo");
        zoo.setNsPrefix("zoo");
        zoo.setNsURI("urn:strata-test:zoo");
        EClass zooClass = ecore.createEClass();
        zooClass.setName("Zoo");
        EClass animal = ecore.createEClass();
        animal.setName("Animal");
        EAttribute zooName = ecore.createEAttribute();
        zooName.setName("name");
        zooName.setEType(EcorePackage.Literals.ESTRING);
        EAttribute animalName = EcoreUtil.copy(zooName);
        EReference animals = ecore.createEReference();
        animals.setName("animals");
        animals.setEType(animal);
        animals.setContainment(true);
        animals.setUpperBound(-1);
        zooClass.getEStructuralFeatures().add(zooName);
        zooClass.getEStructuralFeatures().add(animals);
        animal.getEStructuralFeatures().add(animalName);
        zoo.getEClassifiers().add(zooClass);
        zoo.getEClassifiers().add(animal);

        try (Fixtures f = Fixtures.memoryRepository("zootest", zoo)) {
            ObjectId zooId;
            try (Session s = f.repository().openSession()) {
                EObject city = EcoreUtil.create(zooClass);
                city.eSet(zooName, "City");
                s.add(city);
                s.commit();
                zooId = s.idOf(city);
            }
            IWorkbenchPage page = page();
            Composite shell = showExplorerAndPending(page);
            Tree tree = explorerTree(shell, "zootest");
            Table pending = pendingTable(shell);

            TreeItem city = Widgets.selectInExplorer(shell, "zootest", "Zoo City");
            // EMF's reflective item provider offers the child by its type.
            MenuItem newAnimal = menuItem(tree, "New Child", "Animals Animal");
            select(newAnimal);
            TreeItem created = waitFor(() -> item(city.getItems(), "Animal"), "the new animal under the zoo");
            assertTrue(created.getText().endsWith("[new]"), created.getText());
            waitFor(() -> Widgets.row(pending, 0, "NEW"), "the new animal in Pending Changes");

            Session session = Injected.sessions().session(f.repository());
            @SuppressWarnings("unchecked")
            EObject added = ((EList<EObject>) session.get(zooId).eGet(animals)).get(0);
            page.showView(StrataViews.EXPLORER);
            page.getWorkbenchWindow().getService(IHandlerService.class).executeCommand(IWorkbenchCommandConstants.FILE_SAVE, null);
            var stored = f.store().load(session.idOf(added)).orElseThrow();
            assertEquals("Animal", stored.type().name());
            assertEquals(session.idOf(session.get(zooId)), stored.container());
            waitFor(() -> item(city.getItems(), "Animal") != null
                    && !item(city.getItems(), "Animal").getText().contains("[new]") ? "ok" : null, "the animal saved");
        }
    }

    /**
     * Edits made elsewhere (Properties, the console, code on the workbench session) redraw only the
     * rows they touch: the rows must still read right, in order — a new task, a move inside a project
     * that was already changed, and a rollback that takes everything back.
     */
    @Test
    void editsMadeOutsideTheTreeShowInItsRowsInOrderAndARollbackTakesThemBack() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("treerows")) {
            ObjectId projectId;
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Rows");
                for (String title : List.of("A", "B", "C")) {
                    Task t = TasksFactory.eINSTANCE.createTask();
                    t.setTitle(title);
                    p.getTasks().add(t);
                }
                s.add(p);
                s.commit();
                projectId = s.idOf(p);
            }
            IWorkbenchPage page = page();
            Composite shell = showExplorerAndPending(page);
            WorkbenchSessions sessions = Injected.sessions();
            TreeItem project = Widgets.selectInExplorer(shell, "treerows", "Project Rows");
            Widgets.expand(explorerTree(shell, "treerows"), project);
            waitFor(() -> rows(project).equals(List.of("Task A", "Task B", "Task C")) ? "ok" : null, "the tasks");
            Project p = (Project) sessions.session(f.repository()).get(projectId);

            sessions.set(p.getTasks().get(1), TasksPackage.Literals.TASK__TITLE, "B2");
            waitFor(() -> rows(project).equals(List.of("Task A", "> Task B2  [dirty]", "Task C")) ? "ok" : null,
                    "the changed title and its mark: " + rows(project));
            Task d = TasksFactory.eINSTANCE.createTask();
            d.setTitle("D");
            p.getTasks().add(d);
            waitFor(() -> rows(project).equals(List.of("Task A", "> Task B2  [dirty]", "Task C", "Task D  [new]"))
                    ? "ok" : null, "the new task last: " + rows(project));
            // The project is changed already: a move inside it must still reorder its rows.
            p.getTasks().move(0, 3);
            waitFor(() -> rows(project).equals(List.of("Task D  [new]", "Task A", "> Task B2  [dirty]", "Task C"))
                    ? "ok" : null, "the moved task first: " + rows(project));
            sessions.session(f.repository()).rollback();
            waitFor(() -> rows(project).equals(List.of("Task A", "Task B", "Task C")) ? "ok" : null,
                    "the rows as stored after the rollback: " + rows(project));

            // Tasks moved to another open project and back: each row leaves one project and shows in the other.
            Project other = TasksFactory.eINSTANCE.createProject();
            other.setName("Other");
            Task z = TasksFactory.eINSTANCE.createTask();
            z.setTitle("Z");
            other.getTasks().add(z); // a child, so that its row opens
            sessions.session(f.repository()).add(other);
            TreeItem otherRow = Widgets.selectInExplorer(shell, "treerows", "Project Other");
            Widgets.expand(explorerTree(shell, "treerows"), otherRow);
            Project q = (Project) sessions.session(f.repository()).get(projectId);
            for (int round = 0; round < 3; round++) {
                Task moved = q.getTasks().get(0);
                other.getTasks().add(moved);
                String title = "Task " + moved.getTitle();
                waitFor(() -> rows(otherRow).stream().anyMatch(r -> r.contains(title))
                        && rows(project).stream().noneMatch(r -> r.contains(title)) ? "ok" : null,
                        title + " moved to the other project");
                q.getTasks().add(moved);
                waitFor(() -> rows(project).stream().anyMatch(r -> r.contains(title))
                        && rows(otherRow).stream().noneMatch(r -> r.contains(title)) ? "ok" : null,
                        title + " moved back");
            }
        }
    }

    private static List<String> rows(TreeItem parent) {
        return java.util.Arrays.stream(parent.getItems()).map(TreeItem::getText).toList();
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    /** Opens Pending Changes, then the Model Explorer, which is left the active part; returns the window's shell. */
    private static Composite showExplorerAndPending(IWorkbenchPage page) throws Exception {
        page.showView(StrataViews.PENDING);
        page.showView(StrataViews.EXPLORER);
        return page.getWorkbenchWindow().getShell();
    }

    private static Tree explorerTree(Composite shell, String repository) {
        return waitFor(() -> find(shell, Tree.class, t -> item(t.getItems(), repository) != null),
                "repository " + repository + " in the explorer");
    }

    private static Table pendingTable(Composite shell) {
        return waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() >= 3
                && "State".equals(t.getColumn(0).getText())), "the Pending Changes table");
    }

    /** Selects a tree row as a click does. */
    private static void click(Tree tree, TreeItem row) {
        tree.setSelection(row);
        Event e = new Event();
        e.item = row;
        tree.notifyListeners(SWT.Selection, e);
    }
}
