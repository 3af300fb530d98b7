package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static dev.strata.ui.tests.Widgets.expand;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/** The Model Explorer shows repositories and their objects, and follows commits made elsewhere. */
class ModelExplorerViewTest {

    @Test
    void showsARepositorysObjectsWithLabelsAndFollowsCommitsMadeElsewhere() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        Repository repo = Repositories.builder("uitest", Repositories.memoryStore("uitest", events))
                .packages(TasksPackage.eINSTANCE).events(events).build();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Explored");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Visible task");
            p.getTasks().add(t);
            s.add(p);
            s.commit();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uitest");
        ServiceRegistration<Repository> reg = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext()
                .registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "uitest"), "the repository node");
            repoItem.setExpanded(true);
            tree.getDisplay().readAndDispatch();
            // Expanding through SWT does not ask JFace for children; expand the way a user's click does.
            expand(tree, repoItem);
            TreeItem project = waitFor(() -> item(repoItem.getItems(), "Project Explored"), "the project, labelled by its item provider");
            assertNotNull(project.getImage(), "an icon from the item provider");

            // Another session commits a second project: the explorer shows it without a refresh.
            try (Session other = repo.openSession()) {
                Project q = TasksFactory.eINSTANCE.createProject();
                q.setName("Arrived");
                other.add(q);
                other.commit();
            }
            waitFor(() -> item(repoItem.getItems(), "Project Arrived"), "a project committed by another session");
        } finally {
            reg.unregister();
        }
    }

    /**
     * A store that cannot be read (its server down) while a commit is announced: the explorer keeps
     * the rows it showed, its repository row says the store cannot be read, and once the store can
     * be read again the next commit brings the rows up to date and the row's note goes. Before, the
     * refresh threw on the workbench's thread and the view stopped following the repository.
     */
    @Test
    void aStoreThatCannotBeReadLeavesTheRowsShownAndSaysSoUntilItCanAgain() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        dev.strata.core.ModelStore memory = Repositories.memoryStore("uidown", events);
        DownStore store = new DownStore(memory, 0);
        java.util.concurrent.atomic.AtomicBoolean down = store.down;
        Repository repo = Repositories.builder("uidown", store).packages(TasksPackage.eINSTANCE).events(events).build();
        Project project = TasksFactory.eINSTANCE.createProject();
        project.setName("Shown");
        try (Session s = repo.openSession()) {
            s.add(project);
            s.commit();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uidown");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        try (Session other = repo.openSession()) {
            Project elsewhere = (Project) other.roots().getFirst();
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "uidown"), "the repository node");
            expand(tree, repoItem);
            waitFor(() -> item(repoItem.getItems(), "Project Shown"), "the project");

            down.set(true);
            elsewhere.setName("Renamed");
            other.commit(); // announced; reading it back fails while the store is down
            waitFor(() -> repoItem.getText().contains("not up to date, the store cannot be read: Store 'uidown' is unreachable")
                    ? repoItem : null, "the repository row saying its store cannot be read");
            assertNotNull(item(repoItem.getItems(), "Project Shown"), "the rows read before stay");

            down.set(false);
            elsewhere.setName("Back");
            other.commit();
            waitFor(() -> item(repoItem.getItems(), "Project Back"), "the rows brought up to date");
            waitFor(() -> repoItem.getText().equals("uidown  [uidown]") ? repoItem : null, "the row's note gone");
        } finally {
            reg.unregister();
        }
    }

    /**
     * While a store cannot be read (its server down, each read waiting for the store's timeouts),
     * commits announced after the first failure read nothing on the workbench's thread (before,
     * every commit event read the store there again, freezing the window each time); once the
     * store answers again, the rows are brought up to date and the note goes without waiting for
     * another commit.
     */
    @Test
    void aStoreThatCannotBeReadIsNotReadOnTheWorkbenchThreadAgainUntilItAnswers() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        DownStore store = new DownStore(Repositories.memoryStore("uihung", events), 500);
        Repository repo = Repositories.builder("uihung", store).packages(TasksPackage.eINSTANCE).events(events).build();
        Project project = TasksFactory.eINSTANCE.createProject();
        project.setName("Hung");
        Task leaf = TasksFactory.eINSTANCE.createTask();
        leaf.setTitle("Leaf");
        project.getTasks().add(leaf);
        try (Session s = repo.openSession()) {
            s.add(project);
            for (int i = 0; i < 20; i++) { // more roots than the explorer opens by itself
                Project more = TasksFactory.eINSTANCE.createProject();
                more.setName("More " + i);
                s.add(more);
            }
            s.commit();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uihung");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        try (Session other = repo.openSession()) {
            Project elsewhere = (Project) other.roots().stream().filter(r -> ((Project) r).getName().equals("Hung")).findFirst().orElseThrow();
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "uihung"), "the repository node");
            expand(tree, repoItem);
            waitFor(() -> item(repoItem.getItems(), "Project Hung"), "the project");

            store.down.set(true);
            elsewhere.setName("First");
            other.commit();
            waitFor(() -> repoItem.getText().contains("not up to date, the store cannot be read: Store 'uihung' is unreachable")
                    ? repoItem : null, "the repository row saying its store cannot be read");
            int readsAfterFirstFailure = store.uiThreadReads.get();
            assertTrue(readsAfterFirstFailure > 0, "the first refresh tried the store on the workbench's thread");
            for (int i = 1; i <= 3; i++) {
                long before = refreshes();
                elsewhere.setName("Later " + i);
                other.commit();
                waitFor(() -> refreshes() > before ? Boolean.TRUE : null, "the explorer following commit " + i);
            }
            assertEquals(readsAfterFirstFailure, store.uiThreadReads.get(),
                    "reads of the store on the workbench's thread after it failed once");
            assertNotNull(item(repoItem.getItems(), "Project Hung"), "the rows read before stay");

            // A row whose children the tree never read (more roots than the explorer opens by itself)
            // says why they are not shown when opened, without reading the store.
            TreeItem projectItem = item(repoItem.getItems(), "Project Hung");
            assertTrue(!projectItem.getExpanded(), "the project's row was never opened");
            expand(tree, projectItem);
            waitFor(() -> item(projectItem.getItems(), "Not read: the store cannot be read: Store 'uihung' is unreachable"),
                    "the row saying its children were not read");
            assertEquals(readsAfterFirstFailure, store.uiThreadReads.get(),
                    "reads of the store on the workbench's thread after opening a row");

            store.down.set(false); // no commit: a job finds the store answering
            waitFor(() -> item(repoItem.getItems(), "Project Later 3"), "the rows brought up to date once the store answers",
                    3 * dev.strata.ui.internal.WorkbenchSessions.RETRY_MS);
            waitFor(() -> repoItem.getText().equals("uihung  [uihung]") ? repoItem : null, "the row's note gone");
            waitFor(() -> item(projectItem.getItems(), "Task Leaf"), "the project's children read once the store answers");
        } finally {
            reg.unregister();
        }
    }

    private static long refreshes() {
        return Injected.viewUpdates().refreshes().getOrDefault("ModelExplorerView", 0L);
    }

    /** A store whose reads fail while {@code down}, after waiting as a client's timeouts would; counts reads on the UI thread. */
    private static final class DownStore extends dev.strata.core.store.ForwardingStore {
        final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger uiThreadReads = new java.util.concurrent.atomic.AtomicInteger();
        private final dev.strata.core.ModelStore memory;
        private final long waitMs;

        DownStore(dev.strata.core.ModelStore memory, long waitMs) {
            this.memory = memory;
            this.waitMs = waitMs;
        }

        @Override
        protected dev.strata.core.ModelStore delegate() {
            return memory;
        }

        @Override
        public java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> loadAll(
                java.util.Collection<dev.strata.core.ObjectId> ids) {
            unreachable();
            return super.loadAll(ids);
        }

        @Override
        public java.util.List<dev.strata.core.ObjectId> rootIds() {
            unreachable();
            return super.rootIds();
        }

        @Override
        public java.util.List<dev.strata.core.Record> roots() {
            unreachable();
            return super.roots();
        }

        private void unreachable() {
            if (org.eclipse.swt.widgets.Display.getCurrent() != null) {
                uiThreadReads.incrementAndGet();
            }
            if (down.get()) {
                try {
                    Thread.sleep(waitMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new dev.strata.core.StoreException("Store '" + memory.name() + "' is unreachable (the test's server is down)");
            }
        }
    }

    /**
     * An edit redraws its rows without reading the repository's roots from the store (over REST
     * each read is a request for every root): changing a task, or a root's name, reads none; the
     * rows' labels follow the edits.
     */
    @Test
    void editsThatAddNoRootReadNoRootsFromTheStore() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        CountingStore store = new CountingStore(Repositories.memoryStore("uiroots", events));
        java.util.concurrent.atomic.AtomicInteger rootReads = store.rootReads;
        Repository repo = Repositories.builder("uiroots", store).packages(TasksPackage.eINSTANCE).events(events).build();
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(StrataViews.EXPLORER);
        long refreshed = refreshes();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Rooted");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Leaf");
            p.getTasks().add(t);
            s.add(p);
            s.commit();
        }
        // The explorer hears of this commit before the repository is shown: heard later (it may wait
        // for a refresh just before), it is a commit from elsewhere and rightly refreshes every row.
        waitFor(() -> refreshes() > refreshed ? Boolean.TRUE : null, "the explorer's refresh after the setup commit");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uiroots");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(StrataViews.EXPLORER);
            org.eclipse.swt.widgets.Composite shell = page.getWorkbenchWindow().getShell();
            TreeItem task = Widgets.selectInExplorer(shell, "uiroots", "Project Rooted", "Task Leaf");
            TreeItem project = task.getParentItem();
            page.showView(StrataViews.PROPERTIES);
            org.eclipse.swt.widgets.Table properties = waitFor(() -> Widgets.find(shell, org.eclipse.swt.widgets.Table.class,
                    t -> t.getColumnCount() == 3 && "Feature".equals(t.getColumn(0).getText()) && t.getItemCount() > 0
                            && t.getItem(0).getText(1).equals("Leaf")), "the task's properties");
            // Showing the repository queues refreshes of its own (coalesced, on a timer): counted
            // from once they have landed, a read that follows is the edits'.
            Widgets.waitForQuiet(() -> java.util.List.of(rootReads.get(), refreshes()), 500, Widgets.TIMEOUT_MS);
            int before = rootReads.get();
            Widgets.editValue(properties, "title", "Edited leaf");
            waitFor(() -> task.getText().equals("> Task Edited leaf  [dirty]") ? task : null, "the task's row, edited");

            Widgets.selectInExplorer(shell, "uiroots", "Project Rooted");
            page.showView(StrataViews.PROPERTIES);
            org.eclipse.swt.widgets.Table projectProperties = waitFor(() -> Widgets.find(shell,
                    org.eclipse.swt.widgets.Table.class, t -> t.getColumnCount() == 3 && t.getItemCount() > 0
                            && t.getItem(0).getText(1).equals("Rooted")), "the project's properties");
            Widgets.editValue(projectProperties, "name", "Renamed root");
            waitFor(() -> project.getText().equals("> Project Renamed root  [dirty]") ? project : null,
                    "the project's row, edited");
            assertEquals(before, rootReads.get(), "roots read from the store for edits that add or remove no root");

            // A new root: the rows are read again, and it shows.
            Project fresh = TasksFactory.eINSTANCE.createProject();
            fresh.setName("Fresh");
            Injected.sessions().session(repo).add(fresh);
            TreeItem repoItem = project.getParentItem();
            waitFor(() -> item(repoItem.getItems(), "Project Fresh  [new]"), "the new root's row");
            assertTrue(rootReads.get() > before, "the roots read again for a new root");
        } finally {
            Injected.sessions().session(repo).rollback();
            reg.unregister();
        }
    }

    /**
     * Committing the workbench's own edits redraws the rows the edits concern, not the whole tree
     * (which reads every repository's roots and, under an object with 200,000 children open, froze
     * the workbench for 80 s); commits from elsewhere refresh the tree as before, whether or not
     * their objects were edited here.
     */
    @Test
    void committingTheWorkbenchsEditsRedrawsTheirRowsOnly() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        CountingStore store = new CountingStore(Repositories.memoryStore("uiowncommit", events));
        java.util.concurrent.atomic.AtomicInteger rootReads = store.rootReads;
        Repository repo = Repositories.builder("uiowncommit", store).packages(TasksPackage.eINSTANCE).events(events).build();
        dev.strata.core.ObjectId leafId;
        dev.strata.core.ObjectId otherId;
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Committed");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Leaf");
            Task other = TasksFactory.eINSTANCE.createTask();
            other.setTitle("Other");
            p.getTasks().add(t);
            p.getTasks().add(other);
            s.add(p);
            s.commit();
            leafId = s.idOf(t);
            otherId = s.idOf(other);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uiowncommit");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.EXPLORER);
            org.eclipse.swt.widgets.Composite shell = page.getWorkbenchWindow().getShell();
            TreeItem leaf = Widgets.selectInExplorer(shell, "uiowncommit", "Project Committed", "Task Leaf");
            TreeItem other = item(leaf.getParentItem().getItems(), "Task Other");
            Session workbench = Injected.sessions().session(repo);
            ((Task) workbench.get(leafId)).setTitle("Edited leaf");
            waitFor(() -> leaf.getText().equals("> Task Edited leaf  [dirty]") ? leaf : null, "the task's row, edited");
            int before = rootReads.get();

            long refreshed = refreshes();
            workbench.commit("the workbench's edit");
            waitFor(() -> leaf.getText().equals("Task Edited leaf") && refreshes() > refreshed ? leaf : null,
                    "the task's row, committed");
            // The session's event and the store's may come in two batches: let both be shown.
            long settled = System.currentTimeMillis() + 1_000;
            waitFor(() -> System.currentTimeMillis() > settled ? Boolean.TRUE : null, "a second of the event loop");
            assertEquals("Task Edited leaf", leaf.getText());
            assertEquals(before, rootReads.get(), "roots read again for the workbench's own commit of an edit");

            int beforeElsewhere = rootReads.get();
            try (Session elsewhere = repo.openSession()) {
                ((Task) elsewhere.get(leafId)).setTitle("Leaf from elsewhere");
                elsewhere.commit("an edit made elsewhere, of the task edited here");
            }
            waitFor(() -> leaf.getText().equals("Task Leaf from elsewhere") ? leaf : null,
                    "the task's row after a commit from elsewhere");
            assertTrue(rootReads.get() > beforeElsewhere, "a commit from elsewhere refreshes the tree");
            int beforeOther = rootReads.get();
            try (Session elsewhere = repo.openSession()) {
                ((Task) elsewhere.get(otherId)).setTitle("Other from elsewhere");
                elsewhere.commit("an edit made elsewhere, of a task never edited here");
            }
            waitFor(() -> other.getText().equals("Task Other from elsewhere") ? other : null,
                    "the other task's row after a commit from elsewhere");
            assertTrue(rootReads.get() > beforeOther, "a commit from elsewhere of rows not edited here refreshes the tree");
        } finally {
            Injected.sessions().session(repo).rollback();
            reg.unregister();
        }
    }

    /**
     * A containment list longer than a thousand children shows as ranges of a thousand, each
     * opened on its own: the tree holds the rows of the ranges opened, not one per child, the
     * workbench's lazy session reads only about the children of an opened range, and edits, new and
     * deleted children, reveals and commits from elsewhere show under the ranges and in their
     * labels. Before, the project's 2,999 tasks were 2,999 rows under it, every one read.
     */
    @Test
    void aLongListShowsAsRangesOpenedOneAtATime() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        CountingStore store = new CountingStore(Repositories.memoryStore("uiranges", events));
        java.util.concurrent.atomic.AtomicInteger taskReads = store.taskReads;
        Repository repo = Repositories.builder("uiranges", store).packages(TasksPackage.eINSTANCE).events(events).build();
        dev.strata.core.ObjectId projectId;
        java.util.List<dev.strata.core.ObjectId> taskIds = new java.util.ArrayList<>();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Long");
            for (int i = 0; i < 2_999; i++) {
                Task t = TasksFactory.eINSTANCE.createTask();
                t.setTitle(String.format("T%04d", i));
                p.getTasks().add(t);
            }
            dev.strata.example.tasks.Coordinator c = TasksFactory.eINSTANCE.createCoordinator();
            c.setName("Short list");
            p.getCoordinators().add(c);
            s.add(p);
            s.commit();
            projectId = s.idOf(p);
            p.getTasks().forEach(t -> taskIds.add(s.idOf(t)));
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uiranges");
        ServiceRegistration<Repository> reg = context.registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.PROPERTIES);
            page.showView(StrataViews.EXPLORER);
            org.eclipse.swt.widgets.Composite shell = page.getWorkbenchWindow().getShell();
            TreeItem project = Widgets.selectInExplorer(shell, "uiranges", "Project Long");
            Tree tree = project.getParent();
            // Properties shows the selected project's first tasks and how many, now and as stored.
            page.showView(StrataViews.PROPERTIES);
            org.eclipse.swt.widgets.Table properties = waitFor(() -> Widgets.find(shell, org.eclipse.swt.widgets.Table.class,
                    t -> t.getColumnCount() == 3 && t.getItemCount() > 0 && t.getItem(0).getText(1).equals("Long")),
                    "the project's properties");
            org.eclipse.swt.widgets.TableItem tasksRow = Widgets.row(properties, 0, "tasks");
            assertTrue(tasksRow.getText(1).startsWith("[Task 'T0000', Task 'T0001', ") && tasksRow.getText(1).endsWith(
                    "Task 'T0019', … (2,999 in all)]"), tasksRow.getText(1));
            assertEquals(tasksRow.getText(1), tasksRow.getText(2), "the tasks as stored");
            page.showView(StrataViews.EXPLORER);
            expand(tree, project);
            waitFor(() -> project.getItemCount() == 4 && project.getItem(0).getData() != null ? project : null,
                    "the project's rows");
            assertEquals(java.util.List.of("tasks [0..999]", "tasks [1000..1999]", "tasks [2000..2998]",
                    "Coordinator Short list"), texts(project.getItems()));
            assertTrue(taskReads.get() < 100, "tasks read to show the project's ranges: " + taskReads.get());

            TreeItem second = project.getItem(1);
            expand(tree, second);
            waitFor(() -> second.getItemCount() == 1_000 && second.getItem(999).getData() != null ? second : null,
                    "the second range's rows");
            assertEquals("Task T1000", second.getItem(0).getText());
            assertEquals("Task T1999", second.getItem(999).getText());
            // The pages a lazy list reads are not the ranges' thousands: about one range, not the list.
            assertTrue(taskReads.get() < 1_500, "tasks read to show one range: " + taskReads.get());

            // An edit redraws its row in the range.
            Session workbench = Injected.sessions().session(repo);
            ((Task) workbench.get(taskIds.get(1_500))).setTitle("Edited");
            TreeItem edited = second.getItem(500);
            waitFor(() -> edited.getText().equals("> Task Edited  [dirty]") ? edited : null, "the edited task's row");

            // Two new tasks at the end: the last range's label follows and a fourth range holds the second.
            // Appending reads none of the tasks (the first and third ranges were never opened).
            Project long_ = (Project) workbench.get(projectId);
            int readBefore = taskReads.get();
            for (String title : java.util.List.of("Added 1", "Added 2")) {
                Task added = TasksFactory.eINSTANCE.createTask();
                added.setTitle(title);
                long_.getTasks().add(added);
            }
            waitFor(() -> project.getItemCount() == 5 && texts(project.getItems()).subList(2, 4).equals(
                    java.util.List.of("tasks [2000..2999]", "tasks [3000..3000]")) ? project : null,
                    "the ranges after two new tasks");
            assertTrue(taskReads.get() - readBefore < 100, "tasks read to append two: " + (taskReads.get() - readBefore));
            TreeItem third = project.getItem(2);
            expand(tree, third);
            waitFor(() -> third.getItemCount() == 1_000 && "Task Added 1  [new]".equals(third.getItem(999).getText())
                    ? third : null, "the first new task's row at the end of the third range");

            // A deleted task closes the gap: the closed second range, opened again, starts one task later.
            second.setExpanded(false);
            workbench.delete(workbench.get(taskIds.get(5)));
            waitFor(() -> project.getItemCount() == 4 && "tasks [2000..2999]".equals(project.getItem(2).getText())
                    ? project : null, "the ranges after a deletion");
            expand(tree, second);
            waitFor(() -> second.getItemCount() == 1_000 && "Task T1001".equals(second.getItem(0).getText()) ? second : null,
                    "the second range's rows after the deletion");
            assertEquals("> Task Edited  [dirty]", second.getItem(499).getText());
            assertEquals("Task Added 2  [new]", project.getItem(2).getItems()[999].getText());

            // Revealing a task (as Search does) opens the range holding it.
            Task far = (Task) workbench.get(taskIds.get(42));
            PlatformUI.getWorkbench().getService(org.eclipse.e4.core.services.events.IEventBroker.class)
                    .send("dev/strata/ui/explorer/reveal", far);
            TreeItem first = project.getItem(0);
            waitFor(() -> tree.getSelectionCount() == 1 && tree.getSelection()[0].getData() == far ? first : null,
                    "the revealed task selected");
            assertEquals("Task T0042", tree.getSelection()[0].getText());
            assertSame(first, tree.getSelection()[0].getParentItem(), "the revealed task's row is in the first range");

            // New Child on a range row: a task at the end of the list, shown and selected in the last range.
            tree.setSelection(first);
            Event click = new Event();
            click.item = first;
            tree.notifyListeners(SWT.Selection, click);
            org.eclipse.swt.widgets.MenuItem newTask = Widgets.menuItem(tree, "New Child", "Task");
            assertEquals(1, newTask.getParent().getItemCount(), "only the range's own list is offered");
            Widgets.select(newTask);
            waitFor(() -> tree.getSelectionCount() == 1 && "Task  [new]".equals(tree.getSelection()[0].getText())
                    && tree.getSelection()[0].getParentItem() == project.getItem(3) ? project : null,
                    "the new task selected in a new last range");
            assertEquals("tasks [3000..3000]", project.getItem(3).getText());

            // A commit from elsewhere refreshes the tree: the ranges and their opened rows stay.
            try (Session elsewhere = repo.openSession()) {
                ((Task) elsewhere.get(taskIds.get(1_999))).setTitle("From elsewhere");
                elsewhere.commit("an edit made elsewhere, in a long list");
            }
            TreeItem lastOfSecond = second.getItem(998);
            waitFor(() -> lastOfSecond.getText().equals("Task From elsewhere") ? lastOfSecond : null,
                    "the row edited elsewhere, in its range");
            assertEquals("tasks [1000..1999]", project.getItem(1).getText());
        } finally {
            Injected.sessions().session(repo).rollback();
            reg.unregister();
        }
    }

    private static java.util.List<String> texts(TreeItem[] items) {
        return java.util.Arrays.stream(items).map(TreeItem::getText).toList();
    }

    /**
     * A store counting how often its roots are read (a whole refresh of the explorer reads them)
     * and how many task records are read.
     */
    private static final class CountingStore extends dev.strata.core.store.ForwardingStore {
        final java.util.concurrent.atomic.AtomicInteger rootReads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger taskReads = new java.util.concurrent.atomic.AtomicInteger();
        private final dev.strata.core.ModelStore store;

        CountingStore(dev.strata.core.ModelStore store) {
            this.store = store;
        }

        @Override
        protected dev.strata.core.ModelStore delegate() {
            return store;
        }

        @Override
        public java.util.List<dev.strata.core.ObjectId> rootIds() {
            rootReads.incrementAndGet();
            return super.rootIds();
        }

        @Override
        public java.util.List<dev.strata.core.Record> roots() {
            rootReads.incrementAndGet();
            return super.roots();
        }

        @Override
        public java.util.Optional<dev.strata.core.Record> load(dev.strata.core.ObjectId id) {
            java.util.Optional<dev.strata.core.Record> r = super.load(id);
            r.ifPresent(x -> tasks(java.util.List.of(x)));
            return r;
        }

        @Override
        public java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> loadAll(
                java.util.Collection<dev.strata.core.ObjectId> ids) {
            java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> r = super.loadAll(ids);
            tasks(r.values());
            return r;
        }

        @Override
        public java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> loadTree(dev.strata.core.ObjectId rootId) {
            java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> r = super.loadTree(rootId);
            tasks(r.values());
            return r;
        }

        @Override
        public java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> loadTrees(
                java.util.Collection<dev.strata.core.ObjectId> rootIds) {
            java.util.Map<dev.strata.core.ObjectId, dev.strata.core.Record> r = super.loadTrees(rootIds);
            tasks(r.values());
            return r;
        }

        private void tasks(java.util.Collection<dev.strata.core.Record> records) {
            taskReads.addAndGet((int) records.stream().filter(r -> r.type().name().equals("Task")).count());
        }
    }

    /** Two repositories over one store: a commit in one shows in the other's rows too. */
    @Test
    void aCommitInOneRepositoryShowsInAnotherOverTheSameStore() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        dev.strata.core.ModelStore store = Repositories.memoryStore("uishared", events);
        Repository first = Repositories.builder("uisharedA", store).packages(TasksPackage.eINSTANCE).events(events).build();
        Repository second = Repositories.builder("uisharedB", store).packages(TasksPackage.eINSTANCE).events(events).build();
        dev.strata.core.ObjectId taskId;
        try (Session s = first.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Shared");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Both");
            p.getTasks().add(t);
            s.add(p);
            s.commit();
            taskId = s.idOf(t);
        }
        java.util.List<ServiceRegistration<Repository>> regs = new java.util.ArrayList<>();
        for (Repository r : java.util.List.of(first, second)) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Repository.NAME, r.name());
            regs.add(context.registerService(Repository.class, r, props));
        }
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.EXPLORER);
            org.eclipse.swt.widgets.Composite shell = page.getWorkbenchWindow().getShell();
            TreeItem inFirst = Widgets.selectInExplorer(shell, "uisharedA", "Project Shared", "Task Both");
            TreeItem inSecond = Widgets.selectInExplorer(shell, "uisharedB", "Project Shared", "Task Both");
            Session workbench = Injected.sessions().session(first);
            ((Task) workbench.get(taskId)).setTitle("Renamed in A");
            waitFor(() -> inFirst.getText().equals("> Task Renamed in A  [dirty]") ? inFirst : null, "the row in A, edited");
            workbench.commit("renamed in the first repository");
            waitFor(() -> inFirst.getText().equals("Task Renamed in A") ? inFirst : null, "the row in A, committed");
            waitFor(() -> inSecond.getText().equals("Task Renamed in A") ? inSecond : null, "the row in B after A's commit");
        } finally {
            regs.forEach(ServiceRegistration::unregister);
        }
    }

    /**
     * In the product a repository service is a DS component that delegates to the repository its
     * sessions name: the workbench must still keep one session for it, and the explorer show it.
     */
    @Test
    void aRepositoryServiceDelegatingToAnotherKeepsOneWorkbenchSession() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("delegated-inner")) {
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Behind a component");
                s.add(p);
                s.commit();
            }
            Repository inner = f.repository();
            Repository service = new Repository() {
                @Override
                public String name() {
                    return "delegated";
                }

                @Override
                public dev.strata.core.ModelStore store() {
                    return inner.store();
                }

                @Override
                public java.util.List<org.eclipse.emf.ecore.EPackage> packages() {
                    return inner.packages();
                }

                @Override
                public java.util.Set<dev.strata.core.IndexDef> indexes() {
                    return inner.indexes();
                }

                @Override
                public Session openSession() {
                    return inner.openSession();
                }

                @Override
                public org.eclipse.emf.ecore.resource.Resource openResource(org.eclipse.emf.common.util.URI uri) {
                    return inner.openResource(uri);
                }
            };
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Repository.NAME, "delegated");
            ServiceRegistration<Repository> reg = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext()
                    .registerService(Repository.class, service, props);
            try {
                IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
                page.showView(StrataViews.EXPLORER);
                Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                        t -> item(t.getItems(), "delegated") != null), "the repository node");
                TreeItem repoItem = item(tree.getItems(), "delegated");
                expand(tree, repoItem);
                waitFor(() -> item(repoItem.getItems(), "Project Behind a component"), "its project, loaded once");
                Session session = Injected.sessions().session(service);
                assertSame(session,
                        Injected.sessions().session(service), "one session per repository");
            } finally {
                reg.unregister();
            }
        }
    }


    /**
     * Children held in a feature map (the contract kit's mixed-content Doc: text, a para, two notes)
     * show as the objects they are, labelled by their item provider — they showed as
     * {@code org.eclipse.emf.edit.provider.FeatureMapEntryWrapperItemProvider@…} until 2026-12-06;
     * the text entries keep their wrapper's label.
     */
    @Test
    void childrenHeldInAFeatureMapShowAsTheObjects() throws Exception {
        org.eclipse.emf.ecore.EPackage p = dev.strata.core.contract.FidelityModel.INSTANCE.ePackage;
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(dev.strata.core.contract.FidelityModel.NS_URI, p);
        org.eclipse.emf.ecore.EClass doc = (org.eclipse.emf.ecore.EClass) p.getEClassifier("Doc");
        org.eclipse.emf.ecore.EClass leaf = (org.eclipse.emf.ecore.EClass) p.getEClassifier("Leaf");
        try (Fixtures fx = Fixtures.memoryRepository("mixed-uitest", p)) {
            try (Session s = fx.repository().openSession()) {
                org.eclipse.emf.ecore.EObject d = org.eclipse.emf.ecore.util.EcoreUtil.create(doc);
                org.eclipse.emf.ecore.util.FeatureMap mixed = (org.eclipse.emf.ecore.util.FeatureMap) d
                        .eGet(doc.getEStructuralFeature("mixed"));
                org.eclipse.emf.ecore.util.FeatureMapUtil.addText(mixed, "Hello ");
                mixed.add(doc.getEStructuralFeature("para"), "one");
                for (String name : java.util.List.of("n1", "n2")) {
                    org.eclipse.emf.ecore.EObject note = org.eclipse.emf.ecore.util.EcoreUtil.create(leaf);
                    note.eSet(leaf.getEStructuralFeature("name"), name);
                    mixed.add(doc.getEStructuralFeature("note"), note);
                }
                s.add(d);
                s.commit();
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "mixed-uitest"), "the repository node");
            expand(tree, repoItem);
            TreeItem root = waitFor(() -> item(repoItem.getItems(), "Doc"), "the doc");
            expand(tree, root);
            waitFor(() -> item(root.getItems(), "Leaf n1"), "note n1, labelled by its item provider");
            waitFor(() -> item(root.getItems(), "Leaf n2"), "note n2");
            for (TreeItem child : root.getItems()) {
                org.junit.jupiter.api.Assertions.assertFalse(child.getText().contains("ItemProvider"),
                        "a row labelled by a wrapper's toString: " + child.getText());
            }
        }
    }
}
