package dev.strata.console.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.Diagnostician;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.core.Packages;
import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.ObjectId;
import dev.strata.core.ObjectState;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Query;
import dev.strata.core.Repository;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;

/**
 * One console's state: its current repository and its Strata session. Every command checks and
 * parses all of its input before it changes anything, so a failed command changes nothing, and
 * failures are one line saying what, where and what was expected.
 */
final class Console {

    private final Supplier<List<Repository>> repositories;
    private final Map<String, Savepoint> savepoints = new HashMap<>();
    private String current;
    private Session session;

    Console(Supplier<List<Repository>> repositories) {
        this.repositories = repositories;
    }

    private static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message);
    }

    // ------------------------------------------------------------------ repository and session

    synchronized String currentName() {
        return current;
    }

    private Repository repository() {
        List<Repository> all = repositories.get();
        if (current == null) {
            if (all.size() == 1) {
                current = all.get(0).name();
            } else {
                throw fail(all.isEmpty() ? "No repository is configured (see docs/using.md, 'In OSGi': dev.strata.repository)"
                        : "Choose a repository first: strata:use <name> (one of " + names(all) + ")");
            }
        }
        return all.stream().filter(r -> r.name().equals(current)).findFirst()
                .orElseThrow(() -> fail("Repository '" + current + "' is gone; choose another with strata:use"));
    }

    private static List<String> names(List<Repository> all) {
        return all.stream().map(Repository::name).sorted().toList();
    }

    private Session session() {
        if (session == null || session.isClosed()) {
            session = repository().openSession();
        }
        return session;
    }

    synchronized String use(String name) {
        List<Repository> all = repositories.get();
        if (all.stream().noneMatch(r -> r.name().equals(name))) {
            throw fail("No repository '" + name + "' (one of " + names(all) + ")");
        }
        if (session != null && session.isDirty() && !name.equals(current)) {
            throw fail("Repository '" + current + "' has pending changes: strata:commit or strata:rollback first");
        }
        if (!name.equals(current)) {
            endSession();
        }
        current = name;
        return "Using repository " + name + " (store " + repository().store().name() + ")";
    }

    synchronized void repositoryGone(Repository repository) {
        if (repository.name().equals(current)) {
            endSession();
        }
    }

    /** Rolls back and closes; returns how many objects had pending changes. */
    synchronized int close() {
        int pending = session == null || session.isClosed() ? 0
                : session.pending().values().stream().mapToInt(List::size).sum();
        endSession();
        return pending;
    }

    private void endSession() {
        if (session != null) {
            session.close();
            session = null;
        }
        savepoints.clear();
    }

    // ------------------------------------------------------------------ resolving names and values

    private EClass eClass(String name) {
        List<String> known = new ArrayList<>();
        for (EPackage p : repository().packages()) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass e && !e.isAbstract()) {
                    if (e.getName().equals(name)) {
                        return e;
                    }
                    known.add(e.getName());
                }
            }
        }
        throw fail("Unknown class '" + name + "' in repository " + current + " (classes: " + known + ")");
    }

    private static EStructuralFeature feature(EClass c, String name) {
        EStructuralFeature f = c.getEStructuralFeature(name);
        if (f == null || !PersistentFeatures.isPersistent(f)) {
            throw fail(c.getName() + " has no feature '" + name + "' (features: " + PersistentFeatures.of(c).stream()
                    .map(EStructuralFeature::getName).toList() + ")");
        }
        return f;
    }

    /** An object by id, or by primary key as Class:key. */
    private EObject object(String ref) {
        int colon = ref.indexOf(':');
        if (colon > 0) {
            EClass c = eClass(ref.substring(0, colon));
            EAttribute key = c.getEIDAttribute();
            if (key == null) {
                throw fail(c.getName() + " has no ID attribute, so '" + ref + "' cannot name an object; use its id");
            }
            Object value = parse(key, ref.substring(colon + 1));
            return session().findByKey(c, value)
                    .orElseThrow(() -> fail("No " + c.getName() + " with " + key.getName() + " '" + value + "'"));
        }
        ObjectId id;
        try {
            id = ObjectId.parse(ref);
        } catch (IllegalArgumentException e) {
            throw fail("'" + ref + "' is neither an object id nor Class:key");
        }
        return session().find(id).orElseThrow(() -> fail("No object " + id + " in repository " + current));
    }

    private static Object parse(EAttribute a, String text) {
        try {
            return Values.parse(a, text);
        } catch (StrataException e) {
            throw fail(e.getMessage());
        }
    }

    /** A typed value for a feature: attributes parsed by their data type, references resolved. */
    private Object value(EStructuralFeature f, String text) {
        if (text.equals("null")) {
            return null;
        }
        if (f instanceof EAttribute a) {
            return parse(a, text);
        }
        EReference r = (EReference) f;
        EObject target = object(text);
        if (!r.getEReferenceType().isInstance(target)) {
            throw fail(r.getEContainingClass().getName() + "." + r.getName() + " needs a " + r.getEReferenceType().getName()
                    + ", but " + text + " is a " + target.eClass().getName());
        }
        return target;
    }

    private String label(EObject o) {
        return Labels.of(o) + " " + session().idOf(o);
    }

    // ------------------------------------------------------------------ reading

    synchronized List<String> roots() {
        return session().roots().stream().map(o -> line(o)).toList();
    }

    private String line(EObject o) {
        return String.format("%-9s %s", session().state(o), label(o));
    }

    synchronized List<String> query(String className, String[] conditions) {
        EClass c = eClass(className);
        Query q = Query.on(c);
        for (String cond : conditions) {
            q = condition(q, c, cond);
        }
        List<EObject> result = session().query(q);
        List<String> lines = new ArrayList<>(result.stream().map(this::line).toList());
        lines.add(result.size() + " object(s)");
        return lines;
    }

    private Query condition(Query q, EClass c, String cond) {
        if (cond.startsWith("order=")) {
            String f = cond.substring(6);
            boolean desc = f.startsWith("-");
            return q.orderBy(attribute(c, desc ? f.substring(1) : f), desc);
        }
        if (cond.startsWith("limit=")) {
            try {
                return q.limit(Integer.parseInt(cond.substring(6)));
            } catch (NumberFormatException e) {
                throw fail("limit needs a whole number, not '" + cond.substring(6) + "'");
            }
        }
        for (String op : new String[] { ">=", "<", "=" }) {
            int i = cond.indexOf(op);
            if (i > 0) {
                EAttribute a = attribute(c, cond.substring(0, i));
                Object v = parse(a, cond.substring(i + op.length()));
                return switch (op) {
                    case ">=" -> q.range(a, v, null);
                    case "<" -> q.range(a, null, v);
                    default -> q.eq(a, v);
                };
            }
        }
        throw fail("Cannot read condition '" + cond + "': use feature=value, feature>=value, feature<value,"
                + " order=[-]feature or limit=n");
    }

    private static EAttribute attribute(EClass c, String name) {
        if (feature(c, name) instanceof EAttribute a) {
            return a;
        }
        throw fail(c.getName() + "." + name + " is a reference; queries work on attributes");
    }

    synchronized List<String> count(String className, String featureName) {
        EClass c = eClass(className);
        EAttribute a = attribute(c, featureName);
        return session().countBy(c, a).entrySet().stream().map(e -> String.format("%-20s %d", e.getKey(), e.getValue()))
                .toList();
    }

    synchronized List<String> show(String ref) {
        EObject o = object(ref);
        Session s = session();
        List<String> lines = new ArrayList<>();
        lines.add(Labels.of(o) + "  id " + s.idOf(o) + "  v" + s.versionOf(o) + "  " + s.state(o));
        for (EStructuralFeature f : PersistentFeatures.of(o.eClass())) {
            Object now = o.eGet(f);
            Object stored = s.persistentValue(o, f);
            String text = format(now);
            String was = format(stored);
            lines.add(String.format("  %-14s = %s%s", f.getName(), text, was.equals(text) ? "" : "   (stored: " + was + ")"));
        }
        return lines;
    }

    private String format(Object v) {
        if (v instanceof List<?> list) {
            return list.stream().map(this::format).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof EObject o) {
            return o.eIsProxy() ? String.valueOf(((org.eclipse.emf.ecore.InternalEObject) o).eProxyURI()) : label(o);
        }
        return String.valueOf(v);
    }

    // ------------------------------------------------------------------ editing

    @SuppressWarnings("unchecked")
    synchronized String create(String parentRef, String containment, String className, String[] pairs) {
        EClass c = eClass(className);
        EObject parent = parentRef == null ? null : object(parentRef);
        EReference into = null;
        if (parent != null) {
            if (!(feature(parent.eClass(), containment) instanceof EReference r) || !r.isContainment()) {
                throw fail(parent.eClass().getName() + "." + containment + " is not a containment feature");
            }
            if (!r.getEReferenceType().isSuperTypeOf(c)) {
                throw fail(parent.eClass().getName() + "." + containment + " holds " + r.getEReferenceType().getName()
                        + ", not " + c.getName());
            }
            into = r;
        }
        // Build the whole object before it enters the session: a bad pair changes nothing.
        EObject o = EcoreUtil.create(c);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw fail("'" + pair + "' is not feature=value");
            }
            EStructuralFeature f = feature(c, pair.substring(0, eq));
            Object v = value(f, pair.substring(eq + 1));
            if (f.isMany()) {
                ((EList<Object>) o.eGet(f)).add(v);
            } else {
                o.eSet(f, v);
            }
        }
        if (into == null) {
            session().add(o);
        } else if (into.isMany()) {
            ((EList<EObject>) parent.eGet(into)).add(o);
        } else {
            parent.eSet(into, o);
        }
        return "Created " + label(o) + " (" + session().state(o) + ")";
    }

    synchronized String set(String ref, String featureName, String text) {
        EObject o = object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        if (f.isMany()) {
            throw fail(o.eClass().getName() + "." + f.getName() + " holds several values: use strata:add, remove or move");
        }
        Object v = value(f, text);
        if (v == null) {
            o.eUnset(f);
        } else {
            o.eSet(f, v);
        }
        return label(o) + " " + f.getName() + " = " + format(o.eGet(f)) + " (" + session().state(o) + ")";
    }

    @SuppressWarnings("unchecked")
    private EList<Object> list(EObject o, EStructuralFeature f) {
        if (!f.isMany()) {
            throw fail(o.eClass().getName() + "." + f.getName() + " holds one value: use strata:set");
        }
        return (EList<Object>) o.eGet(f);
    }

    synchronized String add(String ref, String featureName, String text, int index) {
        EObject o = object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        Object v = value(f, text);
        if (index > list.size() || index < -1) {
            throw fail("Index " + index + " is outside " + f.getName() + " (0.." + list.size() + ")");
        }
        if (f.isUnique() && list.contains(v)) {
            throw fail(format(v) + " is already in " + f.getName());
        }
        if (index < 0) {
            list.add(v);
        } else {
            list.add(index, v);
        }
        return label(o) + " " + f.getName() + " = " + format(list);
    }

    synchronized String remove(String ref, String featureName, String text) {
        EObject o = object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        Object v = value(f, text);
        if (!list.remove(v)) {
            throw fail(format(v) + " is not in " + o.eClass().getName() + "." + f.getName());
        }
        return label(o) + " " + f.getName() + " = " + format(list);
    }

    synchronized String move(String ref, String featureName, int from, int to) {
        EObject o = object(ref);
        EStructuralFeature f = feature(o.eClass(), featureName);
        EList<Object> list = list(o, f);
        if (from < 0 || from >= list.size() || to < 0 || to >= list.size()) {
            throw fail("Indexes must be within 0.." + (list.size() - 1) + " for " + f.getName());
        }
        list.move(to, from);
        return label(o) + " " + f.getName() + " = " + format(list);
    }

    synchronized String delete(String ref) {
        EObject o = object(ref);
        String label = label(o);
        session().delete(o);
        return "Deleted " + label + " (commit to make it final)";
    }

    // ------------------------------------------------------------------ unit of work

    synchronized List<String> status() {
        if (session == null || session.isClosed()) {
            return List.of("No pending changes" + (current == null ? "" : " in repository " + current));
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<ObjectState, List<EObject>> e : session.pending().entrySet()) {
            for (EObject o : e.getValue()) {
                lines.add(String.format("%-9s %s", e.getKey(), label(o)));
            }
        }
        if (lines.isEmpty()) {
            lines.add("No pending changes in repository " + current);
        }
        return lines;
    }

    synchronized List<String> diff() {
        if (session == null || session.isClosed()) {
            return List.of("No pending changes");
        }
        ChangeSet cs = session.pendingChanges();
        List<String> lines = new ArrayList<>();
        cs.created().forEach(r -> lines.add("+ " + r.type().name() + " " + r.id() + " " + r.values()));
        for (ChangeSet.Change c : cs.changed()) {
            lines.add("~ " + c.type().name() + " " + c.id() + " v" + c.expectedVersion());
            c.newValues().forEach((f, v) -> lines.add("    " + f + ": " + c.oldValues().get(f) + " -> " + v));
            if (c.containerChanged()) {
                lines.add("    container: " + c.oldContainer() + " -> " + c.container());
            }
        }
        cs.deleted().forEach(d -> lines.add("- " + d.last().type().name() + " " + d.id() + " v" + d.expectedVersion()));
        if (lines.isEmpty()) {
            lines.add("No pending changes");
        }
        return lines;
    }

    synchronized String commit(String message) {
        if (session == null || session.isClosed() || !session.isDirty()) {
            return "Nothing to commit";
        }
        int count = session.pendingChanges().size();
        CommitResult r;
        try {
            r = session.commit(message);
        } catch (StrataException e) {
            throw new IllegalStateException(e.getMessage() + " (the changes are still pending: fix them, or strata:rollback)");
        }
        endSession();
        return "Committed " + count + " object(s) to " + current + " (commit " + r.commitId() + ")";
    }

    synchronized String rollback() {
        int pending = close();
        return "Rolled back " + pending + " pending object(s)";
    }

    synchronized String savepoint(String name) {
        savepoints.put(name, session().savepoint());
        return "Savepoint '" + name + "'";
    }

    synchronized String rollbackTo(String name) {
        Savepoint sp = savepoints.get(name);
        if (sp == null || session == null) {
            throw fail("No savepoint '" + name + "' (savepoints: " + savepoints.keySet() + ")");
        }
        session.rollbackTo(sp);
        return "Rolled back to savepoint '" + name + "'";
    }

    synchronized List<String> validate(String ref) {
        List<EObject> targets = new ArrayList<>();
        if (ref != null) {
            targets.add(object(ref));
        } else if (session != null && !session.isClosed()) {
            session.pending().forEach((state, objects) -> {
                if (state != ObjectState.DELETED) {
                    targets.addAll(objects);
                }
            });
        }
        List<String> lines = new ArrayList<>();
        for (EObject o : targets) {
            Diagnostic d = Diagnostician.INSTANCE.validate(o);
            if (d.getSeverity() >= Diagnostic.WARNING) {
                for (Diagnostic child : d.getChildren()) {
                    lines.add((child.getSeverity() >= Diagnostic.ERROR ? "ERROR   " : "WARNING ") + label(o) + ": "
                            + child.getMessage());
                }
            }
        }
        lines.add(targets.size() + " object(s) checked, " + lines.size() + " problem(s)");
        return lines;
    }

    synchronized List<String> log(int count) {
        Repository r = repository();
        List<LoggedCommit> recent = r.store().recentLog(Math.max(1, count));
        if (recent.isEmpty()) {
            return List.of("Store '" + r.store().name() + "' has no commits in its log (a file store keeps those"
                    + " since its last compaction)");
        }
        List<String> lines = new ArrayList<>();
        for (LoggedCommit c : recent) {
            ChangeSet cs = c.changes();
            lines.add(String.format("#%-6d %-19s  %-12s %s  +%d ~%d -%d  %s", c.sequence(), Labels.time(c.time()),
                    Labels.author(c), cs.commitId(), cs.created().size(), cs.changed().size(), cs.deleted().size(),
                    cs.message().isEmpty() ? "" : "\"" + cs.message() + "\""));
        }
        return lines;
    }

    synchronized String reindex(String className, String featureName) {
        EClass c = eClass(className);
        EAttribute a = attribute(c, featureName);
        Repository r = repository();
        IndexDef index = r.store().indexes().stream()
                .filter(i -> i.type().equals(TypeRef.of(c)) && i.feature().equals(a.getName())).findFirst()
                .orElseThrow(() -> fail("No index is declared on " + c.getName() + "." + a.getName() + " (declare one: "
                        + IndexDef.of(a, IndexDef.Kind.EQUALITY).howToDeclare() + ")"));
        r.store().rebuildIndex(index);
        return "Rebuilt the " + index;
    }

    // ------------------------------------------------------------------ export and import

    /**
     * A resource for the file, in the set: JSON, XMI, Ecore, or any file type a model bundle has
     * registered a resource factory for with EMF (UML2's .uml, for one), so that such a file is
     * read with its own load options and URI mappings.
     */
    private static Resource resourceFor(Path file, ResourceSet set) {
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        String extension = uri.fileExtension() == null ? "" : uri.fileExtension();
        Resource r;
        if (extension.equals("json")) {
            ObjectMapper mapper = new ObjectMapper();
            EMFModule module = new EMFModule();
            module.configure(EMFModule.Feature.OPTION_USE_ID, true);
            mapper.registerModule(module);
            r = new JsonResource(uri, mapper);
        } else if (extension.equals("xmi") || extension.equals("xml")) {
            r = new XMIResourceImpl(uri);
        } else if (extension.equals("ecore")) {
            r = new EcoreResourceFactoryImpl().createResource(uri); // registered only where plug-in.xml files are read
        } else if (Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().containsKey(extension)) {
            return set.createResource(uri);
        } else {
            List<String> known = new ArrayList<>(Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().keySet());
            known.removeIf(k -> k.equals(Resource.Factory.Registry.DEFAULT_EXTENSION));
            known.addAll(List.of("xmi", "xml", "json", "ecore"));
            throw fail("Use a file ending in .xmi or .json, or in another extension EMF has a resource factory for ("
                    + known.stream().distinct().sorted().collect(Collectors.joining(", ")) + "), not "
                    + file.getFileName());
        }
        set.getResources().add(r);
        return r;
    }

    synchronized String export(Path file) {
        Session s = session();
        List<EObject> roots = s.roots();
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
        List<EObject> copies = new ArrayList<>(copier.copyAll(roots));
        copier.copyReferences();
        Resource r = resourceFor(file, new ResourceSetImpl());
        r.getContents().addAll(copies);
        for (Map.Entry<EObject, EObject> e : copier.entrySet()) {
            String id = s.xmiId(e.getKey()); // the xmi:id it was imported with, if any
            if (r instanceof XMLResource xml) {
                xml.setID(e.getValue(), id);
            } else {
                ((JsonResource) r).setID(e.getValue(), id);
            }
        }
        try {
            r.save(Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage());
        }
        return "Exported " + copier.size() + " object(s) (" + roots.size() + " roots) to " + file;
    }

    synchronized String importFile(Path file) {
        Session s = session();
        Resource r = resourceFor(file, new ResourceSetImpl());
        try {
            r.load(Map.of());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage());
        }
        if (!r.getErrors().isEmpty()) {
            throw new IllegalStateException("Cannot read " + file + ": " + r.getErrors().get(0).getMessage());
        }
        List<EObject> roots = new ArrayList<>(r.getContents());
        // Refused before anything enters the session: the commit would refuse it later, less clearly.
        java.util.Set<String> known = new java.util.HashSet<>();
        Packages.withSubpackages(repository().packages()).forEach(p -> known.add(p.getNsURI()));
        Map<String, Integer> unknown = new java.util.TreeMap<>();
        for (java.util.Iterator<EObject> it = EcoreUtil.getAllProperContents(roots, false); it.hasNext();) {
            String nsUri = it.next().eClass().getEPackage().getNsURI();
            if (!known.contains(nsUri)) {
                unknown.merge(nsUri, 1, Integer::sum);
            }
        }
        if (!unknown.isEmpty()) {
            throw fail("Cannot import " + file.getFileName() + " into repository '" + repository().name()
                    + "': it holds objects of packages the repository was not made with: " + unknown.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + " objects)").collect(Collectors.joining(", "))
                    + ". Make a repository with them (strata:mkrepo NAME STORE nsURI...); a package must be"
                    + " registered with EMF, by its model bundle, to be named there");
        }
        // As an import: XMI ids are kept, and validation reports instead of refusing the commit.
        s.importRoots(roots);
        return "Imported " + roots.size() + " root object(s) as new; strata:commit keeps them";
    }
}
