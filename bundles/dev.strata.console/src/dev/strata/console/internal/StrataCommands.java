package dev.strata.console.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.admin.StoreConfiguration;
import dev.strata.core.admin.StoreStack;
import dev.strata.core.admin.StoreStatus;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.diagnostics.Health;
import dev.strata.core.diagnostics.HealthReport;
import dev.strata.store.queue.QueueStores;

/**
 * Gogo commands in scope {@code strata}: thin wrappers that delegate to the command groups of a
 * {@link Console} and return values (strings and lists) so Gogo can print and pipe them. Each Gogo
 * session keeps its own current repository and Strata session: the first command that needs one
 * opens it, commit and rollback end it.
 */
@Component(service = StrataCommands.class, immediate = true, property = { "osgi.command.scope=strata",
        "osgi.command.function=doctor", "osgi.command.function=stores", "osgi.command.function=repos",
        "osgi.command.function=use", "osgi.command.function=at", "osgi.command.function=ls", "osgi.command.function=query",
        "osgi.command.function=show", "osgi.command.function=create", "osgi.command.function=createin",
        "osgi.command.function=set", "osgi.command.function=add", "osgi.command.function=remove",
        "osgi.command.function=move", "osgi.command.function=delete", "osgi.command.function=status",
        "osgi.command.function=diff", "osgi.command.function=commit", "osgi.command.function=merge", "osgi.command.function=revert",
        "osgi.command.function=lock", "osgi.command.function=unlock", "osgi.command.function=locks",
        "osgi.command.function=rollback",
        "osgi.command.function=savepoint", "osgi.command.function=rollbackto", "osgi.command.function=count",
        "osgi.command.function=validate", "osgi.command.function=export", "osgi.command.function=import",
        "osgi.command.function=log", "osgi.command.function=reindex", "osgi.command.function=mkstore",
        "osgi.command.function=mkrepo", "osgi.command.function=unconfigure", "osgi.command.function=setaside" })
public final class StrataCommands {

    private final BundleContext context;
    private final StrataAdmin admin;
    private final Map<CommandSession, Console> consoles = Collections.synchronizedMap(new WeakHashMap<>());

    @Activate
    public StrataCommands(BundleContext context, @Reference StrataAdmin admin) {
        this.context = context;
        this.admin = admin;
    }

    /**
     * The framework is stopping (the console was closed with "close", or the product exits):
     * pending changes of every console are rolled back, with a warning on the console.
     */
    @Deactivate
    void deactivate() {
        List<Console> all;
        synchronized (consoles) {
            all = new java.util.ArrayList<>(consoles.values());
            consoles.clear();
        }
        for (Console c : all) {
            int pending = c.close();
            if (pending > 0) {
                System.err.println("strata: the console closed with " + pending
                        + " object(s) of uncommitted changes; they were rolled back");
            }
        }
    }

    /** Bound only to learn when a repository goes away: consoles using it end their session. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRepository(Repository repository) {
        // Lookups ask the registry; nothing to remember.
    }

    void removeRepository(Repository repository) {
        synchronized (consoles) {
            consoles.values().forEach(c -> c.repositoryGone(repository));
        }
    }

    /** The console state of a Gogo session (package-private for the headless runner). */
    Console console(CommandSession session) {
        synchronized (consoles) {
            // The repositories registered right now (the admin asks the registry, so one registered a
            // moment ago is seen even while its bind events are still being delivered).
            return consoles.computeIfAbsent(session, s -> new Console(admin::repositories,
                    name -> admin.repositoryExists(name) ? StoreConfigs.whyNotRunning(admin, name) : null));
        }
    }

    /**
     * Runs a command on the Gogo session's console while holding its lock: a repository going away
     * and the framework stopping end its session from other threads.
     */
    private <T> T run(CommandSession session, Function<Console, T> command) {
        Console c = console(session);
        synchronized (c) {
            return command.apply(c);
        }
    }

    /** Rolls back and forgets a Gogo session's pending work; returns what was pending. */
    int discard(CommandSession session) {
        Console c;
        synchronized (consoles) {
            c = consoles.remove(session);
        }
        return c == null ? 0 : c.close();
    }

    // ------------------------------------------------------------------ inspection

    @Descriptor("check that every Strata bundle is resolved and its components satisfied; fails if not")
    public String doctor() {
        HealthReport report = Health.check(context, false);
        if (!report.healthy()) {
            throw new IllegalStateException("\n" + report.format());
        }
        return report.format();
    }

    @Descriptor("configure a store and wait for it: mkstore file|jdbc|... name key=value ... (e.g. url=jdbc:h2:... for jdbc)")
    public String mkstore(@Descriptor("store type") String type, @Descriptor("store name") String name,
            @Descriptor("settings of that store type") String... settings) {
        return new StoreConfigs(admin).createStore(type, name, settings);
    }

    @Descriptor("configure a repository on a store for a model: mkrepo name store (nsUri | file.ecore) ...")
    public String mkrepo(@Descriptor("repository name") String name, @Descriptor("store name") String store,
            @Descriptor("namespace URIs of registered packages, or .ecore files (read with dynamic EMF)") String... models) {
        return new StoreConfigs(admin).createRepository(name, store, models);
    }

    @Descriptor("remove the configuration of a store or repository (its data is kept)")
    public String unconfigure(@Descriptor("store or repository name") String name) {
        return new StoreConfigs(admin).remove(name);
    }

    @Descriptor("take the commit that keeps a queue store stuck (refused by the store it writes to) out of the queue,"
            + " writing it to a new JSON file first; the commits behind it go on")
    public String setaside(@Descriptor("queue store name") String store,
            @Descriptor("file to write the commit to (must not exist)") String file) {
        ModelStore found = admin.stores().stream().filter(s -> s.name().equals(store)).findFirst()
                .orElseThrow(() -> Console.fail("No running store is named '" + store + "' (strata:stores lists them)"));
        Path target;
        try {
            target = Path.of(file).toAbsolutePath();
        } catch (java.nio.file.InvalidPathException e) {
            throw Console.fail("'" + file + "' is not a file path here: " + e.getReason());
        }
        return QueueStores.setAsideStuck(found, target); // its refusals are IllegalArgument/StateExceptions, as Console.fail's
    }

    @Descriptor("list the stores: name, type, capabilities, and the figures a store keeps (a cache's hits and misses);"
            + " the stores a store wraps are indented below it")
    public List<String> stores() {
        Map<String, ModelStore> running = admin.stores().stream()
                .collect(Collectors.toMap(ModelStore::name, s -> s, (a, b) -> a));
        List<String> lines = new ArrayList<>();
        for (StoreStack stack : admin.storeStacks()) {
            list(stack, "", running, lines);
        }
        return lines;
    }

    /** A store's line, then its layers' two spaces further in; one that does not run says what it does instead. */
    private void list(StoreStack stack, String indent, Map<String, ModelStore> running, List<String> lines) {
        ModelStore s = running.get(stack.name());
        if (s != null) {
            lines.add(String.format("%-16s %-8s %s%s", indent + s.name(), admin.typeOf(s),
                    s.capabilities().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                    s.figures().entrySet().stream().map(f -> " " + f.getKey() + "=" + f.getValue())
                            .collect(Collectors.joining())) + s.notice().map(n -> " — " + n).orElse(""));
        } else {
            StoreStatus status = admin.storeStatus(stack.name());
            lines.add(String.format("%-16s %-8s %s", indent + stack.name(),
                    admin.storeConfiguration(stack.name()).map(StoreConfiguration::type).orElse("?"),
                    status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                            + (status.detail().isEmpty() ? "" : ": " + status.detail())));
        }
        for (StoreStack layer : stack.layers()) {
            list(layer, indent + "  ", running, lines);
        }
    }

    @Descriptor("list the repositories: name, store, model packages")
    public List<String> repos(CommandSession session) {
        String current = console(session).currentName();
        return admin.repositories().stream()
                .map(r -> String.format("%s %-16s store=%-12s %s", r.name().equals(current) ? "*" : " ", r.name(),
                        r.store().name(), r.packages().stream().map(p -> p.getNsURI()).toList()))
                .toList();
    }

    @Descriptor("choose the repository the following commands work on")
    public String use(CommandSession session, @Descriptor("repository name") String name) {
        return console(session).use(name);
    }

    @Descriptor("work read-only on a repository as it was at a past commit: the following commands read the model then")
    public String at(CommandSession session, @Descriptor("repository name") String name,
            @Descriptor("commit sequence, commit id, ISO time (2026-12-04T10:15:00Z), or now") String point) {
        return run(session, c -> c.at(name, point));
    }

    @Descriptor("list root objects, or every object of a class")
    public List<String> ls(CommandSession session) {
        return run(session, c -> c.query.roots());
    }

    @Descriptor("list root objects, or every object of a class")
    public List<String> ls(CommandSession session, @Descriptor("class name, e.g. Task") String eClass) {
        return run(session, c -> c.query.query(eClass, new String[0]));
    }

    @Descriptor("query through declared indexes, pending changes included: " + QueryCommands.SYNTAX)
    public List<String> query(CommandSession session, @Descriptor("class name") String eClass,
            @Descriptor("conditions") String... conditions) {
        return run(session, c -> c.query.query(eClass, conditions));
    }

    @Descriptor("count the objects of a class by the value of an indexed feature")
    public List<String> count(CommandSession session, @Descriptor("class name") String eClass,
            @Descriptor("feature") String feature) {
        return run(session, c -> c.query.count(eClass, feature));
    }

    @Descriptor("count needs a feature: count <Class> <feature> (this form says which features are indexed)")
    public List<String> count(CommandSession session, @Descriptor("class name") String eClass) {
        return run(session, c -> c.query.countWithoutFeature(eClass));
    }

    @Descriptor("show an object (id or Class:key) with its state and features")
    public List<String> show(CommandSession session, @Descriptor("object: id or Class:key") String ref) {
        return run(session, c -> c.query.show(ref));
    }

    // ------------------------------------------------------------------ editing

    @Descriptor("create a root object: create Class feature=value ...")
    public String create(CommandSession session, @Descriptor("class name") String eClass,
            @Descriptor("feature=value pairs") String... values) {
        return run(session, c -> c.edit.create(null, null, eClass, values));
    }

    @Descriptor("create an object inside another: createin parent feature Class feature=value ...")
    public String createin(CommandSession session, @Descriptor("container: id or Class:key") String parent,
            @Descriptor("containment feature") String feature, @Descriptor("class name") String eClass,
            @Descriptor("feature=value pairs") String... values) {
        return run(session, c -> c.edit.create(parent, feature, eClass, values));
    }

    @Descriptor("set a feature: set object feature value (null unsets)")
    public String set(CommandSession session, String ref, String feature, String value) {
        return run(session, c -> c.edit.set(ref, feature, value));
    }

    @Descriptor("add a value to a many-valued feature, at the end or at an index")
    public String add(CommandSession session, String ref, String feature, String value) {
        return run(session, c -> c.edit.add(ref, feature, value, -1));
    }

    @Descriptor("add a value to a many-valued feature, at the end or at an index")
    public String add(CommandSession session, String ref, String feature, String value, int index) {
        return run(session, c -> c.edit.add(ref, feature, value, index));
    }

    @Descriptor("remove a value from a many-valued feature")
    public String remove(CommandSession session, String ref, String feature, String value) {
        return run(session, c -> c.edit.remove(ref, feature, value));
    }

    @Descriptor("move a value of a many-valued feature from one index to another")
    public String move(CommandSession session, String ref, String feature, int from, int to) {
        return run(session, c -> c.edit.move(ref, feature, from, to));
    }

    @Descriptor("delete an object and everything it contains")
    public String delete(CommandSession session, String ref) {
        return run(session, c -> c.edit.delete(ref));
    }

    // ------------------------------------------------------------------ unit of work

    @Descriptor("pending changes by state")
    public List<String> status(CommandSession session) {
        return run(session, c -> c.work.status());
    }

    @Descriptor("the pending change set: created, changed (old -> new) and deleted objects")
    public List<String> diff(CommandSession session) {
        return run(session, c -> c.work.diff());
    }

    @Descriptor("commit the pending changes")
    public String commit(CommandSession session, @Descriptor("message") String... message) {
        return run(session, c -> c.work.commit(String.join(" ", message)));
    }

    @Descriptor("the conflicts a commit's merge left open, numbered; 'merge <n> theirs|mine', 'merge <n> value <v>'"
            + " or 'merge all theirs|mine' decides them")
    public List<String> merge(CommandSession session, @Descriptor("n theirs|mine | n value v | all theirs|mine")
            String... args) {
        return run(session, c -> c.work.merge(args));
    }

    @Descriptor("lock an object for this console's session (write unless 'read') until commit or rollback")
    public String lock(CommandSession session, @Descriptor("object") String ref,
            @Descriptor("read or write") String... mode) {
        return run(session, c -> c.work.lock(ref, mode.length == 0 ? "" : mode[0]));
    }

    @Descriptor("let this console's lock on an object go")
    public String unlock(CommandSession session, @Descriptor("object") String ref) {
        return run(session, c -> c.work.unlock(ref));
    }

    @Descriptor("the locks the current repository's store holds: mode, object, who, until when")
    public List<String> locks(CommandSession session) {
        return run(session, c -> c.work.locks());
    }

    @Descriptor("undo a logged commit, or a range n..m of them, in the pending changes (strata:log shows the numbers);"
            + " commit writes it")
    public List<String> revert(CommandSession session,
            @Descriptor("the commit's sequence number, or n..m for commits n to m") String sequence) {
        return run(session, c -> c.work.revert(sequence));
    }

    @Descriptor("revert every pending change")
    public String rollback(CommandSession session) {
        return run(session, c -> c.work.rollback());
    }

    @Descriptor("remember this point of the pending work under a name")
    public String savepoint(CommandSession session, String name) {
        return run(session, c -> c.work.savepoint(name));
    }

    @Descriptor("revert the changes made since a named savepoint")
    public String rollbackto(CommandSession session, String name) {
        return run(session, c -> c.work.rollbackTo(name));
    }

    @Descriptor("validate one object, or every pending object")
    public List<String> validate(CommandSession session, String... ref) {
        return run(session, c -> c.work.validate(ref.length == 0 ? null : ref[0]));
    }

    @Descriptor("the store's recent commits, newest last")
    public List<String> log(CommandSession session) {
        return run(session, c -> c.store.log(20));
    }

    @Descriptor("the store's recent commits, newest last")
    public List<String> log(CommandSession session, @Descriptor("how many") int count) {
        return run(session, c -> c.store.log(count));
    }

    @Descriptor("rebuild a declared index from the data")
    public String reindex(CommandSession session, @Descriptor("class name") String eClass,
            @Descriptor("feature") String feature) {
        return run(session, c -> c.store.reindex(eClass, feature));
    }

    @Descriptor("export the repository's root objects to a file: .xmi, .json, .ecore, or any type EMF has a resource factory for")
    public String export(CommandSession session, String file) {
        return run(session, c -> c.files.export(Path.of(file)));
    }

    /** The command "import": Gogo looks for "_import" because a method cannot be called import. */
    @Descriptor("import root objects as new objects (commit to keep them) from a file: .xmi, .json, .ecore, or any type EMF has a resource factory for (.uml with UML2)")
    public String _import(CommandSession session, String file) {
        return run(session, c -> c.files.importFile(Path.of(file)));
    }
}
