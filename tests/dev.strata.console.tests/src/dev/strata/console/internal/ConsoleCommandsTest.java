package dev.strata.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.eclipse.equinox.app.IApplicationContext;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataConfig;
import dev.strata.core.contract.Await;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.TasksPackage;

/** Every console command driven through Gogo's command processor, and scripts end to end. */
class ConsoleCommandsTest {

    private final List<Configuration> configurations = new ArrayList<>();
    private BundleContext context;
    private CommandSession session;
    private String repo;

    private <T> T await(Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")"), null);
        tracker.open();
        T service = tracker.waitForService(10_000);
        assertNotNull(service, "no " + type.getSimpleName() + " " + filter + " within 10 s");
        return service;
    }

    private Configuration configure(String pid, Object... keyValues) throws Exception {
        Configuration c = await(ConfigurationAdmin.class, null).getFactoryConfiguration(pid, "t" + UUID.randomUUID(), "?");
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        c.update(props);
        configurations.add(c);
        return c;
    }

    @BeforeEach
    void setUp() throws Exception {
        context = FrameworkUtil.getBundle(ConsoleCommandsTest.class).getBundleContext();
        repo = "console" + Math.abs(System.nanoTime() % 100000);
        configure(StrataConfig.REPOSITORY_PID, "strata.repository", repo, "packages",
                new String[] { TasksPackage.eNS_URI }, "store.target", "(strata.store=memory)");
        await(Repository.class, "(strata.repository=" + repo + ")");
        session = await(CommandProcessor.class, null).createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        run("strata:use " + repo);
    }

    @AfterEach
    void tearDown() throws Exception {
        run("strata:rollback");
        session.close();
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    /** Runs one command line and returns what Gogo would print. */
    private String run(String line) throws Exception {
        Object result = session.execute(line);
        return result == null ? "" : String.valueOf(session.format(result, Converter.INSPECT));
    }

    private int runScript(Path file, PrintStream out, PrintStream err) throws Exception {
        StrataCommands commands = await(StrataCommands.class, null);
        return HeadlessApplication.run(session, commands,
                HeadlessApplication.parse(new String[] { "-script", file.toString() }), out, err);
    }

    private String fails(String line) {
        Exception e = assertThrows(Exception.class, () -> run(line), line);
        String message = e.getMessage();
        assertFalse(message.contains("\n\tat "), "no stack trace: " + message);
        return message;
    }

    private String idOf(String listing) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}").matcher(listing);
        assertTrue(m.find(), listing);
        return m.group();
    }

    @Test
    void storesAndRepositoriesAreConfiguredFromTheConsole() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-jdbc");
        String store = "h2" + Math.abs(System.nanoTime() % 100000);
        String repository = store + "repo";
        try {
            String made = run("strata:mkstore jdbc " + store + " url=jdbc:h2:file:" + dir.resolve("db") + " pool.size=2");
            assertTrue(made.contains("ready"), made);
            assertTrue(run("strata:stores").contains(store), "listed");
            assertTrue(fails("strata:mkstore jdbc " + store).contains("exists already"));
            assertTrue(fails("strata:mkstore jdbc bad-settings url").contains("not key=value"));
            String alone = run("strata:mkrepo " + repository + " " + store + " " + TasksPackage.eNS_URI);
            assertTrue(alone.contains("ready") && !alone.contains("shares"), alone);
            // A second repository on the same store works, and is told it shares the store's objects.
            String second = run("strata:mkrepo " + repository + "b " + store + " " + TasksPackage.eNS_URI);
            assertTrue(second.contains("ready") && second.contains("shares the store's objects with repository "
                    + repository), second);
            run("strata:unconfigure " + repository + "b");
            run("strata:use " + repository);
            run("strata:create Project name=InH2");
            run("strata:createin Project:InH2 tasks Task title=Stored status=DONE");
            assertTrue(run("strata:commit into h2").contains("Committed 2 object(s)"));
            assertTrue(run("strata:query Task status=DONE").contains("Stored"));
            assertTrue(Files.exists(dir.resolve("db.mv.db")), "the H2 file is where the url says");
            String unknown = fails("strata:mkstore nosuchtype x1");
            assertTrue(unknown.contains("no store type 'nosuchtype'") && unknown.contains("jdbc"), unknown);
        } finally {
            run("strata:use " + repo);
            try {
                run("strata:unconfigure " + repository);
            } catch (Exception e) {
                // not made
            }
            try {
                run("strata:unconfigure " + store);
            } catch (Exception e) {
                // not made
            }
        }
        assertFalse(run("strata:stores").contains(store), "unconfigured stores go away");
        assertTrue(fails("strata:unconfigure " + store).contains("No store or repository"));
    }

    /**
     * A file store another process has open (here: held open by the test) cannot start: mkrepo on
     * it and use of a repository configured on it say so, naming the store and the holder, instead
     * of SCR's "unable to get service for reference store" or "no repository".
     */
    @Test
    void aRepositoryWhoseStoreIsHeldElsewhereSaysWhyItDoesNotStart() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-held");
        String store = "held" + Math.abs(System.nanoTime() % 100000);
        dev.strata.core.admin.StrataAdmin admin = await(dev.strata.core.admin.StrataAdmin.class, null);
        try (var holder = dev.strata.store.file.FileStores.open("holder",
                dev.strata.store.file.FileStoreOptions.defaults(dir))) {
            admin.configureStore("file", store, java.util.Map.of("directory", dir.toString()));
            assertEquals(dev.strata.core.admin.StoreStatus.State.FAILED,
                    admin.awaitStore(store, java.time.Duration.ofSeconds(10)).state());
            String made = fails("strata:mkrepo " + store + "repo " + store + " " + TasksPackage.eNS_URI);
            assertTrue(made.contains("store '" + store + "' did not start") && made.contains("in use by another writer (pid "),
                    made);
            assertFalse(admin.repositoryExists(store + "repo"), "the refused repository is not left configured");

            // Another store down does not take the blame.
            Path other = Files.createTempDirectory("strata-console-held-other");
            try (var otherHolder = dev.strata.store.file.FileStores.open("other",
                    dev.strata.store.file.FileStoreOptions.defaults(other))) {
                admin.configureStore("file", store + "other", java.util.Map.of("directory", other.toString()));
                admin.awaitStore(store + "other", java.time.Duration.ofSeconds(10));
                admin.configureRepository(store + "used", store, List.of(TasksPackage.eNS_URI));
                String used = fails("strata:use " + store + "used");
                assertTrue(used.startsWith("Repository '" + store + "used' is configured but not running: its store '"
                        + store + "' did not start: ") && used.contains("in use by another writer"), used);
                assertFalse(used.contains(store + "other"), used);
            } finally {
                admin.remove(store + "other");
            }
            assertTrue(fails("strata:use nosuchrepository").startsWith("No repository 'nosuchrepository' (one of "));
        } finally {
            admin.remove(store + "used");
            admin.remove(store);
            admin.awaitGone(store, java.time.Duration.ofSeconds(10));
        }
    }

    /** A file store whose snapshot is not in the format chosen says so, and why, in the store listing. */
    @Test
    void theStoreListingSaysWhenASnapshotIsNotInTheFormatChosen() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-format");
        String store = "fmt" + Math.abs(System.nanoTime() % 100000);
        var binary = dev.strata.store.file.FileStoreOptions.defaults(dir)
                .withFormat(dev.strata.store.file.FileStoreOptions.Format.BINARY);
        try (var files = dev.strata.store.file.FileStores.open(store, binary)) {
            files.initModelVersion(TasksPackage.eNS_URI, 1); // something to compact
            files.compact();
        }
        try {
            assertTrue(run("strata:mkstore file " + store + " directory=" + dir + " format=xmi").contains("ready"));
            String listing = run("strata:stores");
            String line = listing.lines().filter(l -> l.startsWith(store + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("the store is not listed: " + listing));
            assertTrue(line.endsWith(" — snapshot 1 is binary, not xmi (written before xmi was chosen, or by an earlier"
                    + " version; the next compaction after a commit writes xmi if every value fits)"), line);
        } finally {
            backToTheTestRepository(store);
        }
    }

    /** A model nobody wrote code for: mkrepo takes its .ecore file; objects of it are made, committed, queried. */
    @Test
    void aRepositoryOfAnEcoreFileFromTheConsole() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-ecore");
        String nsUri = "http://example.org/strata/console-library/" + System.nanoTime();
        Path ecore = dev.strata.core.contract.DynamicModels.writeLibrary(dir.resolve("library.ecore"), nsUri);
        String store = "lib" + Math.abs(System.nanoTime() % 100000);
        String repository = store + "repo";
        try {
            assertTrue(run("strata:mkstore file " + store + " directory=" + dir.resolve("data")).contains("ready"));
            assertTrue(run("strata:mkrepo " + repository + " " + store + " " + ecore).contains("ready"));
            run("strata:use " + repository);
            String library = idOf(run("strata:create Library name=City"));
            run("strata:createin " + library + " books Book title=Dune pages=412");
            assertTrue(run("strata:commit a dynamic model").contains("Committed 2 object(s)"));
            String found = run("strata:query Book");
            assertTrue(found.contains("Dune"), found);
            String noIndex = fails("strata:count Book");
            assertTrue(noIndex.contains("no index is declared on Book"), noIndex);
            String missing = fails("strata:mkrepo other " + store + " " + dir.resolve("missing.ecore"));
            assertTrue(missing.contains("missing.ecore' does not exist"), missing);
        } finally {
            backToTheTestRepository(repository, store);
        }
    }

    /**
     * A model in two .ecore files, one naming the other by the plug-in location of the tool that
     * wrote them (as UML.ecore names Types.ecore): given both, mkrepo reads them as one model; given
     * one, it says at once which reference leads nowhere.
     * A model file of another tool's extension is imported when it is XMI.
     */
    @Test
    void ecoreFilesNamingEachOtherByPluginLocationAndAnXmiFileOfAnyExtension() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-twofiles");
        long n = System.nanoTime();
        String unitsUri = "http://example.org/strata/console-units/" + n;
        String shopUri = "http://example.org/strata/console-shop/" + n;
        Path units = Files.writeString(dir.resolve("units.ecore"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="units" nsURI="%s" nsPrefix="units">
                  <eClassifiers xsi:type="ecore:EDataType" name="Money" instanceClassName="java.math.BigDecimal"/>
                </ecore:EPackage>
                """.formatted(unitsUri));
        Path shop = Files.writeString(dir.resolve("shop.ecore"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="shop" nsURI="%s" nsPrefix="shop">
                  <eClassifiers xsi:type="ecore:EClass" name="Item">
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="label"
                        eType="ecore:EDataType http://www.eclipse.org/emf/2002/Ecore#//EString"/>
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="price"
                        eType="ecore:EDataType platform:/plugin/acme.units/model/units.ecore#//Money"/>
                  </eClassifiers>
                </ecore:EPackage>
                """.formatted(shopUri));
        String store = "shop" + Math.abs(n % 100000);
        String repository = store + "repo";
        try {
            assertTrue(run("strata:mkstore file " + store + " directory=" + dir.resolve("data")).contains("ready"));
            String alone = fails("strata:mkrepo " + repository + " " + store + " " + shop);
            assertTrue(alone.contains("refers to platform:/plugin/acme.units/model/units.ecore#//Money, which cannot be read")
                    && alone.contains("(units.ecore)"), alone);
            assertTrue(run("strata:mkrepo " + repository + " " + store + " " + shop + " " + units).contains("ready"));
            EClass item = (EClass) EPackage.Registry.INSTANCE.getEPackage(shopUri).getEClassifier("Item");
            assertSame(EPackage.Registry.INSTANCE.getEPackage(unitsUri).getEClassifier("Money"),
                    item.getEStructuralFeature("price").getEType(), "the given units.ecore's data type");
            run("strata:use " + repository);
            run("strata:create Item label=Lamp price=12.50");
            assertTrue(run("strata:commit").contains("Committed 1 object(s)"));
            Path xmi = dir.resolve("cart.xmi");
            assertTrue(run("strata:export " + xmi).contains("Exported 1 object(s)"));
            Path other = Files.copy(xmi, dir.resolve("cart.shop"));
            assertTrue(run("strata:import " + other).contains("Imported 1 root object(s)"));
            String shown = run("strata:status");
            assertTrue(shown.contains("NEW"), shown);
            run("strata:rollback");
            Path notes = Files.writeString(dir.resolve("notes.shop"), "price: 12.50\n");
            String refused = fails("strata:import " + notes);
            assertTrue(refused.contains("Cannot tell the format of notes.shop") && refused.contains("an XMI document"), refused);
        } finally {
            backToTheTestRepository(repository, store);
        }
    }

    /**
     * Gogo's shell looks in scope gogo first (its profile sets SCOPE so): there {@code set} is Gogo's
     * own and quietly does something else. With Strata first, as the product has it, it is Strata's.
     * (The test runtime does not start Gogo's shell: a stand-in {@code gogo:set} takes its place.)
     */
    @Test
    void withStrataFirstAPlainSetIsStratas() throws Exception {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.command.scope", "gogo");
        props.put("osgi.command.function", "set");
        org.osgi.framework.ServiceRegistration<?> gogoSet = FrameworkUtil.getBundle(getClass()).getBundleContext()
                .registerService(Object.class, new GogoSet(), props);
        try {
            String project = idOf(run("strata:create Project name=Scoped"));
            session.put("SCOPE", "gogo:*");
            // Without Strata first, a plain set is the stand-in's (once Gogo has seen it).
            Await.result("the stand-in gogo:set to answer a plain set", () -> {
                String answer = run("set " + project + " description first");
                return answer.equals("gogo's own set") ? answer : null;
            });
            StrataFirst.first(session);
            assertEquals("strata:gogo:*", session.get("SCOPE"));
            StrataFirst.first(session);
            assertEquals("strata:gogo:*", session.get("SCOPE"), "once");
            String set = run("set " + project + " description first");
            assertTrue(set.contains("description = first"), set);
        } finally {
            gogoSet.unregister();
            run("strata:rollback");
        }
    }

    /** Stands in for Gogo's own set. */
    public static final class GogoSet {
        public String set(String... args) {
            return "gogo's own set";
        }
    }

    /** Uses the test's own repository again and removes the configurations a test made (those it made). */
    private void backToTheTestRepository(String... configured) throws Exception {
        run("strata:use " + repo);
        for (String name : configured) {
            try {
                run("strata:unconfigure " + name);
            } catch (Exception e) {
                // not made
            }
        }
    }

    /** A dynamic model's enum (EEnumLiterals are EObjects) is set and shown by its literal. */
    @Test
    void aDynamicEnumValueIsSetAndShownByItsLiteral() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-enum");
        String nsUri = "http://example.org/strata/console-shelf/" + System.nanoTime();
        Path ecore = Files.writeString(dir.resolve("shelf.ecore"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="shelf" nsURI="%s" nsPrefix="shelf">
                  <eClassifiers xsi:type="ecore:EEnum" name="Genre">
                    <eLiterals name="Mystery"/>
                    <eLiterals name="Poetry" value="1"/>
                  </eClassifiers>
                  <eClassifiers xsi:type="ecore:EClass" name="Volume">
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="title"
                        eType="ecore:EDataType http://www.eclipse.org/emf/2002/Ecore#//EString"/>
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="genre" eType="#//Genre"/>
                  </eClassifiers>
                </ecore:EPackage>
                """.formatted(nsUri));
        String store = "shelf" + Math.abs(System.nanoTime() % 100000);
        String repository = store + "repo";
        try {
            assertTrue(run("strata:mkstore file " + store + " directory=" + dir.resolve("data")).contains("ready"));
            assertTrue(run("strata:mkrepo " + repository + " " + store + " " + ecore).contains("ready"));
            run("strata:use " + repository);
            String volume = idOf(run("strata:create Volume title=Odes"));
            String set = run("strata:set " + volume + " genre Poetry");
            assertTrue(set.contains("genre = Poetry (NEW)"), set);
            assertTrue(run("strata:show " + volume).contains("Poetry"), run("strata:show " + volume));
        } finally {
            run("strata:rollback");
            backToTheTestRepository(repository, store);
        }
    }

    /** strata:at turns the console's session into one of the past until strata:use goes back to now. */
    @Test
    void atReadsTheRepositoryAsItWasAtAPastCommitAndRefusesEdits() throws Exception {
        run("strata:create Project name=Then description=before");
        run("strata:commit first");
        String first = run("strata:log 1").lines().filter(l -> l.startsWith("#")).findFirst().orElseThrow();
        String sequence = first.substring(1, first.indexOf(' '));
        run("strata:set Project:Then description after");
        run("strata:create Project name=Later");
        run("strata:commit second");

        String used = run("strata:at " + repo + " " + sequence);
        assertTrue(used.contains("as of commit " + sequence) && used.contains("read-only"), used);
        assertTrue(run("strata:show Project:Then").contains("before"), "the description as of the first commit");
        assertTrue(fails("strata:show Project:Later").contains("No Project with name 'Later'"), "not made yet then");
        String refused = fails("strata:create Project name=Refused");
        assertTrue(refused.contains("read-only") && refused.contains("as of commit " + sequence), refused);
        run("strata:rollback");
        assertTrue(run("strata:show Project:Then").contains("before"), "a rollback stays in the past");
        assertTrue(fails("strata:at " + repo + " yesterday").contains("no point in history"));
        assertTrue(fails("strata:at " + repo + " 999999999").contains("has not happened yet"));

        run("strata:use " + repo);
        assertTrue(run("strata:show Project:Then").contains("after"), "strata:use goes back to now");
        assertTrue(run("strata:show Project:Later").contains("Later"));
    }

    /** The log shows the newest commits, oldest first, each with its local time and its author. */
    @Test
    void theLogShowsTimeAndAuthorOfTheNewestCommits() throws Exception {
        java.time.LocalDateTime before = java.time.LocalDateTime.now().withNano(0);
        run("strata:create Project name=Logged1");
        run("strata:commit first of two");
        run("strata:create Project name=Logged2");
        run("strata:commit second of two");
        java.time.LocalDateTime after = java.time.LocalDateTime.now();
        List<String> lines = run("strata:log 2").lines().filter(l -> l.startsWith("#")).toList();
        assertEquals(2, lines.size(), "two commits: " + lines);
        assertTrue(lines.get(0).contains("\"first of two\"") && lines.get(1).contains("\"second of two\""),
                "oldest first: " + lines);
        java.util.regex.Pattern time = java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})  (\\S+)");
        for (String line : lines) {
            java.util.regex.Matcher m = time.matcher(line);
            assertTrue(m.find(), "a local time in: " + line);
            java.time.LocalDateTime at = java.time.LocalDateTime.parse(m.group(1).replace(' ', 'T'));
            assertFalse(at.isBefore(before) || at.isAfter(after), at + " between " + before + " and " + after);
            assertEquals(System.getProperty("user.name"), m.group(2), "the author in: " + line);
        }
    }

    @Test
    void createQueryShowCountAndCommit() throws Exception {
        assertTrue(run("strata:stores").contains("memory"));
        assertTrue(run("strata:repos").contains("* " + repo));
        assertTrue(run("strata:create Project name=Alpha description=demo").contains("NEW"));
        run("strata:createin Project:Alpha tasks Task title=First priority=2 status=IN_PROGRESS created=2026-01-02");
        run("strata:createin Project:Alpha tasks Task title=Second status=OPEN");
        String status = run("strata:status");
        assertTrue(status.contains("NEW") && status.contains("Task 'First'"), status);
        String diff = run("strata:diff");
        assertTrue(diff.contains("+ Project") && diff.contains("title=First"), diff);
        assertTrue(run("strata:commit first import").contains("Committed 3 object(s)"));
        assertTrue(run("strata:status").contains("No pending changes"));

        String open = run("strata:query Task status=IN_PROGRESS");
        assertTrue(open.contains("Task 'First'") && open.contains("1 object(s)"), open);
        String ordered = run("strata:query Task order=-created limit=1");
        assertTrue(ordered.contains("Task 'First'"), ordered);
        String counts = run("strata:count Task status");
        assertTrue(counts.contains("IN_PROGRESS") && counts.contains("OPEN"), counts);
        String noFeature = fails("strata:count Task"); // not Gogo's "Cannot coerce count(Token)…"
        assertTrue(noFeature.startsWith("count needs a feature to count Task objects by: count Task <feature>, where"
                + " <feature> is indexed: ") && noFeature.contains("status"), noFeature);
        String shown = run("strata:show Project:Alpha");
        assertTrue(shown.contains("CLEAN") && shown.contains("description") && shown.contains("demo"), shown);
        assertTrue(run("strata:ls").contains("Project 'Alpha'"));
        String log = run("strata:log 5");
        assertTrue(log.contains("+3 ~0 -0") && log.contains("\"first import\""), log);
        assertTrue(run("strata:reindex Task status").contains("equality index on Task.status"));
        assertTrue(run("strata:query Task status=IN_PROGRESS").contains("Task 'First'"), "the rebuilt index answers");
        assertTrue(fails("strata:reindex Task title").contains("No index is declared on Task.title"));
        String tasks = run("strata:ls Task");
        assertTrue(tasks.contains("Task 'First'") && tasks.contains("Task 'Second'"), tasks);
    }

    /** Command lines as Gogo parses them: > and < unquoted are redirections, so ranges use '..'. */
    @Test
    void rangesAreWrittenWithDotsBecauseTheShellRedirectsGreaterAndLess() throws Exception {
        // A store of its own: the shared memory store holds other tests' tasks.
        Path data = Files.createTempDirectory("strata-console-ranges");
        String store = "ranges" + Math.abs(System.nanoTime() % 100000);
        String repository = store + "repo";
        try {
            assertTrue(run("strata:mkstore file " + store + " directory=" + data).contains("ready"));
            assertTrue(run("strata:mkrepo " + repository + " " + store + " " + TasksPackage.eNS_URI).contains("ready"));
            run("strata:use " + repository);
            queryRanges();
        } finally {
            run("strata:rollback");
            run("strata:use " + repo);
            run("strata:unconfigure " + repository);
            run("strata:unconfigure " + store);
        }
    }

    private void queryRanges() throws Exception {
        run("strata:create Project name=Ranges");
        String first = run("strata:createin Project:Ranges tasks Task title=First created=2026-01-02");
        run("strata:createin Project:Ranges tasks Task title=Second created=2026-02-10");
        run("strata:createin Project:Ranges tasks Task title=Third created=2026-03-01");
        run("strata:commit");

        String from = run("strata:query Task created=2026-02-01..");
        assertTrue(from.contains("Task 'Second'") && from.contains("Task 'Third'") && from.contains("2 object(s)"), from);
        String before = run("strata:query Task created=..2026-02-01");
        assertTrue(before.contains("Task 'First'") && before.contains("1 object(s)"), before);
        String between = run("strata:query Task created=2026-01-01..2026-03-01 order=-created");
        assertTrue(between.contains("2 object(s)") && between.indexOf("Task 'Second'") < between.indexOf("Task 'First'"),
                "the upper bound excluded, newest first: " + between);
        assertTrue(run("strata:query Task 'created>=2026-02-01'").contains("2 object(s)"), "the old form, quoted");
        assertTrue(run("strata:query Task \"created<2026-02-01\"").contains("1 object(s)"), "the old form, quoted");

        Path dir = Files.createTempDirectory("strata-console-redirect");
        session.currentDir(dir);
        String redirected = fails("strata:query Task created>=2026-01-01");
        assertTrue(redirected.contains("'created' has no operator") && redirected.contains("redirection")
                && redirected.contains("created=from..") && redirected.contains("created=..to"), redirected);
        assertTrue(Files.exists(dir.resolve("=")), "Gogo really redirected: it made a file named '='");
        String noBound = fails("strata:query Task created=..");
        assertTrue(noBound.contains("no bound"), noBound);
        String badBound = fails("strata:query Task created=2026-01-01..soon");
        assertTrue(badBound.contains("'soon'") && badBound.contains("date"), badBound);

        // Pending work counts: a new task is found before its commit, a changed one by its new value.
        run("strata:createin Project:Ranges tasks Task title=Fourth created=2026-04-01");
        run("strata:set " + idOf(first) + " created 2025-12-01");
        String pending = run("strata:query Task created=2026-01-01..");
        assertTrue(pending.contains("Task 'Fourth'") && !pending.contains("Task 'First'")
                && pending.contains("3 object(s)"), pending);
        String earlier = run("strata:query Task created=..2026-01-01");
        assertTrue(earlier.contains("Task 'First'") && earlier.contains("1 object(s)"), earlier);
        run("strata:createin Project:Ranges tags Tag slug=dots type=a..b");
        String exact = run("strata:query Tag type==a..b");
        assertTrue(exact.contains("Tag 'dots'") && exact.contains("1 object(s)"),
                "== takes '..' as part of the value: " + exact);
        run("strata:rollback");
        assertTrue(run("strata:query Task created=2026-01-01..").contains("3 object(s)"), "the store's answer again");
    }

    @Test
    void setAddRemoveMoveDeleteSavepointsAndRollback() throws Exception {
        run("strata:create Project name=Beta");
        run("strata:createin Project:Beta tags Tag slug=urgent type=priority");
        String first = run("strata:createin Project:Beta tasks Task title=One");
        run("strata:createin Project:Beta tasks Task title=Two");
        run("strata:commit");
        String task = idOf(first);

        assertTrue(run("strata:set " + task + " title Uno").contains("DIRTY"));
        assertTrue(run("strata:show " + task).contains("(stored: One)"));
        assertTrue(run("strata:add " + task + " tags Tag:urgent").contains("Tag 'urgent'"));
        String added = run("strata:show " + task);
        assertTrue(added.contains("(since stored: +[0] Tag 'urgent'") && added.contains("(stored: One)"), added);
        run("strata:savepoint before-move");
        run("strata:move Project:Beta tasks 0 1");
        run("strata:remove " + task + " tags Tag:urgent");
        run("strata:rollbackto before-move");
        String afterSavepoint = run("strata:show " + task);
        assertTrue(afterSavepoint.contains("Tag 'urgent'") && afterSavepoint.contains("Uno"), afterSavepoint);
        run("strata:delete " + task);
        assertTrue(run("strata:status").contains("DELETED"));
        assertTrue(run("strata:rollback").contains("Rolled back"));
        String back = run("strata:show " + task);
        assertTrue(back.contains("One") && back.contains("CLEAN") && back.contains("tags           = []"), back);
    }

    @Test
    void diffShowsChangedValuesAndListStepsOfThePendingWork() throws Exception {
        run("strata:create Project name=Diffed");
        String first = run("strata:createin Project:Diffed tasks Task title=One");
        String second = run("strata:createin Project:Diffed tasks Task title=Two");
        run("strata:commit");
        run("strata:set " + idOf(first) + " title Uno");
        run("strata:move Project:Diffed tasks 0 1");
        String diff = run("strata:diff");
        assertTrue(diff.contains("~ Task " + idOf(first)) && diff.contains("title: One -> Uno"), diff);
        assertTrue(diff.contains("~ Project") && diff.contains("tasks: [1] -> [0] " + idOf(second)), diff);
        run("strata:rollback");
        assertTrue(run("strata:diff").contains("No pending changes"));
    }

    @Test
    void aCommitMeetingANewerChangeMergesAndMergeDecidesWhatConflicts() throws Exception {
        run("strata:create Project name=Merged");
        String one = idOf(run("strata:createin Project:Merged tasks Task title=One priority=1"));
        String two = idOf(run("strata:createin Project:Merged tasks Task title=Two"));
        run("strata:commit");
        run("strata:set " + one + " title Mine");
        run("strata:set " + two + " title Two-mine");
        Repository repository = await(Repository.class, "(strata.repository=" + repo + ")");
        try (Session other = repository.openSession()) {
            EObject theirs = other.get(ObjectId.parse(one));
            theirs.eSet(theirs.eClass().getEStructuralFeature("title"), "Theirs");
            theirs.eSet(theirs.eClass().getEStructuralFeature("priority"), 5);
            EObject theirTwo = other.get(ObjectId.parse(two));
            theirTwo.eSet(theirTwo.eClass().getEStructuralFeature("priority"), 3);
            other.commit("the other side");
        }

        String refused = fails("strata:commit mine");
        assertTrue(refused.contains("1 change(s) conflict") && refused.contains("title: base 'One', theirs 'Theirs',"
                + " mine 'Mine'") && refused.contains("strata:merge <n> theirs | mine | value"), refused);
        assertTrue(run("strata:merge").contains("1  Task 'Mine' title"), run("strata:merge"));
        assertTrue(fails("strata:merge 2 mine").contains("the open ones are 1..1"));
        assertTrue(fails("strata:merge 1 perhaps").contains("theirs, mine or value"));
        assertTrue(run("strata:merge 1 value Both sides").contains("no conflict left"));
        assertTrue(run("strata:commit mine").startsWith("Committed"));

        Record stored = repository.store().load(ObjectId.parse(one)).orElseThrow();
        assertEquals("Both sides", stored.value("title"));
        assertEquals(5, stored.value("priority"), "their change of another feature is kept");
        Record storedTwo = repository.store().load(ObjectId.parse(two)).orElseThrow();
        assertEquals("Two-mine", storedTwo.value("title"), "merged by itself");
        assertEquals(3, storedTwo.value("priority"));
        assertTrue(run("strata:merge").contains("No open conflicts"));
    }

    @Test
    void lockKeepsOtherSessionsOffUntilCommit() throws Exception {
        run("strata:create Project name=Locked");
        String task = idOf(run("strata:createin Project:Locked tasks Task title=Guarded"));
        run("strata:commit");
        assertTrue(run("strata:lock " + task).contains("write-locked"), run("strata:locks"));
        String locks = run("strata:locks");
        assertTrue(locks.contains("WRITE") && locks.contains("Task 'Guarded'") && locks.contains("(this console)"), locks);
        Repository repository = await(Repository.class, "(strata.repository=" + repo + ")");
        try (Session other = repository.openSession()) {
            EObject t = other.get(ObjectId.parse(task));
            t.eSet(t.eClass().getEStructuralFeature("title"), "Taken");
            Exception refused = assertThrows(dev.strata.core.LockedException.class, other::commit);
            assertTrue(refused.getMessage().contains("write-locked"), refused.getMessage());
        }
        run("strata:set " + task + " title Kept");
        run("strata:commit");
        assertTrue(run("strata:locks").contains("No locks"), "the commit let the lock go");
        assertTrue(fails("strata:lock " + task + " sideways").contains("read or write"));
    }

    @Test
    void revertUndoesALoggedCommitAsPendingWork() throws Exception {
        run("strata:create Project name=Reverted");
        String task = idOf(run("strata:createin Project:Reverted tasks Task title=Before"));
        run("strata:commit");
        run("strata:set " + task + " title After");
        run("strata:commit retitle");
        Repository repository = await(Repository.class, "(strata.repository=" + repo + ")");
        long retitle = repository.store().recentLog(1).get(0).sequence();

        String out = run("strata:revert " + retitle);
        assertTrue(out.contains("Commit " + retitle + " is undone"), out);
        assertTrue(run("strata:diff").contains("title: After -> Before"), run("strata:diff"));
        run("strata:commit revert the retitle");
        assertEquals("Before", repository.store().load(ObjectId.parse(task)).orElseThrow().value("title"));
        assertTrue(fails("strata:revert soon").contains("sequence number"));
        assertTrue(fails("strata:revert 3..x").contains("range n..m"));
        assertTrue(fails("strata:revert 99999").contains("no commit 99999"));
    }

    @Test
    void revertTakesARangeOfCommits() throws Exception {
        run("strata:create Project name=Ranged");
        String task = idOf(run("strata:createin Project:Ranged tasks Task title=One"));
        run("strata:commit");
        Repository repository = await(Repository.class, "(strata.repository=" + repo + ")");
        run("strata:set " + task + " title Two");
        run("strata:commit");
        long first = repository.store().recentLog(1).get(0).sequence();
        run("strata:set " + task + " title Three");
        run("strata:commit");

        String out = run("strata:revert " + first + ".." + (first + 1));
        assertTrue(out.contains("Commits " + first + " to " + (first + 1) + " are undone"), out);
        run("strata:commit revert both");
        assertEquals("One", repository.store().load(ObjectId.parse(task)).orElseThrow().value("title"));
    }

    @Test
    void badInputIsOneLineSayingWhatAndChangesNothing() throws Exception {
        run("strata:create Project name=Gamma");
        run("strata:commit");
        String noFeature = fails("strata:set Project:Gamma colour red");
        assertTrue(noFeature.contains("Project has no feature 'colour'"), noFeature);
        String task = idOf(run("strata:createin Project:Gamma tasks Task title=T"));
        run("strata:commit");
        String badNumber = fails("strata:set " + task + " priority high");
        assertTrue(badNumber.contains("'high'") && badNumber.contains("Task.priority"), badNumber);
        String badEnum = fails("strata:create Task title=x status=SOMEDAY");
        assertTrue(badEnum.contains("SOMEDAY") && badEnum.contains("IN_PROGRESS"), badEnum);
        String badDate = fails("strata:createin Project:Gamma tasks Task title=y created=yesterday");
        assertTrue(badDate.contains("created") && badDate.contains("date"), badDate);
        String badRef = fails("strata:show Project:Nobody");
        assertTrue(badRef.contains("No Project with name 'Nobody'"), badRef);
        String badClass = fails("strata:create Widget");
        assertTrue(badClass.contains("Unknown class 'Widget'") && badClass.contains("Task"), badClass);
        String noIndex = fails("strata:query Task title=T");
        assertTrue(noIndex.contains("declare") && noIndex.contains("Task.title"), noIndex);
        assertTrue(run("strata:status").contains("No pending changes"), "failed commands changed nothing");
    }

    @Test
    void validateAndExportImport() throws Exception {
        run("strata:create Project name=Delta");
        run("strata:createin Project:Delta tasks Task title=Exported");
        assertTrue(run("strata:validate").contains("2 object(s) checked, 0 problem(s)"));
        run("strata:commit");
        Path dir = Files.createTempDirectory("strata-console-export");
        for (String ext : List.of("xmi", "json")) {
            Path file = dir.resolve("export." + ext);
            assertTrue(run("strata:export " + file).contains("Exported 2 object(s)"));
            assertTrue(Files.size(file) > 0);
            assertTrue(run("strata:import " + file).contains("Imported 1 root object(s)"));
            assertTrue(run("strata:status").contains("NEW"));
            run("strata:rollback");
        }
        assertTrue(fails("strata:export " + dir.resolve("export.txt")).contains(".xmi or .json"));
    }

    @Test
    void importedXmiIdsAreWrittenBackByExport() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-xmiid");
        Path in = dir.resolve("from-a-tool.xmi");
        org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl tool = new org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl(
                org.eclipse.emf.common.util.URI.createFileURI(in.toString()));
        Project p = dev.strata.example.tasks.TasksFactory.eINSTANCE.createProject();
        p.setName("FromATool");
        tool.getContents().add(p);
        tool.setID(p, "_diagramPointsHere"); // as a diagram file would reference it
        tool.save(null);

        assertTrue(run("strata:import " + in).contains("Imported 1 root object(s)"));
        run("strata:commit");
        Path out = dir.resolve("export.xmi");
        run("strata:export " + out);
        org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl back = new org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl(
                org.eclipse.emf.common.util.URI.createFileURI(out.toString()));
        new org.eclipse.emf.ecore.resource.impl.ResourceSetImpl().getResources().add(back);
        back.load(null);
        Project exported = back.getContents().stream().filter(o -> o instanceof Project q && "FromATool".equals(q.getName()))
                .map(Project.class::cast).findFirst().orElseThrow();
        assertEquals("_diagramPointsHere", back.getID(exported), "the xmi:id the tool gave comes back");
        assertEquals(exported, back.getEObject("_diagramPointsHere"));
    }

    @Test
    void anEcoreFileIsImportedCommittedAndExportedAsEmfWroteIt() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-ecore");
        Path in = dir.resolve("Ecore.ecore");
        try (java.io.InputStream model = org.eclipse.emf.ecore.EcorePackage.class.getResourceAsStream("/model/Ecore.ecore")) {
            assertNotNull(model, "model/Ecore.ecore in the EMF jar");
            Files.copy(model, in);
        }
        // Into the tasks repository: refused before anything enters the session, naming the package.
        String refused = fails("strata:import " + in);
        assertTrue(refused.contains("http://www.eclipse.org/emf/2002/Ecore ("), refused);
        assertFalse(run("strata:status").contains("NEW"), "nothing entered the session");

        String ecoreRepo = "ecore" + Math.abs(System.nanoTime() % 10000);
        configure(StrataConfig.FILE_STORE_PID, "strata.store", ecoreRepo, "directory", dir.resolve("store").toString());
        configure(StrataConfig.REPOSITORY_PID, "strata.repository", ecoreRepo, "packages",
                new String[] { org.eclipse.emf.ecore.EcorePackage.eNS_URI }, "store.target", "(strata.store=" + ecoreRepo + ")");
        await(Repository.class, "(strata.repository=" + ecoreRepo + ")");
        run("strata:use " + ecoreRepo);
        assertTrue(run("strata:import " + in).contains("Imported 1 root object(s)"));
        String committed = run("strata:commit");
        assertTrue(committed.startsWith("Committed "), committed);
        // Its generic supertypes are made by EMF beside eSuperTypes and not stored: shown by URI.
        String eAttribute = run("strata:query EClass").lines().filter(l -> l.contains("EClass 'EAttribute' "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElseThrow();
        String shown = run("strata:show " + eAttribute);
        assertTrue(shown.contains("eSuperTypes") && shown.contains("EStructuralFeature"), shown);
        assertTrue(shown.contains("EGenericType <"), shown);
        Path out = dir.resolve("back.ecore");
        assertTrue(run("strata:export " + out).contains("(1 roots)"));

        org.eclipse.emf.ecore.resource.ResourceSet set = new org.eclipse.emf.ecore.resource.impl.ResourceSetImpl();
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("ecore",
                new org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl());
        org.eclipse.emf.ecore.resource.Resource original = set.getResource(
                org.eclipse.emf.common.util.URI.createFileURI(in.toString()), true);
        org.eclipse.emf.ecore.resource.Resource exported = set.getResource(
                org.eclipse.emf.common.util.URI.createFileURI(out.toString()), true);
        assertTrue(new org.eclipse.emf.ecore.util.EcoreUtil.EqualityHelper().equals(original.getContents(),
                exported.getContents()), "Ecore.ecore comes back equal to EMF's own load");

        String unknownType = fails("strata:import " + dir.resolve("notes.txt"));
        assertTrue(unknownType.contains(".xmi or .json") && unknownType.contains("ecore"), unknownType);
        run("strata:use " + repo);
        run("strata:create Project name=Epsilon");
        run("strata:createin Project:Epsilon tasks Task title=E");
    }

    @Test
    void aScriptAgainstAFileStoreCommitsAndAFailingLineRollsBack() throws Exception {
        Path storeDir = Files.createTempDirectory("strata-console-files");
        String store = "scriptfiles" + Math.abs(System.nanoTime() % 10000);
        Configuration files = configure(StrataConfig.FILE_STORE_PID, "strata.store", store, "directory", storeDir.toString());
        String scriptRepo = "script" + Math.abs(System.nanoTime() % 10000);
        configure(StrataConfig.REPOSITORY_PID, "strata.repository", scriptRepo, "packages",
                new String[] { TasksPackage.eNS_URI }, "store.target", "(strata.store=" + store + ")");
        await(Repository.class, "(strata.repository=" + scriptRepo + ")");

        Path good = Files.createTempFile("edits", ".gosh");
        Files.writeString(good, String.join("\n", "# create a project with a task",
                "strata:use " + scriptRepo,
                "strata:create Project name=Scripted",
                "strata:createin Project:Scripted tasks Task title=FromScript status=OPEN",
                "strata:commit scripted edits",
                "strata:query Task status=OPEN"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = runScript(good, new PrintStream(out), new PrintStream(err));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("FromScript"));

        Path bad = Files.createTempFile("broken", ".gosh");
        Files.writeString(bad, String.join("\n", "strata:use " + scriptRepo,
                "strata:create Project name=Half",
                "strata:set Project:Half colour red",
                "strata:commit never"));
        err.reset();
        assertEquals(1, runScript(bad, new PrintStream(out), new PrintStream(err)));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("command 3") && errors.contains("colour") && errors.contains("rolled back"), errors);

        // Close the store (configuration deleted), open it again, and read what the script committed.
        configurations.remove(files);
        files.delete();
        configure(StrataConfig.FILE_STORE_PID, "strata.store", store, "directory", storeDir.toString());
        // The store and then its repository come back asynchronously: until then a read may fail.
        Await.until("the reopened repository reads what the script committed", () -> {
            try (Session s = await(Repository.class, "(strata.repository=" + scriptRepo + ")").openSession()) {
                Project p = (Project) s.findByKey(TasksPackage.Literals.PROJECT, "Scripted").orElseThrow();
                assertEquals("FromScript", p.getTasks().get(0).getTitle());
                assertTrue(s.findByKey(TasksPackage.Literals.PROJECT, "Half").isEmpty(), "the failing script wrote nothing");
                return true;
            }
        });
    }

    /** Runs the headless application as the launcher does, with these arguments; returns its exit code. */
    private static int launch(PrintStream out, PrintStream err, String... args) {
        IApplicationContext appContext = (IApplicationContext) java.lang.reflect.Proxy.newProxyInstance(
                ConsoleCommandsTest.class.getClassLoader(), new Class<?>[] { IApplicationContext.class },
                (proxy, method, margs) -> switch (method.getName()) {
                    case "getArguments" -> java.util.Map.of(IApplicationContext.APPLICATION_ARGS, args);
                    case "toString" -> "test application context";
                    default -> null;
                });
        Object code = new HeadlessApplication(out, err).start(appContext);
        return (Integer) code;
    }

    @Test
    void aScriptThatCannotBeReadFailsNamingTheFile() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-badscript");
        Path notUtf8 = dir.resolve("latin1.gosh");
        byte[] head = "# fine so far\nstrata:create Project name=".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 3);
        bytes[head.length] = (byte) 0xC3; // starts a two-byte sequence ...
        bytes[head.length + 1] = (byte) 0x28; // ... that '(' does not continue
        bytes[head.length + 2] = '\n';
        Files.write(notUtf8, bytes);
        Path missing = dir.resolve("missing.gosh");
        for (Path script : List.of(notUtf8, dir, missing)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = launch(new PrintStream(out, true), new PrintStream(err, true), "-script", script.toString());
            String errors = err.toString(StandardCharsets.UTF_8);
            assertTrue(code != 0, script + " must not exit 0: " + errors);
            assertTrue(errors.contains(script.toAbsolutePath().toString()), "names the file: " + errors);
            assertFalse(errors.contains("\n\tat "), "no stack trace: " + errors);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        launch(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), "-script", notUtf8.toString());
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("not UTF-8") && errors.contains("offset " + head.length) && errors.contains("line 2")
                && errors.contains("0xC3"), errors);
        err.reset();
        launch(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true), "-script", dir.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is a directory"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unicodeLineBreaksInsideAValueStayInTheValue() throws Exception {
        String suffix = Long.toString(Math.abs(System.nanoTime() % 1_000_000));
        String[] breaks = { "\u2028", "\u2029", "\u000B", "\u000C", "\u0085" };
        List<String> script = new ArrayList<>();
        script.add("strata:use " + repo);
        for (int i = 0; i < breaks.length; i++) {
            script.add("strata:create Project name=Break" + i + "x" + suffix + " description=\"before" + breaks[i]
                    + "strata:create Project name=Injected" + suffix + "\"");
        }
        script.add("strata:commit line breaks in values");
        Path file = Files.createTempFile("breaks", ".gosh");
        Files.writeString(file, String.join("\r\n", script), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, runScript(file, new PrintStream(out), new PrintStream(err)), err.toString(StandardCharsets.UTF_8));

        Repository repository = await(Repository.class, "(strata.repository=" + repo + ")");
        try (Session s = repository.openSession()) {
            for (int i = 0; i < breaks.length; i++) {
                Project p = (Project) s.findByKey(TasksPackage.Literals.PROJECT, "Break" + i + "x" + suffix).orElseThrow();
                assertEquals("before" + breaks[i] + "strata:create Project name=Injected" + suffix, p.getDescription(),
                        "U+" + Integer.toHexString(breaks[i].charAt(0)));
            }
            assertTrue(s.findByKey(TasksPackage.Literals.PROJECT, "Injected" + suffix).isEmpty(), "no command was injected");
        }
    }

    @Test
    void mkstoreSaysAtOnceWhyAStoreDidNotStart() throws Exception {
        Path dir = Files.createTempDirectory("strata-console-mkstore");
        String store = "bad" + Math.abs(System.nanoTime() % 100000);
        long start = System.nanoTime();
        String schema = fails("strata:mkstore jdbc " + store + " url=jdbc:h2:file:" + dir.resolve("db") + " schema=no-dashes");
        assertTrue(schema.contains("Schema name 'no-dashes'") && schema.contains(store), schema);
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:h2:tcp://127.0.0.1:" + closedPort + "/nowhere";
        String refused = fails("strata:mkstore jdbc " + store + " url=" + url + " user=someone");
        assertTrue(refused.contains(url) && refused.contains("someone") && refused.toLowerCase().contains("refused"), refused);
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(10),
                "said at once, not after waiting out the timeout");
        assertFalse(run("strata:stores").contains(store), "the failed configuration was removed");
        String typo = fails("strata:mkstore jdbc " + store + " url=" + url + " Pool-Size=2");
        assertTrue(typo.contains("'Pool-Size'"), typo);
        String twice = fails("strata:mkstore jdbc " + store + " user=a user=b");
        assertTrue(twice.contains("'user' is given twice"), twice);
    }
}
