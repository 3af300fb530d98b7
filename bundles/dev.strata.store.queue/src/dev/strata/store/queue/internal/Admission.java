package dev.strata.store.queue.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.ConflictException;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.LockedException;
import dev.strata.core.ModelStore;
import dev.strata.core.ModelStore.Capability;
import dev.strata.core.ObjectExistsException;
import dev.strata.core.ObjectId;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.store.ChangeCheck;
import dev.strata.core.store.LockTable;
import dev.strata.core.store.UniqueClaims;

/**
 * Decides whether the queue acknowledges a commit: what the wrapped store would check, against
 * its records with the queued commits laid over them (model and containment, ids, versions,
 * unique indexes, other sessions' locks). Keeps the versions the queue has seen (read, queued,
 * drained) so that the common commit, attributes of objects it knows, is checked without
 * reading the wrapped store, and so that commits can still be checked while that store cannot
 * be reached.
 */
final class Admission {

    private static final int KNOWN_KEPT = 100_000;

    /** What the queue store shows of the records: the wrapped store's with the queue over them. */
    interface View {
        /** Records with the queued commits over them; throws a StoreException when the wrapped store cannot be read. */
        Map<ObjectId, Record> overlaid(Collection<ObjectId> ids);

        /** The queued states of those ids that have one. */
        Map<ObjectId, Overlay.Pending> pending(Collection<ObjectId> ids);

        /** A query with the queued commits over the wrapped store's answer. */
        List<Record> query(Query query);
    }

    private final String name;
    private final ModelStore wrapped;
    private final View view;
    private final ChangeCheck changeCheck;
    /** Versions read from the wrapped store or drained to it, forgotten when another writer commits. */
    private final Map<ObjectId, Long> known = java.util.Collections.synchronizedMap(QueueStore.lru(KNOWN_KEPT));
    /** The packages of the models used through the queue, by namespace URI. */
    private final Map<String, EPackage> packages = new ConcurrentHashMap<>();
    private final AtomicLong unchecked = new AtomicLong();
    /** Set once a lock was taken through the queue: from then on commits are checked against the locks held. */
    private volatile boolean locksTaken;

    Admission(String name, ModelStore wrapped, View view) {
        this.name = name;
        this.wrapped = wrapped;
        this.view = view;
        this.changeCheck = new ChangeCheck(name, List.of(), ChangeCheck.UnknownPackages.REFUSE, false);
    }

    void use(List<EPackage> list) {
        changeCheck.use(list);
        addPackages(list);
    }

    private void addPackages(Collection<EPackage> list) {
        for (EPackage p : list) {
            packages.put(p.getNsURI(), p);
            addPackages(p.getESubpackages());
        }
    }

    void lockTaken() {
        locksTaken = true;
    }

    /** Commits checked only in part because the wrapped store could not be read. */
    long unchecked() {
        return unchecked.get();
    }

    void remember(ObjectId id, long version) {
        known.put(id, version);
    }

    void remember(Map<ObjectId, Long> versions) {
        known.putAll(versions);
    }

    void forget(Collection<ObjectId> ids) {
        ids.forEach(known::remove);
    }

    /** Another writer changed the wrapped store (or a migration did): no version read before holds. */
    void forgetAll() {
        known.clear();
    }

    /** The commit as the wrapped store would take it, or an exception saying why not. */
    ChangeSet check(ChangeSet cs) {
        Set<ObjectId> ids = new LinkedHashSet<>(LockTable.touched(cs));
        ChangeSet quick = attributesOnly(cs) ? checkKnown(cs, ids) : null;
        if (quick != null) {
            return quick;
        }
        Map<ObjectId, Record> current;
        ChangeSet checked;
        boolean online = true;
        try {
            current = view.overlaid(ids);
            try {
                checked = changeCheck.check(cs, view::overlaid);
            } catch (InvalidChangeException e) {
                // Written against versions that are gone: the conflict says more.
                conflicts(cs, current, false);
                throw e;
            }
        } catch (InvalidChangeException e) {
            throw e;
        } catch (StoreException e) {
            // The wrapped store cannot be read: check what the queue knows, and count what it does not.
            online = false;
            checked = changeCheck.values(cs);
            current = new HashMap<>();
            for (Map.Entry<ObjectId, Overlay.Pending> p : view.pending(ids).entrySet()) {
                Record r = p.getValue().over(null);
                if (r != null) {
                    current.put(p.getKey(), r);
                }
            }
        }
        for (int i = 0; i < checked.created().size(); i++) {
            ObjectId id = checked.created().get(i).id();
            if (current.containsKey(id)) {
                throw new ObjectExistsException("created[" + i + "].id", name, id);
            }
        }
        conflicts(checked, current, !online);
        coalescedValues(checked);
        if (online) {
            UniqueClaims.check(checked, wrapped.indexes(), view::query);
            locks(checked, ids);
        }
        return checked;
    }

    /**
     * The common case checked without reading the wrapped store: a commit that changes attributes
     * and non-containment references of objects whose versions the queue knows. Containment
     * cannot change, so only values, versions, unique indexes (read only when the commit sets an
     * indexed feature) and locks taken through the queue are checked. Null when the queue does not
     * know every version.
     */
    private ChangeSet checkKnown(ChangeSet cs, Set<ObjectId> ids) {
        Map<ObjectId, Overlay.Pending> pending = view.pending(ids);
        Map<ObjectId, Long> versions = new HashMap<>();
        for (ObjectId id : ids) {
            Overlay.Pending p = pending.get(id);
            Long v = p != null ? Long.valueOf(p.deleted ? -1 : p.version) : known.get(id);
            if (v == null) {
                return null;
            }
            versions.put(id, v);
        }
        ChangeSet checked = changeCheck.values(cs);
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        for (ChangeSet.Change c : checked.changed()) {
            long actual = versions.get(c.id());
            if (actual != c.expectedVersion()) {
                conflicts.add(new ConflictException.Conflict(c.id(), c.expectedVersion(), actual));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(name, conflicts);
        }
        coalescedValues(checked);
        try {
            UniqueClaims.check(checked, wrapped.indexes(), view::query);
            if (locksTaken) {
                locks(checked, ids);
            }
        } catch (LockedException e) {
            throw e;
        } catch (StoreException e) {
            unchecked.incrementAndGet(); // the wrapped store cannot be read: left to the drain
        }
        return checked;
    }

    /** True if the change set only sets attributes and non-containment references of existing objects. */
    private boolean attributesOnly(ChangeSet cs) {
        if (!cs.created().isEmpty() || !cs.deleted().isEmpty() || cs.changed().isEmpty()) {
            return false;
        }
        for (ChangeSet.Change c : cs.changed()) {
            EPackage p = packages.get(c.type().nsUri());
            if (c.containerChanged() || p == null || !(p.getEClassifier(c.type().name()) instanceof EClass type)) {
                return false;
            }
            for (String feature : c.newValues().keySet()) {
                EStructuralFeature f = type.getEStructuralFeature(feature);
                if (f == null || f instanceof EReference r && r.isContainment() || FeatureMapUtil.isFeatureMap(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void conflicts(ChangeSet cs, Map<ObjectId, Record> current, boolean offline) {
        Map<ObjectId, Long> expected = new LinkedHashMap<>();
        cs.changed().forEach(c -> expected.put(c.id(), c.expectedVersion()));
        cs.deleted().forEach(d -> expected.put(d.id(), d.expectedVersion()));
        Map<ObjectId, Overlay.Pending> pending = offline ? view.pending(expected.keySet()) : Map.of();
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        boolean guessed = false;
        for (Map.Entry<ObjectId, Long> e : expected.entrySet()) {
            ObjectId id = e.getKey();
            Record r = current.get(id);
            long actual;
            if (r != null) {
                actual = r.version();
            } else if (offline) {
                Overlay.Pending p = pending.get(id);
                Long k = known.get(id);
                if (p != null) {
                    actual = p.deleted ? -1 : p.version;
                } else if (k != null) {
                    actual = k;
                } else {
                    guessed = true;
                    continue;
                }
            } else {
                actual = -1;
            }
            if (actual != e.getValue()) {
                conflicts.add(new ConflictException.Conflict(id, e.getValue(), actual));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(name, conflicts);
        }
        if (guessed) {
            unchecked.incrementAndGet();
        }
    }

    /**
     * A coalesced commit keeps its objects' versions: a commit of another session made against such
     * a version is checked feature by feature, its values before against the queued ones.
     */
    private void coalescedValues(ChangeSet cs) {
        Map<ObjectId, Overlay.Pending> pending = view.pending(cs.changed().stream().map(ChangeSet.Change::id).toList());
        List<ConflictException.Conflict> conflicts = new ArrayList<>();
        for (ChangeSet.Change c : cs.changed()) {
            Overlay.Pending p = pending.get(c.id());
            if (p == null || p.coalescedBy == null || p.coalescedBy.equals(cs.session())) {
                continue;
            }
            for (Map.Entry<String, Object> old : c.oldValues().entrySet()) {
                if (p.values.containsKey(old.getKey()) && !Objects.deepEquals(p.values.get(old.getKey()), old.getValue())) {
                    conflicts.add(new ConflictException.Conflict(c.id(), c.expectedVersion(), p.version));
                    break;
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(name, conflicts);
        }
    }

    private void locks(ChangeSet cs, Set<ObjectId> ids) {
        if (!wrapped.capabilities().contains(Capability.LOCKS)) {
            return;
        }
        Instant now = Instant.now();
        List<LockInfo> held = wrapped.locks().stream()
                .filter(l -> ids.contains(l.id()) && l.heldAt(now) && l.blocks(cs.session(), LockMode.WRITE)).toList();
        if (!held.isEmpty()) {
            throw new LockedException(name, "commit " + cs.commitId(), held);
        }
    }
}
