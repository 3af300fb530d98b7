package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repositories;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.StoresView;

/**
 * A queue store stuck on a commit its store refuses (another writer changed the task meanwhile):
 * the Stores view offers "Set aside stuck commit…" for its row only, asks for the file, confirms
 * with why the queue is stuck, and then shows what was set aside; the queue goes on and the other
 * writer's value stays.
 */
class SetAsideViewTest {

    private static final String BUTTON = "Set aside stuck commit…";
    private static final TypeRef TASK = TypeRef.of(TasksPackage.Literals.TASK);

    @Test
    void aStuckQueuesCommitIsSetAsideFromTheStoresView(@TempDir Path dir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ModelStore memory = Repositories.memoryStore("aside-mem-" + suffix);
        AtomicBoolean refuse = new AtomicBoolean();
        ModelStore wrapped = new ForwardingStore() { // takes no commit while refuse is set, as if unreachable
            @Override
            protected ModelStore delegate() {
                return memory;
            }

            @Override
            public CommitResult commit(ChangeSet changes) {
                if (refuse.get()) {
                    throw new StoreException("Store '" + memory.name() + "' takes no commits now (test)");
                }
                return memory.commit(changes);
            }
        };
        EventAdmin quiet = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
            }

            @Override
            public void sendEvent(Event event) {
            }
        };
        String name = "aside-queue-" + suffix;
        QueueModelStore queue = QueueStores.open(name, wrapped,
                QueueStoreOptions.defaults(dir.resolve("journal")).withRetryMax(Duration.ofMillis(100)), quiet);
        BundleContext context = FrameworkUtil.getBundle(SetAsideViewTest.class).getBundleContext();
        List<ServiceRegistration<ModelStore>> registered = new ArrayList<>();
        Path file = dir.resolve("aside.json");
        BiFunction<Shell, String, String> askedBefore = StoresView.setAsideFile;
        AtomicReference<String> suggested = new AtomicReference<>();
        try {
            ObjectId task = ObjectId.random();
            queue.commit(new ChangeSet(UUID.randomUUID(), "ui", "create", List.of(new Record(task, TASK, 0,
                    Map.of("title", "Spec", "priority", 1))), List.of(), List.of()));
            assertTrue(queue.awaitDrained(Duration.ofSeconds(20)), queue.toString());
            refuse.set(true);
            ChangeSet mine = priority("ui", task, 1, 2);
            queue.commit(mine);
            for (ModelStore s : List.of(queue, memory)) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(ModelStore.NAME, s.name());
                registered.add(context.registerService(ModelStore.class, s, props));
            }

            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            page.showView(StrataViews.STORES);
            Shell shell = page.getWorkbenchWindow().getShell();
            Tree tree = Widgets.storesTree(shell);
            Button button = waitFor(() -> Widgets.find(shell, Button.class, b -> BUTTON.equals(b.getText())), "the button");
            // A store that is no queue, and a queue that only fails (its store unreachable): nothing to set aside.
            Widgets.select(tree, waitFor(() -> Widgets.row(tree, 0, memory.name()), "the memory store's row"));
            assertFalse(button.isEnabled(), "offered for a store that is no queue");
            TreeItem failing = waitFor(() -> {
                TreeItem r = Widgets.row(tree, 0, name);
                return r != null && r.getText(2).startsWith("failing: ") && r.getText(2).contains("failing=1")
                        && r.getText(2).contains("stuck=0") ? r : null;
            }, "the queue's row saying first that it is failing and why, then failing=1 stuck=0");
            Widgets.select(tree, failing);
            assertFalse(button.isEnabled(), "offered for a queue that is only failing");

            memory.commit(priority("other", task, 1, 7)); // another writer, straight to the store
            refuse.set(false); // the store is reached again, and refuses the queued commit
            waitFor(() -> queue.isStuck() ? "stuck" : null, "the queue stuck");
            // The selected row is made anew on the next refresh (every 5 s), the selection kept on it.
            waitFor(() -> {
                TreeItem r = Widgets.row(tree, 0, name);
                return r != null && r.getText(2).startsWith("stuck: ") && r.getText(2).contains("stuck=1") && button.isEnabled()
                        ? r : null;
            }, "the queue's row saying first that it is stuck and why, stuck=1, and the button enabled for it", 30_000);

            StoresView.setAsideFile = (parent, proposed) -> {
                suggested.set(proposed);
                return file.toString();
            };
            AtomicReference<String> question = new AtomicReference<>();
            AtomicReference<Throwable> failure = Widgets.onShell("Set Aside Stuck Commit", dialog -> {
                Label text = Widgets.find(dialog, Label.class, l -> l.getText().contains("is stuck"));
                question.set(text == null ? null : text.getText());
                Widgets.click(dialog, "Set Aside");
            });
            Widgets.click(button.getParent(), BUTTON);
            Widgets.check(failure);
            assertTrue(suggested.get().startsWith(name + "-set-aside-") && suggested.get().endsWith(".json"), suggested.get());
            assertTrue(question.get() != null && question.get().startsWith("Queue '" + name + "' is stuck:")
                    && question.get().contains(file.toString()) && question.get().contains("store '" + memory.name() + "'"),
                    String.valueOf(question.get()));

            Label status = waitFor(() -> Widgets.find(shell, Label.class,
                    l -> l.getText().startsWith("Set aside commit " + mine.commitId())), "what was set aside, in the status line");
            assertTrue(status.getText().contains(file.toString()) && status.getText().contains("0 commit(s) still queued"),
                    status.getText());
            assertTrue(Files.readString(file).contains(mine.commitId().toString()), "the commit is in the file");
            assertTrue(queue.awaitDrained(Duration.ofSeconds(20)), queue.toString());
            assertEquals(7, memory.load(task).orElseThrow().value("priority"), "the other writer's value stays");
            waitFor(() -> {
                TreeItem r = Widgets.row(tree, 0, name);
                return r != null && r.getText(2).startsWith("running · ") && r.getText(2).contains("stuck=0")
                        && r.getText(2).contains("set.aside=1") ? r : null;
            }, "the queue's row no longer stuck, one commit set aside");
            waitFor(() -> button.isEnabled() ? null : "no", "the button disabled once the queue goes on");
        } finally {
            StoresView.setAsideFile = askedBefore;
            registered.forEach(ServiceRegistration::unregister);
            queue.close();
        }
    }

    private static ChangeSet priority(String session, ObjectId task, int from, int to) {
        return new ChangeSet(UUID.randomUUID(), session, "priority " + to, List.of(), List.of(new ChangeSet.Change(task,
                TASK, 1, null, Map.of("priority", to), Map.of("priority", from))), List.of());
    }
}
