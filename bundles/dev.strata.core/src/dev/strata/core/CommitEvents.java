package dev.strata.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.event.Event;

import dev.strata.core.internal.OrderedVersions;

/** Builds the one event every store posts for an accepted commit, so all stores announce alike. */
public final class CommitEvents {

    private CommitEvents() {
    }

    public static Event of(String store, ChangeSet changes, CommitResult result) {
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.STORE, store);
        props.put(Topics.COMMIT_ID, changes.commitId().toString());
        props.put(Topics.SESSION, changes.session());
        List<ObjectId> createdIds = changes.created().stream().map(Record::id).toList();
        List<ObjectId> changedIds = changes.changed().stream().map(ChangeSet.Change::id).toList();
        String[] created = createdIds.stream().map(ObjectId::toString).toArray(String[]::new);
        String[] changed = changedIds.stream().map(ObjectId::toString).toArray(String[]::new);
        props.put(Topics.CREATED, created);
        props.put(Topics.CHANGED, changed);
        props.put(Topics.DELETED, changes.deleted().stream().map(d -> d.id().toString()).toArray(String[]::new));
        props.put(Topics.TYPES, types(changes).toArray(String[]::new));
        props.put(Topics.SEQUENCE, result.sequence());
        props.put(Topics.VERSIONS, versions(createdIds, created, changedIds, changed, result.newVersions()));
        return new Event(Topics.commit(store), props);
    }

    /**
     * "id=version" of every object the commit gave a version: the created and the changed ones in
     * the change set's order, then any others the store renumbered (a route store moving a tree),
     * sorted. Only those few are sorted: sorting a million-object commit's versions took longer
     * than a third of the commit itself. Versions a store keeps in order ({@link OrderedVersions},
     * the change set's as that store got it) are listed in their own order.
     */
    private static String[] versions(List<ObjectId> createdIds, String[] created, List<ObjectId> changedIds,
            String[] changed, Map<ObjectId, Long> versions) {
        if (versions instanceof OrderedVersions ordered) {
            // The store's own order, the change set's: each id's text made above is used again.
            String[] out = new String[ordered.size()];
            for (int i = 0; i < out.length; i++) {
                ObjectId id = ordered.idAt(i);
                int c = i - created.length;
                String text = i < created.length && createdIds.get(i) == id ? created[i]
                        : c >= 0 && c < changed.length && changedIds.get(c) == id ? changed[c] : id.toString();
                out[i] = text + "=" + ordered.versionAt(i);
            }
            return out;
        }
        List<String> out = new ArrayList<>(versions.size());
        addVersions(createdIds, created, versions, out);
        addVersions(changedIds, changed, versions, out);
        if (out.size() < versions.size()) {
            Set<ObjectId> named = new HashSet<>(createdIds);
            named.addAll(changedIds);
            versions.entrySet().stream().filter(e -> !named.contains(e.getKey())).map(e -> e.getKey() + "=" + e.getValue())
                    .sorted().forEach(out::add);
        }
        return out.toArray(String[]::new);
    }

    private static void addVersions(List<ObjectId> ids, String[] texts, Map<ObjectId, Long> versions, List<String> out) {
        for (int i = 0; i < texts.length; i++) {
            Long version = versions.get(ids.get(i));
            if (version != null) {
                out.add(texts[i] + "=" + version);
            }
        }
    }

    /**
     * The event a store posts on its commit topic when it lost track of commits made elsewhere and
     * read afresh (see {@link Topics#RESYNC}).
     *
     * @param sequence where the store follows from now on
     * @param reason   why, for people reading the event or a log
     * @since 0.2
     */
    public static Event resync(String store, long sequence, String reason) {
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.STORE, store);
        props.put(Topics.RESYNC, reason);
        props.put(Topics.SEQUENCE, sequence);
        props.put(Topics.CREATED, new String[0]);
        props.put(Topics.CHANGED, new String[0]);
        props.put(Topics.DELETED, new String[0]);
        props.put(Topics.TYPES, new String[0]);
        props.put(Topics.VERSIONS, new String[0]);
        return new Event(Topics.commit(store), props);
    }

    /**
     * A wrapped store's commit event announced again as the wrapping store's (a cache, a read-only
     * view, a log): the same properties under {@code store}'s name, on its commit topic, so that
     * sessions over the wrapping store hear of every commit of the wrapped one.
     *
     * @since 0.5
     */
    public static Event again(Event event, String store) {
        Map<String, Object> props = new HashMap<>();
        for (String key : event.getPropertyNames()) {
            props.put(key, event.getProperty(key));
        }
        props.remove("event.topics"); // Event Admin sets it from the topic given below
        props.put(Topics.STORE, store);
        return new Event(Topics.commit(store), props);
    }

    /** The EClasses a change set touches, as {@link TypeRef#toString()}, sorted. */
    public static TreeSet<String> types(ChangeSet changes) {
        // The distinct types first: a large commit names few types, each spelled out once.
        Set<TypeRef> distinct = new HashSet<>();
        TypeRef last = null;
        for (Record r : changes.created()) {
            if (r.type() != last) { // a large commit's records share a few types: hashed once a run
                last = r.type();
                distinct.add(last);
            }
        }
        changes.changed().forEach(c -> distinct.add(c.type()));
        changes.deleted().forEach(d -> distinct.add(d.last().type()));
        TreeSet<String> types = new TreeSet<>();
        distinct.forEach(t -> types.add(t.toString()));
        return types;
    }
}
