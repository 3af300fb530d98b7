package dev.strata.core.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.strata.core.ObjectId;

/**
 * A session's objects by id. Most are held for the session's life; the children read page by page
 * from a long list ({@link PagedList}) are held weakly, so a clean one the application no longer
 * holds is released and read again when touched. An object with pending work is never released:
 * the session's touched set holds its entry.
 */
final class Entries {

    private final Map<ObjectId, Entry> strong = new HashMap<>();
    private final Map<ObjectId, Weak> weak = new HashMap<>();
    private final ReferenceQueue<Entry> released = new ReferenceQueue<>();

    /** The entry is reachable only through its object: released with it. */
    private static final class Weak extends WeakReference<Entry> {
        final ObjectId id;

        Weak(Entry e, ReferenceQueue<Entry> q) {
            super(e, q);
            this.id = e.id;
        }
    }

    Entry get(ObjectId id) {
        Entry e = strong.get(id);
        if (e != null) {
            return e;
        }
        Weak w = weak.get(id);
        return w == null ? null : w.get();
    }

    boolean containsKey(ObjectId id) {
        return get(id) != null;
    }

    void put(ObjectId id, Entry e) {
        weak.remove(id);
        strong.put(id, e);
    }

    /** Holds the entry only while its object is reachable from elsewhere. */
    void putWeak(ObjectId id, Entry e) {
        expunge();
        strong.remove(id);
        weak.put(id, new Weak(e, released));
    }

    void remove(ObjectId id) {
        strong.remove(id);
        weak.remove(id);
    }

    /** How many objects the session holds now (released ones no longer count). */
    int size() {
        expunge();
        return strong.size() + weak.size();
    }

    /** How many entries are held weakly and not yet released (for tests and benchmarks). */
    int weakCount() {
        expunge();
        return weak.size();
    }

    /** A snapshot of the entries held now. */
    List<Entry> values() {
        expunge();
        List<Entry> all = new ArrayList<>(strong.size() + weak.size());
        all.addAll(strong.values());
        for (Weak w : weak.values()) {
            Entry e = w.get();
            if (e != null) {
                all.add(e);
            }
        }
        return all;
    }

    void clear() {
        strong.clear();
        weak.clear();
        expunge();
    }

    private void expunge() {
        for (Object r; (r = released.poll()) != null;) {
            Weak w = (Weak) r;
            weak.remove(w.id, w);
        }
    }
}
