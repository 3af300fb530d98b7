package dev.strata.core.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.ChangeSet;
import dev.strata.core.FeatureMapEntry;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.ObjectId;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.internal.IdList;

/**
 * The containment part of {@link ChangeCheck}: the containment of every object a change set
 * touches, before and after it. A contained object is listed by its container, a listed object
 * names that container, no object is listed twice, and nothing is left behind by a removal or
 * deletion. One instance checks one change set.
 */
final class ContainmentCheck {


    private final ChangeSet cs;
    private final Function<Collection<ObjectId>, Map<ObjectId, Record>> reader;
    private final Map<ObjectId, Record> created;
    private final Map<ObjectId, ChangeSet.Change> changed = new HashMap<>();
    private final Set<ObjectId> deleted = new HashSet<>();
    private final Map<ObjectId, Record> stored = new HashMap<>();
    /** Per container looked at, whether it lists an id after the change set. */
    private final Map<ObjectId, Predicate<ObjectId>> after = new HashMap<>();
    /** Per class, the names of the features that can hold contained ids. */
    private final Map<EClass, Set<String>> containers = new HashMap<>();
    private final ModelClasses model;
    private TypeRef lastType;
    private EClass lastClass;
    private ObjectId lastPlacedIn;
    private Predicate<ObjectId> lastPlacedInChildren;
    /** True if {@link #lastPlacedIn} is created by the change set: its records are counted, not looked up. */
    private boolean lastPlacedInCreated;
    /** Records placed in {@link #lastPlacedIn} since it was last set. */
    private int placedRun;
    /** Per container created by the change set, how many new records name it as their container. */
    private final Map<ObjectId, Integer> placedInCreated = new HashMap<>();
    /** Per container created by the change set, how many new records its containment values list. */
    private final Map<ObjectId, Integer> listedCreated = new HashMap<>();
    /** Set by {@link #children(TypeRef, Map)} when the values it read name an object twice. */
    private ObjectId listedTwice;

    /** @param created the change set's new records by id (its ids checked to be named once) */
    ContainmentCheck(ChangeSet cs, Map<ObjectId, Record> created,
            Function<Collection<ObjectId>, Map<ObjectId, Record>> reader, ModelClasses model) {
        this.cs = cs;
        this.reader = reader;
        this.model = model;
        this.created = created;
        cs.changed().forEach(c -> changed.put(c.id(), c));
        cs.deleted().forEach(d -> deleted.add(d.id()));
    }

    void check() {
        // First what the change set names, then what its containment values add or take away.
        Set<ObjectId> first = new LinkedHashSet<>(changed.keySet());
        first.addAll(deleted);
        ObjectId lastContainer = null; // the records of a large commit come container by container
        for (Record r : cs.created()) {
            if (r.container() != null && !r.container().equals(lastContainer)) {
                addIfStored(first, r.container());
                lastContainer = r.container();
            }
        }
        cs.changed().forEach(c -> addIfStored(first, c.container()));
        read(first);
        // What each created record lists, by its position in the change set (no map of every new id).
        List<Set<ObjectId>> addedByCreated = new java.util.ArrayList<>(cs.created().size());
        Map<ObjectId, Set<ObjectId>> added = new HashMap<>();
        Map<ObjectId, Set<ObjectId>> removed = new HashMap<>();
        Set<ObjectId> second = new LinkedHashSet<>();
        FieldPath createdField = FieldPath.of("created");
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            Set<ObjectId> listed = children(r.type(), r.values());
            refuseListedTwice(createdField, i);
            addedByCreated.add(listed);
            if (!listed.isEmpty()) {
                after.put(r.id(), listed::contains); // what childrenAfter would find again: a big list is collected once
            }
        }
        for (int i = 0; i < cs.changed().size(); i++) {
            ChangeSet.Change c = cs.changed().get(i);
            Record before = stored.get(c.id());
            if (before == null || stale(c, before)) {
                children(c.type(), c.newValues()); // left to the version check, but not listing an id twice
                refuseListedTwice(FieldPath.of("changed"), i);
                continue;
            }
            ListChange d = listChange(c, before);
            refuseListedTwice(FieldPath.of("changed"), i);
            added.put(c.id(), d.in());
            removed.put(c.id(), d.out());
            after.put(c.id(), d.listsAfter(() -> childrenAfter(c.id())));
            addIfStored(second, before.container());
        }
        Map<ObjectId, Long> deletedVersions = new HashMap<>();
        cs.deleted().forEach(d -> deletedVersions.put(d.id(), d.last().version()));
        for (ObjectId d : deleted) {
            Record before = stored.get(d);
            // Deleted as read: a newer version is the version check's conflict, not a lost child.
            if (before != null && before.version() == deletedVersions.getOrDefault(d, before.version())) {
                removed.put(d, children(before.type(), before.values()));
            }
        }
        addedByCreated.forEach(ids -> ids.forEach(id -> addIfStored(second, id)));
        added.values().forEach(ids -> ids.forEach(id -> addIfStored(second, id)));
        removed.values().forEach(ids -> ids.forEach(id -> addIfStored(second, id)));
        second.removeAll(stored.keySet());
        read(second);

        // One moving path for every created record (refusals are spelled out when thrown).
        FieldPath createdAt = createdField.cursor();
        FieldPath createdValues = createdAt.then(".values");
        FieldPath createdContainer = createdAt.then(".container");
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            createdAt.at(i);
            listed(r.id(), addedByCreated.get(i), createdValues);
            placed(r.id(), r.container(), createdContainer, true);
        }
        for (int i = 0; i < cs.changed().size(); i++) {
            ChangeSet.Change c = cs.changed().get(i);
            Record before = stored.get(c.id());
            if (before == null || stale(c, before)) {
                continue; // deleted or changed meanwhile: the version check reports the conflict
            }
            FieldPath f = FieldPath.of("changed").index(i);
            if (!before.type().equals(c.type())) {
                throw f.then(".type").refusal("object " + c.id() + " is a "
                        + before.type().name() + "; an object's class cannot change");
            }
            listed(c.id(), added.get(c.id()), f.then(".values"));
            if (!Objects.equals(c.container(), before.container())) {
                placed(c.id(), c.container(), f.then(".container"), false);
                ObjectId old = before.container();
                if (old != null && exists(old) && children(old).test(c.id())) {
                    throw f.then(".container").refusal("object " + c.id() + " moves to "
                            + c.container() + " but " + old + " still lists it; take it out of the old"
                            + " container's list in the same commit");
                }
            }
            for (ObjectId child : removed.get(c.id())) {
                left(child, c.id(), f.then(".values"));
            }
        }
        placedInCreatedListed();
        for (int i = 0; i < cs.deleted().size(); i++) {
            ObjectId d = cs.deleted().get(i).id();
            for (ObjectId child : removed.getOrDefault(d, Set.of())) {
                left(child, d, FieldPath.of("deleted").index(i));
            }
        }
    }

    /** Refuses the record at {@code i} if its containment values (just collected) name an object twice. */
    private void refuseListedTwice(FieldPath records, int i) {
        if (listedTwice != null) {
            throw records.index(i).then(".values").refusal("lists object " + listedTwice
                    + " twice in its containment values; an object is contained once");
        }
    }

    /**
     * A change made to an older version than the store's: judged against the stored lists it would
     * seem to drop children it never saw, so it is left to the version check (a conflict a merge can
     * rebase), not refused as invalid.
     */
    private static boolean stale(ChangeSet.Change c, Record before) {
        return c.expectedVersion() > 0 && c.expectedVersion() != before.version();
    }

    private void addIfStored(Set<ObjectId> ids, ObjectId id) {
        if (id != null && !created.containsKey(id)) {
            ids.add(id);
        }
    }

    private void read(Set<ObjectId> ids) {
        if (!ids.isEmpty()) {
            stored.putAll(reader.apply(ids));
        }
    }

    /** True if the object is there after the change set. */
    private boolean exists(ObjectId id) {
        return created.containsKey(id) || !deleted.contains(id) && stored.containsKey(id);
    }

    /** The object's container after the change set (null for a root). */
    private ObjectId containerAfter(ObjectId id) {
        if (created.containsKey(id)) {
            return created.get(id).container();
        }
        ChangeSet.Change c = changed.get(id);
        if (c != null) {
            return c.container();
        }
        Record r = stored.get(id);
        return r == null ? null : r.container();
    }

    /**
     * Every object newly listed by a containment value must exist and name this container. So no
     * object is listed twice: a second list would not be the one its container names.
     */
    private void listed(ObjectId parent, Set<ObjectId> children, FieldPath field) {
        int newOnes = 0;
        for (ObjectId child : children) {
            if (child.equals(parent)) {
                throw field.refusal("object " + parent + " cannot contain itself");
            }
            Record created = this.created.get(child); // a large commit's children: one lookup each
            ObjectId container = created != null ? created.container() : null;
            if (created == null) {
                if (!exists(child)) {
                    throw field.refusal("lists object " + child + " as contained, but the store"
                            + " does not have it and the commit does not create it");
                }
                container = containerAfter(child);
            }
            if (!parent.equals(container)) {
                throw field.refusal("lists object " + child + " as contained, but that"
                        + " object's container is " + container + (created != null
                                || changed.containsKey(child) ? "" : " (moving it needs a change of its container"
                                        + " in the same commit)"));
            }
            if (created != null) {
                newOnes++;
            }
        }
        if (newOnes > 0 && this.created.containsKey(parent)) {
            listedCreated.put(parent, newOnes); // for placedInCreatedListed()
        }
    }

    /**
     * An object placed in a container must be listed by one of its containment features. New
     * records ({@code counted}) placed in a container the change set creates are counted and
     * compared with its list at the end ({@link #placedInCreatedListed()}), not looked up one by one
     * in it: a new project's million new tasks.
     */
    private void placed(ObjectId child, ObjectId parent, FieldPath field, boolean counted) {
        if (parent == null) {
            return;
        }
        if (!parent.equals(lastPlacedIn)) {
            if (!exists(parent)) {
                throw field.refusal("container " + parent + " is not in the store and not created"
                        + " by the commit");
            }
            countPlaced();
            lastPlacedIn = parent; // the records of a large commit come container by container
            lastPlacedInChildren = children(parent);
            lastPlacedInCreated = created.containsKey(parent);
        }
        if (counted && lastPlacedInCreated) {
            placedRun++;
        } else if (!lastPlacedInChildren.test(child)) {
            throw notListed(child, parent, field);
        }
    }

    private static InvalidChangeException notListed(ObjectId child, ObjectId parent, FieldPath field) {
        return field.refusal("object " + child + " names " + parent + " as its container,"
                + " but no containment feature of " + parent + " lists it; add it to the container's list in"
                + " the same commit");
    }

    private void countPlaced() {
        if (lastPlacedInCreated && placedRun > 0) {
            placedInCreated.merge(lastPlacedIn, placedRun, Integer::sum);
        }
        placedRun = 0;
    }

    /**
     * Every new record placed in a container the change set creates is listed by it. Each new
     * record such a container lists was checked to name it ({@link #listed}), and listed once
     * ({@link #refuseListedTwice}); so it lists as many new records as name it exactly when none of
     * them is missing from its list. If one is, the new records are gone through again to name the
     * first one, as the check one by one would have.
     */
    private void placedInCreatedListed() {
        countPlaced();
        Set<ObjectId> leftOut = new HashSet<>();
        placedInCreated.forEach((parent, placed) -> {
            if (!placed.equals(listedCreated.get(parent))) {
                leftOut.add(parent);
            }
        });
        if (leftOut.isEmpty()) {
            return;
        }
        // In commit order, as the check one by one would have met them, over every such container.
        for (int i = 0; i < cs.created().size(); i++) {
            Record r = cs.created().get(i);
            if (r.container() != null && leftOut.contains(r.container()) && !children(r.container()).test(r.id())) {
                throw notListed(r.id(), r.container(), FieldPath.of("created").index(i).then(".container"));
            }
        }
    }

    /** A child a change or deletion takes from its container must be deleted or placed elsewhere. */
    private void left(ObjectId child, ObjectId parent, FieldPath field) {
        if (deleted.contains(child) || !exists(child)) {
            return;
        }
        if (parent.equals(containerAfter(child)) && (deleted.contains(parent) || !children(parent).test(child))) {
            throw field.refusal("takes object " + child + " out of " + parent
                    + " without deleting it or moving it to another container; it would be lost");
        }
    }

    /** Whether the container lists an id after the change set. */
    private Predicate<ObjectId> children(ObjectId parent) {
        return after.computeIfAbsent(parent, p -> childrenAfter(p)::contains);
    }

    private Set<ObjectId> childrenAfter(ObjectId parent) {
        Record p = created.get(parent);
        if (p != null) {
            return children(p.type(), p.values());
        }
        Record before = stored.get(parent);
        if (before == null) {
            return Set.of();
        }
        Map<String, Object> values = new HashMap<>(before.values());
        ChangeSet.Change c = changed.get(parent);
        if (c != null) {
            values.putAll(c.newValues());
        }
        return children(before.type(), values);
    }

    /** The ids the values' containment features (and containment entries of feature maps) hold. */
    private Set<ObjectId> children(TypeRef type, Map<String, Object> values) {
        listedTwice = null;
        EClass c = eClass(type);
        if (c == null) {
            return new LinkedHashSet<>();
        }
        Set<String> holding = containers.computeIfAbsent(c, ContainmentCheck::holdingChildren);
        if (holding.isEmpty()) {
            return Set.of(); // most objects of a large commit: nothing to look at
        }
        int size = 0;
        for (String name : holding) {
            size += values.get(name) instanceof List<?> l ? l.size() : 1;
        }
        Set<ObjectId> ids = LinkedHashSet.newLinkedHashSet(size);
        for (String name : values.keySet()) {
            if (!holding.contains(name)) {
                continue;
            }
            EStructuralFeature f = c.getEStructuralFeature(name);
            Object v = values.get(name);
            if (f == null || v == null) {
                continue;
            }
            for (Object o : asList(v)) {
                ObjectId id = contained(c, f, o);
                if (id != null && !ids.add(id)) {
                    listedTwice = id;
                }
            }
        }
        return ids;
    }

    /** The id a value of a feature holds as contained (an id, or a feature map's containment entry), else null. */
    private static ObjectId contained(EClass c, EStructuralFeature f, Object o) {
        if (o instanceof FeatureMapEntry e && e.value() instanceof ObjectId entryId
                && FeatureMapEntry.feature(c, e.feature()) instanceof EReference r && r.isContainment()) {
            return entryId;
        }
        return o instanceof ObjectId listedId && f instanceof EReference r && r.isContainment() ? listedId : null;
    }

    /**
     * What a change does to the containment values of a stored object: the ids it lists newly
     * ({@code in}) and no longer ({@code out}), and whether it lists an id after it.
     *
     * @param moved  the ids of the changed stretches after the change
     * @param before the ids of the changed stretches before it
     */
    private record ListChange(Set<ObjectId> in, Set<ObjectId> out, Set<ObjectId> moved, Set<ObjectId> before) {

        /**
         * An id of a changed stretch after the change is listed, one only before is not (the stored
         * lists named no id twice); any other is listed as the stored values had it, looked up in
         * every id after (collected once, only when such an id is asked about: a refusal's path).
         */
        Predicate<ObjectId> listsAfter(Supplier<Set<ObjectId>> every) {
            return new Predicate<>() {
                private Set<ObjectId> all;

                @Override
                public boolean test(ObjectId id) {
                    if (moved.contains(id) || before.contains(id)) {
                        return moved.contains(id);
                    }
                    if (all == null) {
                        all = every.get();
                    }
                    return all.contains(id);
                }
            };
        }
    }

    /**
     * Compares a change's containment values with the stored ones by the stretch of each list
     * between what the two keep at its start and at its end: adding a task to a project of a
     * million looks at one id, not at two sets of a million (about 0.5 GB of entries). An id the
     * stretches add is looked for once in every containment value after the change, which sets
     * {@link #listedTwice} if it is there twice; ids kept where they were cannot be, since the
     * stored values named none twice.
     */
    private ListChange listChange(ChangeSet.Change change, Record stored) {
        listedTwice = null;
        EClass c = eClass(change.type());
        Set<String> holding = c == null ? Set.of() : containers.computeIfAbsent(c, ContainmentCheck::holdingChildren);
        Set<ObjectId> was = new LinkedHashSet<>();
        Set<ObjectId> is = new LinkedHashSet<>();
        for (Map.Entry<String, Object> v : change.newValues().entrySet()) {
            EStructuralFeature f = holding.contains(v.getKey()) ? c.getEStructuralFeature(v.getKey()) : null;
            if (f == null) {
                continue;
            }
            List<?> a = asList(stored.values().get(v.getKey()));
            List<?> b = asList(v.getValue());
            int start = 0;
            int end = 0;
            if (!FeatureMapUtil.isFeatureMap(f)) { // a feature map's entries are few; taken whole
                int most = Math.min(a.size(), b.size());
                while (start < most && IdList.same(a, start, b, start)) {
                    start++;
                }
                while (end < most - start && IdList.same(a, a.size() - 1 - end, b, b.size() - 1 - end)) {
                    end++;
                }
            }
            for (Object o : a.subList(start, a.size() - end)) {
                ObjectId id = contained(c, f, o);
                if (id != null) {
                    was.add(id);
                }
            }
            for (Object o : b.subList(start, b.size() - end)) {
                ObjectId id = contained(c, f, o);
                if (id != null && !is.add(id)) {
                    listedTwice = id;
                }
            }
        }
        // New objects' ids too: a commit creating an id a stored list already names is refused here,
        // before anything is written, as it was when every id was collected.
        if (listedTwice == null && !is.isEmpty()) {
            refuseKeptTwice(c, holding, stored.values(), change.newValues(), is);
        }
        Set<ObjectId> in = new LinkedHashSet<>(is);
        in.removeAll(was);
        Set<ObjectId> out = new LinkedHashSet<>(was);
        out.removeAll(is);
        return new ListChange(in, out, is, was);
    }

    /** Sets {@link #listedTwice} if one of the ids is found twice in the containment values after a change. */
    private void refuseKeptTwice(EClass c, Set<String> holding, Map<String, Object> stored,
            Map<String, Object> changed, Set<ObjectId> ids) {
        Set<ObjectId> seen = new HashSet<>();
        for (String name : holding) {
            EStructuralFeature f = c.getEStructuralFeature(name);
            List<?> v = asList(changed.containsKey(name) ? changed.get(name) : stored.get(name));
            for (int i = 0; i < v.size(); i++) {
                ObjectId id = contained(c, f, v.get(i));
                if (id != null && ids.contains(id) && !seen.add(id)) {
                    listedTwice = id;
                    return;
                }
            }
        }
    }

    private static List<?> asList(Object v) {
        return v == null ? List.of() : v instanceof List<?> l ? l : List.of(v);
    }

    private EClass eClass(TypeRef type) {
        if (!type.equals(lastType)) { // the records of a large commit come class by class
            lastClass = model.eClass(type, "type");
            lastType = type;
        }
        return lastClass;
    }

    /** The features of a class whose values can hold contained ids: containment references and feature maps. */
    private static Set<String> holdingChildren(EClass c) {
        Set<String> names = new LinkedHashSet<>(); // in the class's order: the first id listed twice is named
        for (EStructuralFeature f : PersistentFeatures.of(c)) { // what a record holds (a value of another is ignored)
            if (f instanceof EReference r && r.isContainment() || FeatureMapUtil.isFeatureMap(f)) {
                names.add(f.getName());
            }
        }
        return names;
    }
}
