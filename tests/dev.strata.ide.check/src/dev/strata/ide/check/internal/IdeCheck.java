package dev.strata.ide.check.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.core.commands.Command;
import org.eclipse.core.commands.ParameterizedCommand;
import org.eclipse.core.expressions.IEvaluationContext;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.ui.ISources;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.ui.StrataViews;

/**
 * The end-to-end check of Strata installed into an Eclipse IDE from the update site: in the running
 * IDE workbench, before any Strata view is open, it imports an {@code .xmi} file of a workspace
 * project through Import into Strata… and its wizard (which must offer the first-use store), opens
 * the Strata perspective, waits for the first-use repository and the import, edits an object in Strata Properties, commits with the
 * workbench's Save command and reads the commit back through the views and a fresh session. Each
 * step is written to the file {@code -Dstrata.idecheck} names; the last line is PASSED or FAILED,
 * then the workbench closes. Runs only when that property is set (the check installs this bundle
 * into a throw-away copy of the IDE).
 */
public final class IdeCheck implements IStartup {

    private static final long STEP_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(60);
    static final String PROJECT = "strata-check";
    static final String FILE = "plan.xmi";
    static final String REPOSITORY = "plan";
    static final String NEW_TITLE = "Edited inside the IDE";
    static final String MESSAGE = "ide check commit";

    /** The views the Strata perspective must hold, and none of which may be open before the import. */
    static final List<String> VIEWS = List.of(StrataViews.EXPLORER, StrataViews.PROPERTIES, StrataViews.PENDING,
            StrataViews.HISTORY);

    static final String IMPORT_COMMAND = "dev.strata.ui.ide.importFile";
    static final String IMPORT_WIZARD = "Import Model File";

    private final List<String> report = new ArrayList<>();
    private Display display;

    @Override
    public void earlyStartup() {
        String out = System.getProperty("strata.idecheck");
        if (out == null) {
            return;
        }
        display = PlatformUI.getWorkbench().getDisplay();
        String verdict;
        try {
            run();
            verdict = "PASSED";
        } catch (Throwable t) {
            verdict = "FAILED: " + t;
        }
        report.add(verdict);
        try {
            Files.write(Path.of(out), report);
        } catch (IOException e) {
            e.printStackTrace();
        }
        display.asyncExec(() -> PlatformUI.getWorkbench().close());
    }

    private void run() throws Exception {
        // A user's first step may be a file of the workspace, before any Strata view was opened:
        // the wizard must offer the first-use default store then too.
        step("no Strata view open yet", () -> {
            IWorkbenchPage page = PlatformUI.getWorkbench().getWorkbenchWindows()[0].getActivePage();
            for (String view : VIEWS) {
                if (page != null && page.findView(view) != null) {
                    throw new AssertionError("view " + view + " is open before the import");
                }
            }
            return page == null ? "no page" : page.getPerspective().getLabel();
        });
        IFile file = step("workspace project with " + FILE, this::createWorkspaceFile);
        step("Import into Strata… on " + file.getFullPath(), () -> {
            // Later: the command opens a modal wizard, which this step must not wait for.
            display.asyncExec(() -> importFile(file));
            return IMPORT_COMMAND;
        });
        Shell wizard = await("the import wizard", () -> java.util.Arrays.stream(display.getShells())
                .filter(sh -> sh.isVisible() && IMPORT_WIZARD.equals(sh.getText())).findFirst().orElse(null));
        step("wizard: new repository '" + REPOSITORY + "' on store 'default', Finish", () -> {
            String shown = field(wizard, Text.class, "file").getText();
            if (!file.getLocation().toOSString().equals(shown)) {
                throw new AssertionError("the wizard's file is '" + shown + "', not the workspace file");
            }
            field(wizard, Text.class, "name").setText(REPOSITORY);
            Combo stores = field(wizard, Combo.class, "store");
            int index = java.util.Arrays.asList(stores.getItems()).indexOf("default");
            if (index < 0) {
                throw new AssertionError("no store 'default' offered: " + java.util.Arrays.toString(stores.getItems()));
            }
            stores.select(index);
            stores.notifyListeners(SWT.Selection, new Event());
            Button finish = find(wizard, Button.class, b -> "&Finish".equals(b.getText()));
            if (finish == null || !finish.isEnabled()) {
                throw new AssertionError("Finish is not enabled");
            }
            finish.notifyListeners(SWT.Selection, new Event());
            return "finished";
        });
        step("Strata perspective opened", () -> {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getWorkbenchWindows()[0];
            IWorkbenchPage page = PlatformUI.getWorkbench().showPerspective(StrataViews.PERSPECTIVE, window);
            for (String view : VIEWS) {
                // In the model, shown or behind another tab (views behind a tab are made when first shown).
                if (window.getService(EPartService.class).findPart(view) == null) {
                    throw new AssertionError("the perspective lacks view " + view);
                }
            }
            return page.getPerspective().getLabel();
        });
        Tree explorer = await("first-use repository 'tasks' in the Model Explorer",
                () -> find(part(StrataViews.EXPLORER), Tree.class, t -> item(t.getItems(), "tasks") != null));
        TreeItem task = await("the imported task in the Model Explorer", () -> {
            TreeItem repo = item(explorer.getItems(), REPOSITORY + "  [default]"); // the store it was imported to
            TreeItem project = repo == null ? null : expanded(explorer, repo, "Project Check project");
            return project == null ? null : expanded(explorer, project, "Task First task");
        });
        step("task selected in the Model Explorer", () -> {
            explorer.setSelection(task);
            Event click = new Event();
            click.item = task;
            explorer.notifyListeners(SWT.Selection, click);
            return task.getText();
        });
        Table properties = await("the task's title in Strata Properties",
                () -> find(part(StrataViews.PROPERTIES), Table.class, t -> row(t, "title") != null));
        // GTK places rows only once the table is laid out; until then each claims the first row's place.
        await("the properties laid out", () -> properties.getItemCount() < 2
                || properties.getItem(properties.getItemCount() - 1).getBounds(1).y > properties.getItem(0).getBounds(1).y
                        ? "ok" : null);
        step("Strata Properties active", () -> {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.activate(page.findView(StrataViews.PROPERTIES));
            return "table " + properties.getBounds() + ", title cell " + row(properties, "title").getBounds(1);
        });
        // A view refresh (the import's commit event) closes an editor opened just before: click again then.
        Text editor = await("the title's cell editor", () -> {
            Text open = find(properties, Text.class, Text::isVisible);
            if (open == null) {
                clickValueCell(properties, "title");
            }
            return open;
        });
        step("title typed in Strata Properties", () -> {
            editor.setText(NEW_TITLE);
            editor.notifyListeners(SWT.DefaultSelection, new Event());
            return NEW_TITLE;
        });
        await("the new title shown in Strata Properties", () -> NEW_TITLE.equals(row(properties, "title").getText(1)) ? "ok" : null);
        await("the edit listed in Pending Changes", () -> find(part(StrataViews.PENDING), Table.class,
                t -> rowContaining(t, NEW_TITLE) != null));
        step("committed with File > Save", () -> {
            find(part(StrataViews.PENDING), Text.class, t -> true).setText(MESSAGE);
            PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                    .activate(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().findView(StrataViews.EXPLORER));
            PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.eclipse.ui.file.save", null);
            return "org.eclipse.ui.file.save";
        });
        await("the commit in History", () -> {
            PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(StrataViews.HISTORY);
            Table history = find(part(StrataViews.HISTORY), Table.class, t -> rowContaining(t, MESSAGE) != null);
            return history == null ? null : rowContaining(history, MESSAGE).getText(4);
        });
        await("Pending Changes empty", () -> {
            Table pending = find(part(StrataViews.PENDING), Table.class, t -> true);
            return pending != null && rowContaining(pending, NEW_TITLE) == null ? "no rows" : null;
        });
        step("the new title read back by a fresh session", () -> {
            var context = FrameworkUtil.getBundle(IdeCheck.class).getBundleContext();
            var refs = context.getServiceReferences(Repository.class, "(" + Repository.NAME + "=" + REPOSITORY + ")");
            Repository repository = context.getService(refs.iterator().next());
            try (Session s = repository.openSession()) {
                Project p = (Project) s.roots().get(0);
                String title = p.getTasks().get(0).getTitle();
                if (!NEW_TITLE.equals(title)) {
                    throw new AssertionError("the store has title '" + title + "'");
                }
                return title;
            }
        });
    }

    /** A workspace project holding a small plan of the sample model, as a user's file would. */
    private IFile createWorkspaceFile() throws IOException, CoreException {
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject(PROJECT);
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        TasksFactory f = TasksFactory.eINSTANCE;
        Project p = f.createProject();
        p.setName("Check project");
        for (String title : List.of("First task", "Second task")) {
            Task t = f.createTask();
            t.setTitle(title);
            t.setPriority(1);
            p.getTasks().add(t);
        }
        XMIResourceImpl resource = new XMIResourceImpl();
        resource.getContents().add(p);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        resource.save(bytes, null);
        IFile file = project.getFile(FILE);
        if (file.exists()) {
            file.delete(true, null);
        }
        file.create(new ByteArrayInputStream(bytes.toByteArray()), true, null);
        return file;
    }

    /** Import into Strata… as the Project Explorer's context menu runs it, with the file selected. */
    private void importFile(IFile file) {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        IHandlerService handlers = window.getService(IHandlerService.class);
        IEvaluationContext context = handlers.createContextSnapshot(false);
        context.addVariable(ISources.ACTIVE_CURRENT_SELECTION_NAME, new StructuredSelection(file));
        Command command = window.getService(ICommandService.class).getCommand(IMPORT_COMMAND);
        try {
            handlers.executeCommandInContext(new ParameterizedCommand(command, null), null, context);
        } catch (Exception e) {
            report.add("FAIL " + IMPORT_COMMAND + ": " + e);
        }
    }

    private static <T extends Control> T field(Shell shell, Class<T> type, String key) {
        T found = find(shell, type, c -> key.equals(c.getData("field")));
        if (found == null) {
            throw new AssertionError("the wizard has no field '" + key + "'");
        }
        return found;
    }

    // ------------------------------------------------------------------ driving the views

    private <T> T step(String what, Callable<T> action) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        display.syncExec(() -> {
            try {
                result.set(action.call());
            } catch (Throwable t) {
                result.set(t);
            }
        });
        if (result.get() instanceof Throwable t) {
            report.add("FAIL " + what + ": " + t);
            throw new AssertionError(what + ": " + t, t);
        }
        report.add("ok   " + what + " (" + result.get() + ")");
        @SuppressWarnings("unchecked")
        T value = (T) result.get();
        return value;
    }

    /** Polls on the UI thread until the value is there, at most a minute. */
    private <T> T await(String what, Callable<T> probe) throws Exception {
        long end = System.currentTimeMillis() + STEP_TIMEOUT_MS;
        Object last = null;
        while (System.currentTimeMillis() < end) {
            AtomicReference<Object> result = new AtomicReference<>();
            display.syncExec(() -> {
                try {
                    result.set(probe.call());
                } catch (Throwable t) {
                    result.set(t);
                }
            });
            last = result.get();
            if (last != null && !(last instanceof Throwable)) {
                report.add("ok   " + what);
                @SuppressWarnings("unchecked")
                T value = (T) last;
                return value;
            }
            Thread.sleep(200);
        }
        report.add("FAIL " + what + (last instanceof Throwable t ? ": " + t : ": not seen within a minute"));
        throw new AssertionError(what + " not seen");
    }

    private static Composite part(String id) {
        EPartService parts = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(EPartService.class);
        MPart part = parts.findPart(id);
        return part != null && part.getWidget() instanceof Composite c && !c.isDisposed() ? c : null;
    }

    private static <T extends Control> T find(Control control, Class<T> type, Predicate<T> test) {
        if (control == null) {
            return null;
        }
        if (type.isInstance(control) && test.test(type.cast(control))) {
            return type.cast(control);
        }
        if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                T found = find(child, type, test);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static TreeItem item(TreeItem[] items, String prefix) {
        for (TreeItem i : items) {
            if (i.getText().startsWith(prefix)) {
                return i;
            }
        }
        return null;
    }

    /** Opens a tree item as a click on its arrow does and returns its child with this label prefix. */
    private static TreeItem expanded(Tree tree, TreeItem parent, String prefix) {
        if (!parent.getExpanded()) {
            Event e = new Event();
            e.item = parent;
            tree.notifyListeners(SWT.Expand, e);
            parent.setExpanded(true);
        }
        return item(parent.getItems(), prefix);
    }

    private static TableItem row(Table table, String firstColumn) {
        for (TableItem r : table.getItems()) {
            if (r.getText(0).equals(firstColumn)) {
                return r;
            }
        }
        return null;
    }

    private static TableItem rowContaining(Table table, String text) {
        for (TableItem r : table.getItems()) {
            for (int c = 0; c < Math.max(1, table.getColumnCount()); c++) {
                if (r.getText(c).contains(text)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Clicks a Value cell as a user does, which opens its cell editor. */
    private static void clickValueCell(Table table, String feature) {
        var cell = row(table, feature).getBounds(1);
        Event down = new Event();
        down.button = 1;
        down.x = cell.x + cell.width / 2;
        down.y = cell.y + cell.height / 2;
        table.notifyListeners(SWT.MouseDown, down);
    }

}
