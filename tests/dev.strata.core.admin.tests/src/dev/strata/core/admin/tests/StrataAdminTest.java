package dev.strata.core.admin.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.core.Progress;
import dev.strata.core.Repository;
import dev.strata.core.admin.Setting;
import dev.strata.core.admin.StoreConfiguration;
import dev.strata.core.admin.StoreImporter;
import dev.strata.core.admin.StoreStack;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StoreType;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.contract.Await;
import dev.strata.core.contract.DynamicModels;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;

/** The admin service against the real file and JDBC store bundles, DS and Config Admin. */
class StrataAdminTest {

    private static final BundleContext CONTEXT = FrameworkUtil.getBundle(StrataAdminTest.class).getBundleContext();

    @TempDir
    Path dir;

    private StrataAdmin admin;
    private final List<String> configured = new ArrayList<>();

    @BeforeEach
    void admin() {
        admin = Await.service(CONTEXT, StrataAdmin.class, null);
    }

    @AfterEach
    void unconfigure() {
        for (String name : configured) {
            admin.remove(name);
            admin.awaitGone(name, StrataAdmin.WAIT);
        }
    }

    private String name(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        configured.add(name);
        return name;
    }

    @Test
    void storeTypesComeFromTheStoreComponentsMetatype() {
        List<String> names = admin.storeTypes().stream().map(StoreType::name).toList();
        assertTrue(names.containsAll(List.of("file", "jdbc", "memory")), names.toString());

        StoreType file = admin.storeType("file");
        assertEquals(StrataConfig.FILE_STORE_PID, file.factoryPid());
        assertEquals("Strata file store", file.label());
        assertEquals(List.of("directory", "format", "durability", "compact.after.mb", "history.keep"),
                file.settings().stream().map(Setting::key).toList());
        Setting format = file.setting("format").orElseThrow();
        assertEquals("Snapshot format", format.label());
        assertEquals(List.of("xmi", "binary", "json"), format.choices());
        assertEquals("xmi", format.defaultValue());
        Setting compact = file.setting("compact.after.mb").orElseThrow();
        assertEquals(Setting.Kind.LONG, compact.kind());
        assertEquals(0L, compact.min());
        assertFalse(compact.required());

        StoreType jdbc = admin.storeType("jdbc");
        assertEquals(Setting.Kind.PASSWORD, jdbc.setting(".password").orElseThrow().kind());
        Setting pool = jdbc.setting("pool.size").orElseThrow();
        assertEquals(Setting.Kind.INTEGER, pool.kind());
        assertEquals("4", pool.defaultValue());
        assertEquals(1L, pool.min());
        assertEquals(List.of("history.keep"), admin.storeType("memory").settings().stream().map(Setting::key).toList(),
                "besides its name, the memory store's only attribute is the history it keeps");
        assertEquals("10000 commits", admin.storeType("memory").setting("history.keep").orElseThrow().defaultValue());
    }

    /** The metatype resources are written by hand (the build has no metatype generator): they must say what the code says. */
    @Test
    void metatypeSaysWhatTheComponentsConfigurationSays() throws Exception {
        check("file", StrataConfig.FILE_STORE_PID, "dev.strata.store.file.internal.FileStoreComponent$Config");
        check("jdbc", StrataConfig.JDBC_STORE_PID, "dev.strata.store.jdbc.internal.JdbcStoreComponent$Config");
        check("memory", "dev.strata.core", "dev.strata.core.internal.MemoryStore$Config");
        check("cache", "dev.strata.store.cache", "dev.strata.store.cache.internal.CacheStoreComponent$Config");
        check("readonly", "dev.strata.store.readonly", "dev.strata.store.readonly.internal.ReadOnlyStoreComponent$Config");
        check("log", "dev.strata.store.log", "dev.strata.store.log.internal.LogStoreComponent$Config");
        check("mirror", "dev.strata.store.mirror", "dev.strata.store.mirror.internal.MirrorStoreComponent$Config");
        check("route", "dev.strata.store.route", "dev.strata.store.route.internal.RouteStoreComponent$Config");
        check("queue", "dev.strata.store.queue", "dev.strata.store.queue.internal.QueueStoreComponent$Config");
    }

    private void check(String type, String bsn, String configClass) throws Exception {
        Bundle bundle = List.of(CONTEXT.getBundles()).stream().filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
        StoreType declared = admin.storeType(type);
        List<String> keys = new ArrayList<>();
        for (Method m : bundle.loadClass(configClass).getDeclaredMethods()) {
            String key = m.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (key.equals(StrataConfig.STORE_NAME)) {
                continue;
            }
            keys.add(key);
            Setting s = declared.setting(key).orElseThrow(() -> new AssertionError(type + ": metatype lacks " + key));
            Class<?> t = m.getReturnType();
            Setting.Kind kind = t == int.class ? Setting.Kind.INTEGER : t == long.class ? Setting.Kind.LONG
                    : t == boolean.class ? Setting.Kind.BOOLEAN : s.kind() == Setting.Kind.PASSWORD ? Setting.Kind.PASSWORD
                    : Setting.Kind.STRING;
            assertEquals(kind, s.kind(), type + " " + key);
            assertEquals(m.getDefaultValue() == null ? null : String.valueOf(m.getDefaultValue()), s.defaultValue(),
                    type + " " + key);
        }
        assertEquals(declared.settings().size(), keys.size(), type + ": metatype has settings the code has not: " + keys);
    }

    @Test
    void aConfiguredStoreRunsAndGoesWhenRemoved() {
        String name = name("files");
        StoreConfiguration c = admin.configureStore("file", name,
                Map.of("directory", dir.resolve("s").toString(), "compact.after.mb", "8", "format", ""));
        assertEquals("file", c.type());
        assertEquals(StrataConfig.FILE_STORE_PID, c.factoryPid());
        assertEquals("8", c.settings().get("compact.after.mb"));
        assertFalse(c.settings().containsKey("format"), "empty settings are left to the component's default");

        StoreStatus status = admin.awaitStore(name, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.RUNNING, status.state(), status.detail());
        ModelStore store = admin.store(name).orElseThrow();
        assertEquals("file", admin.typeOf(store));
        assertTrue(admin.stores().contains(store));
        assertTrue(admin.storeExists(name));
        assertEquals(name, admin.storeConfiguration(name).orElseThrow().name());
        assertTrue(admin.storeConfigurations().stream().anyMatch(s -> s.name().equals(name)));

        assertEquals(name, admin.storeConfigurations().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow().name());
        assertTrue(admin.removeStore(name));
        assertFalse(admin.removeStore(name), "nothing left to remove");
        assertTrue(admin.awaitGone(name, StrataAdmin.WAIT));
        assertTrue(admin.store(name).isEmpty());
        assertEquals(StoreStatus.State.NOT_CONFIGURED, admin.storeStatus(name).state());
        assertTrue(Files.isDirectory(dir.resolve("s")), "removing a configuration keeps the data");
    }

    @Test
    void aRepositoryOnAConfiguredStore() {
        String store = name("repostore");
        String repo = name("repo");
        admin.configureStore("file", store, Map.of("directory", dir.resolve("r").toString()));
        assertTrue(admin.awaitStore(store, StrataAdmin.WAIT).running());

        admin.configureRepository(repo, store, List.of(TasksPackage.eNS_URI));
        assertTrue(admin.awaitRepository(repo, StrataAdmin.WAIT));
        Repository r = admin.repository(repo).orElseThrow();
        assertEquals(store, r.store().name());
        assertEquals(List.of(repo), admin.repositoriesOn(store));
        assertTrue(admin.repositoryExists(repo));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> admin.configureRepository(repo, store, List.of(TasksPackage.eNS_URI)));
        assertEquals("A repository named '" + repo + "' exists already", twice.getMessage());

        admin.remove(repo);
        assertTrue(admin.awaitGone(repo, StrataAdmin.WAIT));
        assertTrue(admin.store(store).isPresent(), "the store stays when its repository goes");
    }

    /** A model with no generated code: the repository reads its .ecore file (dynamic EMF) and stores its objects. */
    @Test
    @SuppressWarnings("unchecked")
    void aRepositoryWhoseModelIsAnEcoreFileWithNoCode() throws Exception {
        String nsUri = "http://example.org/strata/library/" + UUID.randomUUID();
        Path ecore = DynamicModels.writeLibrary(dir.resolve("library.ecore"), nsUri);
        String store = name("dynstore");
        String repo = name("dynrepo");
        admin.configureStore("file", store, Map.of("directory", dir.resolve("d").toString()));
        assertTrue(admin.awaitStore(store, StrataAdmin.WAIT).running());

        admin.configureRepository(repo, store, List.of(), List.of(ecore.toString()));
        assertTrue(admin.awaitRepository(repo, StrataAdmin.WAIT));
        Repository r = admin.repository(repo).orElseThrow();
        EPackage library = r.packages().get(0);
        assertEquals(nsUri, library.getNsURI());
        assertSame(library, EPackage.Registry.INSTANCE.getEPackage(nsUri), "registered for lookups by namespace URI");
        EClass libraryClass = (EClass) library.getEClassifier("Library");
        EClass bookClass = (EClass) library.getEClassifier("Book");
        ObjectId bookId;
        try (Session s = r.openSession()) {
            EObject city = EcoreUtil.create(libraryClass);
            city.eSet(libraryClass.getEStructuralFeature("name"), "City");
            EObject book = EcoreUtil.create(bookClass);
            book.eSet(bookClass.getEStructuralFeature("title"), "Dune");
            book.eSet(bookClass.getEStructuralFeature("pages"), 412);
            ((List<EObject>) city.eGet(libraryClass.getEStructuralFeature("books"))).add(book);
            s.add(city);
            s.commit("a dynamic model");
            bookId = s.idOf(book);
        }
        try (Session s = r.openSession()) {
            EObject book = s.get(bookId);
            assertEquals("Dune", book.eGet(bookClass.getEStructuralFeature("title")));
            assertEquals(412, book.eGet(bookClass.getEStructuralFeature("pages")));
            assertEquals("City", book.eContainer().eGet(libraryClass.getEStructuralFeature("name")));
        }

        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> admin.configureRepository(name("rel"), store, List.of(), List.of("library.ecore")));
        assertEquals("Model file 'library.ecore' is not an absolute path", relative.getMessage());
        Path missing = dir.resolve("missing.ecore");
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> admin.configureRepository(name("abs"), store, List.of(), List.of(missing.toString())));
        assertEquals("Model file '" + missing + "' does not exist", absent.getMessage());
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class,
                () -> admin.configureRepository(name("none"), store, List.of(), List.of()));
        assertEquals("Name the model: a registered package (its namespace URI) or an .ecore file", nothing.getMessage());

        admin.remove(repo);
        assertTrue(admin.awaitGone(repo, StrataAdmin.WAIT));
        // The service goes first, then the component deactivates and unregisters the model.
        Await.until("the model unregistered with its repository", () -> EPackage.Registry.INSTANCE.getEPackage(nsUri) == null);
    }

    @Test
    void mistakesAreRefusedNamingWhatAndWhere() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("nosuch", "x1", Map.of()));
        assertTrue(unknown.getMessage().startsWith("There is no store type 'nosuch'; installed: "), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("file") && unknown.getMessage().contains("jdbc"), unknown.getMessage());

        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("jdbc", "db1", Map.of("pool.size", "many")));
        assertEquals("Store 'db1' (jdbc): pool.size must be a whole number, not 'many'", number.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("jdbc", "db1", Map.of("pool.size", "0")));
        assertEquals("Store 'db1' (jdbc): pool.size must be at least 1, not 0", small.getMessage());
        IllegalArgumentException choice = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("file", "f1", Map.of("format", "yaml")));
        assertEquals("Store 'f1' (file): format is one of xmi, binary, json, not 'yaml'", choice.getMessage());
        IllegalArgumentException setting = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("file", "f1", Map.of("colour", "red")));
        assertEquals("Store 'f1' (file): there is no setting 'colour'; its settings are directory, format, durability,"
                + " compact.after.mb, history.keep", setting.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> admin.configureStore("file", "my store", Map.of()));
        assertTrue(badName.getMessage().contains("'my store'"), badName.getMessage());
        assertTrue(admin.storeConfiguration("db1").isEmpty() && admin.storeConfiguration("f1").isEmpty(),
                "nothing refused was configured");
    }

    @Test
    void aStoreThatCannotStartSaysWhy() throws Exception {
        String name = name("broken");
        Path notADirectory = Files.writeString(dir.resolve("a-file"), "x");
        admin.configureStore("file", name, Map.of("directory", notADirectory.toString()));
        StoreStatus status = admin.awaitStore(name, StrataAdmin.WAIT);
        assertEquals(StoreStatus.State.FAILED, status.state());
        assertFalse(status.detail().isBlank());
        assertFalse(status.detail().contains("\tat "), "the reason, not a stack trace: " + status.detail());
    }

    @Test
    void theFileStoreOffersXmiImport() throws Exception {
        StoreImporter xmi = admin.importers().stream().filter(i -> i.format().equals("XMI")).findFirst().orElseThrow();
        assertEquals("file", xmi.storeType());
        assertEquals(List.of("xmi"), xmi.extensions());

        Path file = dir.resolve("tool.xmi");
        var resources = new ResourceSetImpl();
        resources.getResourceFactoryRegistry().getExtensionToFactoryMap().put("xmi", new XMIResourceFactoryImpl());
        Resource resource = resources.createResource(URI.createFileURI(file.toString()));
        Project p = TasksFactory.eINSTANCE.createProject();
        p.setName("FromATool");
        resource.getContents().add(p);
        resource.save(null);

        String name = name("imported");
        Map<String, String> settings = Map.of("directory", dir.resolve("store").toString());
        assertNotNull(xmi.importFile(file, name, settings, Progress.NONE));
        assertTrue(xmi.problem(name, settings).contains("is not empty"), "a second import into the same directory is refused");
        var imported = xmi.importFile(file, name + "b", Map.of("directory", dir.resolve("store2").toString()), Progress.NONE);
        assertEquals(1, imported.roots());
        assertEquals(List.of(TasksPackage.eNS_URI), imported.packages());
        assertEquals(dir.resolve("store2").toString(), imported.settings().get("directory"));

        configured.add(name + "b");
        admin.configureStore(xmi.storeType(), name + "b", imported.settings());
        assertTrue(admin.awaitStore(name + "b", StrataAdmin.WAIT).running());
        assertEquals(1, admin.store(name + "b").orElseThrow().roots().size());
    }

    /**
     * Stores that wrap stores are placed by what their {@code .target} filters select: a read-only
     * view over a cache over a file store is one stack, a store two caches wrap is under both, and
     * a wrapper that waits for its layer is placed by its configuration.
     */
    @Test
    void storesThatWrapStoresAreStacks() {
        String files = name("base");
        String cache = name("cache");
        String readonly = name("view");
        String second = name("cache2");
        admin.configureStore("file", files, Map.of("directory", dir.resolve("b").toString()));
        admin.configureStore("cache", cache, Map.of("store.target", StrataConfig.storeTarget(files)));
        admin.configureStore("readonly", readonly, Map.of("store.target", StrataConfig.storeTarget(cache)));
        admin.configureStore("cache", second, Map.of("store.target", "(&(strata.store.type=file)"
                + StrataConfig.storeTarget(files) + ")"));
        for (String s : List.of(files, cache, readonly, second)) {
            assertTrue(admin.awaitStore(s, StrataAdmin.WAIT).running(), s);
        }
        StoreStack base = new StoreStack(files, List.of());
        assertEquals(new StoreStack(readonly, List.of(new StoreStack(cache, List.of(base)))), top(readonly));
        assertEquals(new StoreStack(second, List.of(base)), top(second), "a store two stores wrap is under both");
        assertNull(top(cache), "a wrapped store is not at the top");
        assertNull(top(files), "a wrapped store is not at the top");

        assertTrue(admin.removeStore(cache));
        assertTrue(admin.awaitGone(cache, StrataAdmin.WAIT));
        assertEquals(new StoreStack(readonly, List.of()), top(readonly), "its filter selects nothing now");
        assertTrue(admin.removeStore(second));
        assertTrue(admin.awaitGone(second, StrataAdmin.WAIT));
        assertEquals(base, top(files), "a store nothing wraps is at the top again");

        // Neither runs: the cache waits for a store that does not exist, the view for the cache.
        String pending = name("pending");
        String view = name("view2");
        admin.configureStore("cache", pending, Map.of("store.target", StrataConfig.storeTarget("nosuch-" + pending)));
        admin.configureStore("readonly", view, Map.of("store.target", StrataConfig.storeTarget(pending)));
        Await.until(pending + " waiting", () -> admin.storeStatus(pending).state() == StoreStatus.State.WAITING);
        assertTrue(admin.store(view).isEmpty(), "the view does not run either");
        assertEquals(new StoreStack(view, List.of(new StoreStack(pending, List.of()))), top(view));
    }

    /** The stack at the top of {@link StrataAdmin#storeStacks()} headed by this store, or null. */
    private StoreStack top(String name) {
        return admin.storeStacks().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }
}
