package dev.strata.core.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;

import dev.strata.core.ObjectId;
import dev.strata.core.Repository;
import dev.strata.core.Session;

/**
 * A history of commits over the {@link ContractModel} that touches every kind of change (create,
 * attributes, many-valued attributes, containment, a move, cross references, a deletion), with
 * the model exported as XMI after each commit: what a session opened at a past commit must show.
 *
 * @since 0.2
 */
public final class PastModels {

    /** The XMI export taken just after the commit with this sequence. */
    public record Snapshot(long sequence, String description, String xmi) {
    }

    private static final ContractModel M = ContractModel.INSTANCE;

    private PastModels() {
    }

    /**
     * The session's model as XMI, roots sorted by id so that two exports of the same model are
     * the same text whatever order a store lists roots in.
     */
    public static String xmi(Session s) {
        List<EObject> roots = new ArrayList<>(s.roots());
        roots.sort(Comparator.comparing(r -> s.idOf(r).toString()));
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
        List<EObject> copies = new ArrayList<>(copier.copyAll(roots));
        copier.copyReferences();
        XMIResourceImpl resource = new XMIResourceImpl(URI.createURI("past.xmi"));
        resource.getContents().addAll(copies);
        for (Map.Entry<EObject, EObject> e : copier.entrySet()) {
            resource.setID(e.getValue(), s.xmiId(e.getKey()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            resource.save(out, Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every object of an XMI export, roots and contents, read back in a resource of its own. */
    public static List<EObject> load(String xmi) {
        XMIResourceImpl resource = new XMIResourceImpl(URI.createURI("past.xmi"));
        try {
            resource.load(new java.io.ByteArrayInputStream(xmi.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<EObject> all = new ArrayList<>();
        resource.getAllContents().forEachRemaining(all::add);
        return all;
    }

    /**
     * Makes the commits through sessions of the repository, exporting the model after each, and
     * returns the exports oldest first. The ids of the objects made are put in {@code ids} by name.
     */
    public static List<Snapshot> record(Repository repository, Map<String, ObjectId> ids) {
        List<Snapshot> snapshots = new ArrayList<>();
        try (Session s = repository.openSession()) {
            EObject r1 = M.newItem("r1");
            r1.eSet(M.count, 5);
            EObject a = M.newItem("a");
            EObject b = M.newItem("b");
            a.eSet(M.count, 1);
            a.eSet(M.text, "first");
            a.eSet(M.when, new Date(1_000L));
            strings(a, M.tags).addAll(List.of("x", "y"));
            b.eSet(M.count, 2);
            b.eSet(M.when, new Date(2_000L));
            list(r1, M.children).addAll(List.of(a, b));
            EObject r2 = M.newItem("r2");
            r2.eSet(M.count, 1);
            r2.eSet(M.when, new Date(1_500L));
            s.add(r1);
            s.add(r2);
            snapshots.add(commit(s, "create two roots, r1 holding a and b"));
            for (EObject o : List.of(r1, a, b, r2)) {
                ids.put((String) o.eGet(M.name), s.idOf(o));
            }

            a.eSet(M.text, "second");
            a.eSet(M.count, 2);
            a.eSet(M.colorValue, M.color("blue"));
            strings(a, M.tags).remove("x");
            strings(a, M.tags).add("z");
            list(r1, M.related).addAll(List.of(b, r2));
            snapshots.add(commit(s, "change attributes, a many-valued one and cross references"));

            EObject c = M.newItem("c");
            c.eSet(M.count, 2);
            c.eSet(M.when, new Date(3_000L));
            list(b, M.children).add(a); // a moves from r1 into b
            b.eSet(M.child, c);
            a.eSet(M.partner, r2);
            snapshots.add(commit(s, "move a into b, add c as b's child"));
            ids.put("c", s.idOf(c));

            list(r1, M.children).add(r2); // the root r2 goes into r1
            list(r1, M.related).remove(r2);
            a.eSet(M.partner, null);
            s.delete(b); // b goes with a and c
            snapshots.add(commit(s, "put r2 into r1, delete b with a and c"));

            EObject r3 = M.newItem("r3");
            r3.eSet(M.count, 1);
            r3.eSet(M.when, new Date(500L));
            s.add(r3);
            r1.eSet(M.text, "renamed later");
            r2.eSet(M.count, 3);
            snapshots.add(commit(s, "add r3, change r1 and r2"));
            ids.put("r3", s.idOf(r3));
        }
        return snapshots;
    }

    private static Snapshot commit(Session s, String description) {
        long sequence = s.commit(description).sequence();
        // Exported through a fresh session: what the store holds, not what this session remembers.
        try (Session fresh = s.repository().openSession()) {
            return new Snapshot(sequence, description, xmi(fresh));
        }
    }

    @SuppressWarnings("unchecked")
    private static EList<EObject> list(EObject o, EReference r) {
        return (EList<EObject>) o.eGet(r);
    }

    @SuppressWarnings("unchecked")
    private static EList<String> strings(EObject o, org.eclipse.emf.ecore.EAttribute a) {
        return (EList<String>) o.eGet(a);
    }
}
