package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.check;
import static dev.strata.ui.tests.Widgets.click;
import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.onShell;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.admin.StrataConfig;
import dev.strata.ui.StrataViews;
import dev.strata.ui.internal.StoreConfigurations;
import dev.strata.core.admin.StrataAdmin;

/**
 * Stores configured from the Stores view: input is checked with messages saying what to fix, and a
 * store added through the dialog becomes a working ModelStore service, which Edit restarts with new
 * settings and Remove takes away (its data stays).
 */
class StoreConfigurationTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(StoreConfigurationTest.class).getBundleContext();

    static StoreConfigurations configurations() {
        return new StoreConfigurations(CONTEXT.getService(CONTEXT.getServiceReference(StrataAdmin.class)));
    }

    @Test
    void inputIsCheckedWithMessagesThatSayWhatToFix() {
        StoreConfigurations configs = configurations();
        Map<String, String> ok = Map.of("directory", "", "format", "xmi", "durability", "sync", "compact.after.mb", "");
        assertNull(configs.problem(configs.type("file"), "fresh-" + UUID.randomUUID(), ok, true));
        assertEquals("Enter a name for the store.", configs.problem(configs.type("file"), "  ", ok, true));
        assertTrue(configs.problem(configs.type("file"), "my store", ok, true).startsWith("A store name is letters, digits"));
        assertEquals("Compact after (MB) must be a whole number, not '64 MB'.",
                configs.problem(configs.type("file"), "s1", with(ok, "compact.after.mb", "64 MB"), true));
        assertEquals("Compact after (MB) must be at least 0, not -1.",
                configs.problem(configs.type("file"), "s1", with(ok, "compact.after.mb", "-1"), true));
        assertEquals("Snapshot format is one of xmi, binary, json, not 'yaml'.",
                configs.problem(configs.type("file"), "s1", with(ok, "format", "yaml"), true));
        // The form knows no store type: what a text setting must look like is the store's to say (see below).
        assertNull(configs.problem(configs.type("file"), "s1", with(ok, "directory", "relative/dir"), true));

        Map<String, String> jdbc = Map.of("url", "", "user", "", ".password", "", "schema", "", "pool.size", "",
                "poll.ms", "");
        assertNull(configs.problem(configs.type("jdbc"), "db1", jdbc, true));
        assertEquals("Pool size must be at least 1, not 0.", configs.problem(configs.type("jdbc"), "db1", with(jdbc, "pool.size", "0"), true));
        assertNull(configs.problem(configs.type("jdbc"), "db1", with(jdbc, "url", "postgresql://db/x"), true));

        // Numbers go in typed as the component declares them; empty settings are left to the defaults.
        Dictionary<String, Object> props = configs.properties(configs.type("jdbc"), "db1",
                with(with(jdbc, "pool.size", "2"), ".password", "secret"));
        assertEquals("db1", props.get(ModelStore.NAME));
        assertEquals(Integer.valueOf(2), props.get("pool.size"));
        assertEquals("secret", props.get(".password"));
        assertNull(props.get("url"), "an empty URL means the embedded H2 default");
        assertEquals(Long.valueOf(8), configs.properties(configs.type("file"), "s1",
                with(ok, "compact.after.mb", "8")).get("compact.after.mb"));
    }

    @Test
    void aStoreAddedThroughTheDialogIsAWorkingServiceThatEditRestartsAndRemoveTakesAway() throws Exception {
        String name = "uistore-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createTempDirectory("strata-ui-store");
        StoreConfigurations configs = configurations();
        Composite window = showStores();
        Tree stores = Widgets.storesTree(window);
        try {
            // Add: wrong input first (OK stays disabled, the message says why), then right.
            var added = onShell("Add Store", dialog -> {
                Combo type = find(dialog, Combo.class, c -> "type".equals(c.getData("strata.edits")));
                if (type != null) { // only offered when more than one store type is installed
                    select(type, "file");
                }
                input(dialog, Text.class, ModelStore.NAME).setText(name);
                input(dialog, Text.class, "directory").setText(dir.resolve("data").toString());
                input(dialog, Text.class, "compact.after.mb").setText("lots");
                assertFalse(button(dialog, "Add").isEnabled(), "OK is disabled while a number is wrong");
                assertNotNull(find(dialog, Control.class, c -> text(c).contains("must be a whole number, not 'lots'")),
                        "the message saying what is wrong");
                input(dialog, Text.class, "compact.after.mb").setText("8");
                assertTrue(button(dialog, "Add").isEnabled(), "OK once the input is right");
                click(dialog, "Add");
            });
            click(window, "Add store…");
            check(added);

            ModelStore store = waitFor(() -> configs.running(name), "the store service of the new configuration");
            ServiceReference<ModelStore> ref = CONTEXT.getServiceReferences(ModelStore.class, "(strata.store=" + name + ")")
                    .iterator().next();
            assertEquals("file", ref.getProperty(ModelStore.TYPE));
            assertEquals(8L, Long.parseLong(configs.admin().storeConfiguration(name).orElseThrow().settings()
                    .get("compact.after.mb")));
            // It works: a commit goes in and comes back, on disk in the chosen directory.
            ObjectId id = ObjectId.random();
            store.commit(new ChangeSet(UUID.randomUUID(), "ui-test", "", List.of(new Record(id,
                    new TypeRef(dev.strata.example.tasks.TasksPackage.eNS_URI, "Task"), 0, Map.of("title", "stored"))), List.of(), List.of()));
            assertEquals("stored", store.load(id).orElseThrow().value("title"));
            assertTrue(Files.exists(dir.resolve("data")), "the store's directory");
            ((FileModelStore) store).compact(); // an XMI snapshot, the format chosen
            waitFor(() -> {
                TreeItem r = row(stores, 0, name);
                return r != null && "running".equals(r.getText(2)) && "file".equals(r.getText(1)) ? r : null;
            }, "the new store in the Stores view, running");
            waitFor(() -> find(window, Label.class, l -> l.getText().equals("Store '" + name + "' is running.")),
                    "the view saying the store started");
            assertEquals("A store named '" + name + "' exists already; choose another name, or edit that store.",
                    configs.problem(configs.type("file"), name, Map.of("format", "xmi", "durability", "sync"), true));

            // Edit: a new setting restarts the store with it; the data is still there.
            Widgets.select(stores, row(stores, 0, name));
            var edited = onShell("Edit Store", dialog -> {
                assertFalse(input(dialog, Text.class, ModelStore.NAME).getEditable(), "a store is not renamed by editing");
                assertEquals("8", input(dialog, Text.class, "compact.after.mb").getText(), "the current settings");
                select(input(dialog, Combo.class, "durability"), "none");
                select(input(dialog, Combo.class, "format"), "binary");
                click(dialog, "Save");
            });
            click(window, "Edit store…");
            check(edited);
            // Its snapshot is XMI until a compaction after a commit: the line saying it started says so.
            waitFor(() -> find(window, Label.class, l -> l.getText().equals("Store '" + name + "' is running: snapshot 1"
                    + " is xmi, not binary (written before binary was chosen, or by an earlier version; the next"
                    + " compaction after a commit writes binary if every value fits).")),
                    "the view saying the store started, and that its snapshot is not binary yet");
            waitFor(() -> "none".equals(configs.find(name).orElseThrow().values().get("durability"))
                    ? "ok" : null, "the changed configuration");
            ModelStore restarted = waitFor(() -> {
                ModelStore s = configs.running(name);
                return s != null && s.load(id).isPresent() ? s : null;
            }, "the store running again with its data");
            assertEquals("stored", restarted.load(id).orElseThrow().value("title"));

            // Remove, after a confirmation: the service goes, the data stays.
            Widgets.select(stores, waitFor(() -> row(stores, 0, name), "the store's row"));
            var removed = onShell("Remove Store", dialog -> click(dialog, "Remove"));
            click(window, "Remove store");
            check(removed);
            waitFor(() -> configs.running(name) == null && configs.find(name).isEmpty() ? "ok" : null,
                    "the store and its configuration gone");
            waitFor(() -> row(stores, 0, name) == null ? "ok" : null, "the store gone from the Stores view");
            try (var files = Files.list(dir.resolve("data"))) {
                assertTrue(files.findAny().isPresent(), "the data stays");
            }
        } finally {
            configs.admin().removeStore(name);
        }
    }

    @Test
    void aStoreThatDoesNotStartSaysWhyInTheStoresView() throws Exception {
        String name = "badstore-" + UUID.randomUUID().toString().substring(0, 8);
        StoreConfigurations configs = configurations();
        // Written by hand (the dialog would refuse it), as a configuration from elsewhere may be.
        ConfigurationAdmin admin = CONTEXT.getService(
                CONTEXT.getServiceReference(ConfigurationAdmin.class));
        Configuration c = admin.getFactoryConfiguration(StrataConfig.FILE_STORE_PID, name, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name);
        props.put("directory", Files.createTempDirectory("strata-ui-bad").toString());
        props.put("durability", "bogus");
        c.update(props);
        try {
            Composite window = showStores();
            String why = "failed: Store '" + name + "': durability 'bogus' is not sync or none";
            waitFor(() -> why.equals(configs.status(name)) ? "ok" : null, "the activation failure: " + why);
            // The view learns of the configuration from Config Admin and watches the store start.
            awaitStatus(Widgets.storesTree(window), name, why);
        } finally {
            c.delete();
        }
    }

    @Test
    void aFileStoreWhoseSnapshotIsNotInTheChosenFormatSaysWhyInTheStoresView(@TempDir Path dir) throws Exception {
        String name = "fellback-" + UUID.randomUUID().toString().substring(0, 8);
        FileStoreOptions xmi = FileStoreOptions.defaults(dir).withFormat(FileStoreOptions.Format.XMI);
        try (FileModelStore files = FileStores.open(name, xmi)) {
            Repository repo = Repositories.builder(name, files).packages(TasksPackage.eINSTANCE).build();
            try (Session s = repo.openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("a NUL \u0000 inside"); // which no XML can hold
                s.add(p);
                s.commit();
            }
            files.compact();
        }
        ConfigurationAdmin admin = CONTEXT.getService(CONTEXT.getServiceReference(ConfigurationAdmin.class));
        Configuration c = admin.getFactoryConfiguration(StrataConfig.FILE_STORE_PID, name, "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(ModelStore.NAME, name);
        props.put("directory", dir.toString());
        props.put("format", "xmi");
        c.update(props);
        try {
            Composite window = showStores();
            Tree stores = Widgets.storesTree(window);
            String says = "running: snapshot \\d+ is binary, not xmi \\(the xmi snapshot could not be used: .*";
            TreeItem row = waitFor(() -> {
                TreeItem r = row(stores, 0, name);
                return r != null && r.getText(2).matches(says) ? r : null;
            }, "'" + says + "' in the row of store " + name);
            String status = row.getText(2);
            assertTrue(status.contains("0x0"), status);
            // Longer than its cell: selecting the row shows it whole above the tree.
            Widgets.select(stores, row);
            waitFor(() -> find(window, Label.class, l -> l.getText().equals(name + ": " + status)),
                    "the whole status above the tree");
            // A row with nothing to say does not leave the other row's status there, reading as its own.
            TreeItem plain = java.util.Arrays.stream(stores.getItems())
                    .filter(i -> i.getText(2).equals("running") || i.getText(2).startsWith("running · ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no other running store to select"));
            Widgets.select(stores, plain);
            waitFor(() -> find(window, Label.class, l -> l.getText().equals(name + ": " + status)) == null ? "gone"
                    : null, "the whole status gone once another row is selected");
        } finally {
            c.delete();
        }
    }

    @Test
    void settingsAStoreRefusesShowAsItsFailureToStart() throws Exception {
        String db = "badurl-" + UUID.randomUUID().toString().substring(0, 8);
        String files = "reldir-" + UUID.randomUUID().toString().substring(0, 8);
        StoreConfigurations configs = configurations();
        Composite window = showStores();
        Tree stores = Widgets.storesTree(window);
        try {
            // The dialog takes the URL (it is text to the form); the JDBC store refuses it when it starts.
            var added = onShell("Add Store", dialog -> {
                select(input(dialog, Combo.class, "type"), "jdbc");
                input(dialog, Text.class, ModelStore.NAME).setText(db);
                input(dialog, Text.class, "url").setText("postgresql://db/x");
                assertTrue(button(dialog, "Add").isEnabled(), "no store type's rules in the form");
                click(dialog, "Add");
            });
            click(window, "Add store…");
            check(added);
            String why = "Store '" + db + "': JDBC URL 'postgresql://db/x' does not start with jdbc:"
                    + " (e.g. jdbc:postgresql://host:5432/db); leave it empty for an embedded H2 database";
            waitFor(() -> find(window, Label.class, l -> l.getText().equals("Store '" + db + "' did not start: " + why
                    + ". Edit it to fix its settings, or remove it.")), "the view saying why the store did not start");
            awaitStatus(stores, db, "failed: " + why);

            // A relative directory, which the file store refuses: the data would land wherever the process started.
            configs.add(configs.type("file"), files, Map.of("directory", "relative/dir", "format", "xmi", "durability", "sync"));
            String relative = "failed: Store '" + files + "': directory 'relative/dir' is not an absolute path"
                    + " (~ is not expanded)";
            awaitStatus(stores, files, relative);
        } finally {
            configs.admin().removeStore(db);
            configs.admin().removeStore(files);
        }
    }

    @Test
    void theReasonOfAFailureIsTheFirstMessageThatIsNotAWrapper() {
        String trace = """
                org.osgi.service.component.ComponentException: java.lang.reflect.InvocationTargetException
                	at org.apache.felix.scr.impl.Something.run(Something.java:1)
                Caused by: java.lang.reflect.InvocationTargetException
                	at java.base/jdk.internal.reflect.Method.invoke(Method.java:1)
                Caused by: dev.strata.core.StoreException: Cannot connect to jdbc:postgresql://127.0.0.1:1/x: Connection refused
                	at dev.strata.store.jdbc.internal.JdbcStore.open(JdbcStore.java:1)
                Caused by: java.net.ConnectException: Connection refused
                	at java.base/sun.nio.ch.Net.connect(Net.java:1)
                """;
        assertEquals("Cannot connect to jdbc:postgresql://127.0.0.1:1/x: Connection refused", StoreConfigurations.reason(trace));
        assertEquals("boom", StoreConfigurations.reason("java.lang.IllegalStateException: boom\n\tat a.b(C.java:1)"));
        assertEquals("NullPointerException", StoreConfigurations.reason("java.lang.NullPointerException\n\tat a.b(C.java:1)"));
    }

    /** Opens the Stores view; returns the window's shell. */
    private static Composite showStores() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        page.showView(StrataViews.STORES);
        return page.getWorkbenchWindow().getShell();
    }

    /** Waits until the Stores view shows this status in the store's row. */
    private static void awaitStatus(Tree stores, String store, String status) {
        waitFor(() -> {
            TreeItem r = row(stores, 0, store);
            return r != null && status.equals(r.getText(2)) ? r : null;
        }, "'" + status + "' in the row of store " + store);
    }

    private static Map<String, String> with(Map<String, String> values, String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        return copy;
    }

    /** The dialog's input for a setting (widgets carry the property they edit). */
    private static <T extends Control> T input(Shell dialog, Class<T> type, String property) {
        T found = find(dialog, type, c -> property.equals(c.getData("strata.edits")));
        assertNotNull(found, "no input for " + property);
        return found;
    }

    private static Button button(Shell dialog, String label) {
        Button b = find(dialog, Button.class, x -> label.equals(x.getText()));
        assertNotNull(b, "no button " + label);
        return b;
    }

    private static void select(Combo combo, String item) {
        combo.select(combo.indexOf(item));
        combo.notifyListeners(SWT.Selection, new Event());
    }

    private static String text(Control c) {
        return c instanceof Text t ? t.getText() : c instanceof Label l ? l.getText() : "";
    }
}
