package dev.strata.core.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.InternalEObject;

import dev.strata.core.ObjectId;

/**
 * A long containment list of a lazily read object that holds its children's ids (two longs each)
 * and makes the children a page at a time when they are asked for. The session holds the children
 * made this way weakly, so walking a list of millions keeps only the current page and what the
 * application holds. Reading (get, iteration, size, contains, indexOf) stays paged, and so do
 * objects added at the end and taken away again from there (new children: a New Child, an import
 * into a long list): they are held after the ids. Any other change, or any access to the raw
 * storage, makes every child first and from then on it is the plain EMF list it stands for.
 */
final class PagedList<E> extends WholeOnDemandList<E> {

    private static final long serialVersionUID = 1L;

    /** The session's side: makes the children of a page. */
    interface Pages {
        /** The children at positions [from, to), made or found in the session, in order. */
        EObject[] page(PagedList<?> list, int from, int to);

        /** The id of one of the session's objects; null if it has none. */
        ObjectId idOf(EObject object);

        /** The session's object with this id, read if need be. */
        EObject object(ObjectId id);

        /** The session's object with this id if it has made it, else null (nothing is read). */
        EObject held(ObjectId id);
    }

    private final transient Pages pages;
    private final int pageSize;
    /** The children's ids while the list is paged; null once every child is made. */
    private IdList ids;
    /**
     * Objects added at the end while paged, [0, tailSize): they follow the ids until a commit
     * stores them (then they are ids too). A value taken of the list shares the array up to
     * {@link #shared}: a position below it is only written in a copy.
     */
    private Object[] tail = NONE;
    private int tailSize;
    private int shared;
    private static final Object[] NONE = {};
    /** The value before the last removal among the ids, what it removed and where (for the tracker's notification). */
    private PagedValue beforeRemoval;
    private Object removedLast;
    private int removedAt;
    /** The page read last, held strongly so a walk does not read it again child by child. */
    private EObject[] recent;
    private int recentFrom;
    /** Position + 1 by id hash (open addressing), built on the first lookup by object. */
    private int[] positions;
    private final boolean proxies;
    private static final int SCANS = 8;
    /** Children in the first page a list reads. */
    private static final int FIRST_PAGE = 64;
    /** Children in the next page read: from {@link #FIRST_PAGE} up to the page size. */
    private int window;
    private int scans;

    /** A list over the children's ids (not copied, never changed). */
    PagedList(InternalEObject owner, EReference feature, IdList childIds, int pageSize, Pages pages) {
        super(Generic.kind(feature) & ~HAS_PROXIES | (feature.isUnsettable() ? IS_SET : 0),
                feature.getEType().getInstanceClass() == null ? Object.class : feature.getEType().getInstanceClass(),
                owner, feature);
        this.proxies = (Generic.kind(feature) & HAS_PROXIES) != 0;
        this.pages = pages;
        this.pageSize = pageSize;
        this.window = Math.min(pageSize, FIRST_PAGE);
        this.size = childIds.size();
        this.ids = childIds;
    }

    /** True while the children are made page by page (no change has made them all yet). */
    boolean paged() {
        return ids != null;
    }

    ObjectId idAt(int index) {
        return new ObjectId(new UUID(ids.msb(index), ids.lsb(index)));
    }

    /** The position of an id among the ids the list read; -1 if they do not name it. */
    int positionOf(ObjectId id) {
        int stored = ids.size();
        if (positions == null && ++scans <= SCANS) {
            // A few lookups scan the longs; more build an index (4 to 8 bytes a child).
            long hi = id.value().getMostSignificantBits();
            long lo = id.value().getLeastSignificantBits();
            for (int i = 0; i < stored; i++) {
                if (ids.msb(i) == hi && ids.lsb(i) == lo) {
                    return i;
                }
            }
            return -1;
        }
        if (positions == null) {
            int capacity = Integer.highestOneBit(Math.max(4, stored * 2 - 1)) << 1;
            positions = new int[capacity];
            for (int i = 0; i < stored; i++) {
                int slot = slot(ids.msb(i), ids.lsb(i));
                while (positions[slot] != 0) {
                    slot = (slot + 1) & (positions.length - 1);
                }
                positions[slot] = i + 1;
            }
        }
        long hi = id.value().getMostSignificantBits();
        long lo = id.value().getLeastSignificantBits();
        for (int slot = slot(hi, lo);; slot = (slot + 1) & (positions.length - 1)) {
            int p = positions[slot] - 1;
            if (p < 0) {
                return -1;
            }
            if (ids.msb(p) == hi && ids.lsb(p) == lo) {
                return p;
            }
        }
    }

    private int slot(long hi, long lo) {
        long h = (hi ^ lo) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (positions.length - 1);
    }

    /** Objects of the page held now (for a refresh, which must not read the list). */
    EObject[] recentPage() {
        return recent == null ? new EObject[0] : recent.clone();
    }

    /** The children's ids while paged; null once every child is made. */
    IdList ids() {
        return ids;
    }

    /** The session's object with an id (for a value of this list taken earlier). */
    EObject object(ObjectId id) {
        return pages.object(id);
    }

    /**
     * A refresh brings a newer list of ids: the list takes them as they are, without reading a
     * child (they name what was appended and committed since). The children made from the old
     * ids stay the session's until it lets them go.
     */
    void replaceIds(IdList childIds) {
        replace(new PagedValue(this, childIds, NONE, 0));
    }

    /** Takes a value as it is, changing no child (a refresh putting back what it replaced). */
    void replace(PagedValue value) {
        this.ids = value.ids;
        this.tail = value.tail;
        this.tailSize = value.tailSize;
        this.shared = value.tailSize;
        this.size = value.size();
        this.beforeRemoval = null;
        this.removedLast = null;
        this.positions = null;
        this.scans = 0;
        this.recent = null;
        modCount++;
    }

    /** The child at the position if the page read last holds it, else null. */
    @SuppressWarnings("unchecked")
    private E held(int index) {
        return recent != null && index >= recentFrom && index < recentFrom + recent.length
                ? (E) recent[index - recentFrom] : null;
    }

    @SuppressWarnings("unchecked")
    private E element(int index) {
        if (index >= ids.size()) {
            return (E) tail[index - ids.size()];
        }
        E held = held(index);
        if (held != null) {
            return held;
        }
        // The first read of a list takes a few children (the first one shows at once), then pages
        // grow to their full size: a walk reads full pages from its third read on.
        int n = window;
        window = (int) Math.min(pageSize, 4L * window);
        int from = index - index % n;
        EObject[] made = pages.page(this, from, Math.min(ids.size(), from + n));
        recent = made;
        recentFrom = from;
        return (E) made[index - from];
    }

    /** One child, made alone unless its page is held: for a lookup by id, which must not read a page. */
    @SuppressWarnings("unchecked")
    E one(int index) {
        if (index >= ids.size()) {
            return (E) tail[index - ids.size()];
        }
        E held = held(index);
        return held != null ? held : (E) pages.page(this, index, index + 1)[0];
    }

    /** Makes every child and turns into the plain list: before any change and any raw access. */
    @Override
    void inflate() {
        if (ids == null) {
            return;
        }
        scans = 0;
        Object[] all = newData(Math.max(size, 1));
        int stored = ids.size();
        for (int from = 0; from < stored; from += pageSize) {
            EObject[] made = pages.page(this, from, Math.min(stored, from + pageSize));
            System.arraycopy(made, 0, all, from, made.length);
        }
        System.arraycopy(tail, 0, all, stored, tailSize);
        tail = NONE;
        tailSize = 0;
        shared = 0;
        beforeRemoval = null;
        removedLast = null;
        data = all;
        ids = null;
        recent = null;
        positions = null;
    }

    /**
     * After a commit stored the objects appended: the list names them by id like the others
     * (a lookup by object then uses the index of ids, not a scan of what was appended).
     */
    void fold() {
        if (ids == null || tailSize == 0) {
            return;
        }
        int stored = ids.size();
        long[] bits = new long[2 * (stored + tailSize)];
        for (int i = 0; i < stored; i++) {
            bits[2 * i] = ids.msb(i);
            bits[2 * i + 1] = ids.lsb(i);
        }
        for (int i = 0; i < tailSize; i++) {
            ObjectId id = pages.idOf((EObject) tail[i]);
            if (id == null) {
                return; // not the session's (it left since): stays where it is
            }
            bits[2 * (stored + i)] = id.value().getMostSignificantBits();
            bits[2 * (stored + i) + 1] = id.value().getLeastSignificantBits();
        }
        ids = new IdList(bits);
        tail = NONE;
        tailSize = 0;
        shared = 0;
        positions = null;
        scans = 0;
        beforeRemoval = null;
        removedLast = null;
    }

    /** The list's value now, without making a child. */
    PagedValue value() {
        shared = Math.max(shared, tailSize);
        return new PagedValue(this, ids, tail, tailSize);
    }

    /**
     * The list's value before the change a notification reports: objects appended or taken away
     * after the ids, or one child taken out of them (any other change made the list whole before
     * it notified). Null if the notification tells several removals among the ids at once (EMF
     * merges a chain of them): the caller then makes the list whole and reads it from there.
     */
    PagedValue before(Notification n) {
        int stored = ids.size();
        int at = n.getPosition() - stored;
        int type = n.getEventType();
        if (removedLast != null && (n.getOldValue() == removedLast
                || n.getOldValue() instanceof Collection<?> removed && removed.contains(removedLast))) {
            PagedValue then = type == Notification.REMOVE && n.getPosition() == removedAt ? beforeRemoval : null;
            beforeRemoval = null;
            removedLast = null;
            return then; // null: several removals among the ids told at once; the caller reads the list whole
        }
        if (at < 0 || type == Notification.REMOVE_MANY && n.getNewValue() instanceof int[] where
                && java.util.Arrays.stream(where).anyMatch(p -> p < stored)) {
            return null;
        }
        if (type == Notification.ADD || type == Notification.ADD_MANY) {
            int count = type == Notification.ADD ? 1 : ((Collection<?>) n.getNewValue()).size();
            if (at + count == tailSize) { // appended last, as the list appends: the value shares the array
                shared = Math.max(shared, at);
                return new PagedValue(this, ids, tail, at);
            }
        }
        java.util.ArrayList<Object> then = new java.util.ArrayList<>(java.util.Arrays.asList(tail).subList(0, tailSize));
        switch (type) {
            case Notification.ADD -> then.remove(at);
            case Notification.ADD_MANY -> then.subList(at, at + ((Collection<?>) n.getNewValue()).size()).clear();
            case Notification.REMOVE -> then.add(at, n.getOldValue());
            case Notification.REMOVE_MANY -> {
                List<?> removed = new java.util.ArrayList<>((Collection<?>) n.getOldValue());
                if (n.getNewValue() instanceof int[] where) {
                    for (int i = 0; i < where.length; i++) {
                        then.add(where[i] - stored, removed.get(i));
                    }
                } else {
                    then.addAll(at, removed);
                }
            }
            default -> throw new IllegalStateException("A list read a page at a time changed other than at its end: " + n);
        }
        return new PagedValue(this, ids, then.toArray(), then.size());
    }

    /**
     * Gives the list a value it had while paged with the same ids (a rollback): objects appended
     * since are taken away and those taken away are appended again, as changes of the list (the
     * caller quiets its tracking). False, changing nothing, if the ids differ or the list was made
     * whole: then the value is set as for any list.
     */
    @SuppressWarnings("unchecked")
    boolean restore(PagedValue value) {
        if (ids == null) {
            return false;
        }
        int[] where = value.ids == ids ? new int[0] : removedSince(value.ids);
        if (where == null) {
            return false;
        }
        int keep = 0;
        while (keep < tailSize && keep < value.tailSize && tail[keep] == value.tail[keep]) {
            keep++;
        }
        while (size > ids.size() + keep) {
            remove(size - 1);
        }
        if (keep < value.tailSize) {
            appendAll(new java.util.ArrayList<>((List<E>) java.util.Arrays.asList(value.tail).subList(keep, value.tailSize)));
        }
        if (value.ids != ids) {
            // The children removed since are put back where the ids name them, in this list again,
            // and told as added (the caller quiets the session's own tracking).
            EObject[] back = new EObject[where.length];
            for (int i = 0; i < where.length; i++) {
                back[i] = pages.held(value.ids.get(where[i]));
                if (back[i].eContainer() != null) {
                    org.eclipse.emf.ecore.util.EcoreUtil.remove(back[i]);
                }
            }
            ids = value.ids;
            size = ids.size() + tailSize;
            positions = null;
            scans = 0;
            recent = null;
            beforeRemoval = null;
            removedLast = null;
            modCount++;
            for (int i = 0; i < where.length; i++) {
                IdentityMap.link(owner, (EReference) getEStructuralFeature(), back[i]);
                if (isNotificationRequired()) {
                    dispatchNotification(createNotification(Notification.ADD, null, back[i], where[i], true));
                }
            }
        }
        return true;
    }

    /**
     * Where earlier ids name the session's children the ids now leave out, when only removals lead
     * from those to these; null otherwise (or if one of them is not the session's any more).
     */
    private int[] removedSince(IdList then) {
        int[] where = new int[Math.max(0, then.size() - ids.size())];
        int now = 0;
        int k = 0;
        for (int i = 0; i < then.size(); i++) {
            if (now < ids.size() && ids.msb(now) == then.msb(i) && ids.lsb(now) == then.lsb(i)) {
                now++;
                continue;
            }
            if (k == where.length || pages.held(then.get(i)) == null) {
                return null;
            }
            where[k++] = i;
        }
        return now == ids.size() && k == where.length ? where : null;
    }

    // ------------------------------------------------------------------ appends and removals at the end stay paged

    private void tailAdd(Object object) {
        if (tailSize < shared || tailSize == tail.length) {
            // Full, or a value taken holds this position: the value keeps the old array.
            tail = java.util.Arrays.copyOf(tail, tailSize == tail.length ? Math.max(4, 2 * tail.length) : tail.length);
            shared = 0;
        }
        tail[tailSize++] = object;
    }

    private Object tailRemove(int at) {
        Object removed = tail[at];
        if (at < shared && at < tailSize - 1) {
            tail = java.util.Arrays.copyOf(tail, tail.length);
            shared = 0;
        }
        System.arraycopy(tail, at + 1, tail, at, tailSize - at - 1);
        tailSize--;
        if (tailSize >= shared) {
            tail[tailSize] = null;
        }
        return removed;
    }

    @Override
    protected void doAddUnique(E object) {
        if (ids == null) {
            super.doAddUnique(object);
            return;
        }
        ++modCount;
        E added = validate(size, object);
        tailAdd(added);
        didAdd(size++, added);
        didChange();
    }

    @Override
    protected void doAddUnique(int index, E object) {
        if (ids != null && index == size) {
            doAddUnique(object);
            return;
        }
        inflate();
        super.doAddUnique(index, object);
    }

    @Override
    protected E doRemove(int index) {
        if (ids == null) {
            return super.doRemove(index);
        }
        if (index >= size) {
            throw new BasicIndexOutOfBoundsException(index, size);
        }
        if (index < ids.size()) {
            return removeStored(index);
        }
        ++modCount;
        @SuppressWarnings("unchecked")
        E removed = (E) tailRemove(index - ids.size());
        --size;
        didRemove(index, removed);
        didChange();
        return removed;
    }

    /**
     * Takes a child out of the ids (a removal or deletion in a long list): the ids are copied
     * without it (16 bytes a child), no other child is made.
     */
    @SuppressWarnings("unchecked")
    private E removeStored(int index) {
        EObject held = pages.held(idAt(index)); // the child asked to go is made already: no page read
        E removed = held != null ? (E) held : one(index);
        IdList before = ids;
        shared = Math.max(shared, tailSize);
        beforeRemoval = new PagedValue(this, before, tail, tailSize);
        removedLast = removed;
        removedAt = index;
        ++modCount;
        ids = before.without(index);
        positions = null;
        scans = 0;
        recent = null;
        --size;
        didRemove(index, removed);
        didChange();
        return removed;
    }

    @Override
    protected E doSetUnique(int index, E object) {
        inflate();
        return super.doSetUnique(index, object);
    }

    /**
     * Objects added at the end while paged, told as EMF tells an addAll: one notification (ADD or
     * ADD_MANY) after every object's container is set.
     */
    private boolean appendAll(List<E> objects) {
        int count = objects.size();
        if (count == 0) {
            return false;
        }
        int index = size;
        boolean wasSet = isSet();
        for (E o : objects) {
            doAddUnique(o);
        }
        if (!isNotificationRequired() && !hasInverse()) {
            return true;
        }
        org.eclipse.emf.common.notify.impl.NotificationImpl notification = !isNotificationRequired() ? null
                : count == 1 ? createNotification(Notification.ADD, null, objects.get(0), index, wasSet)
                : createNotification(Notification.ADD_MANY, null, objects, index, wasSet);
        org.eclipse.emf.common.notify.NotificationChain chain = createNotificationChain(count);
        if (hasInverse()) {
            for (int i = 0; i < count; i++) {
                @SuppressWarnings("unchecked")
                E o = (E) tail[index - ids.size() + i];
                chain = inverseAdd(o, chain);
                if (hasShadow()) {
                    chain = shadowAdd(o, chain);
                }
            }
        }
        if (notification != null && chain == null) {
            dispatchNotification(notification);
        } else if (chain != null) {
            if (notification != null) {
                chain.add(notification);
            }
            chain.dispatch();
        }
        return true;
    }

    // ------------------------------------------------------------------ reads that stay paged

    @Override
    public E get(int index) {
        if (ids == null) {
            return super.get(index);
        }
        if (index < 0 || index >= size) {
            throw new BasicIndexOutOfBoundsException(index, size);
        }
        return element(index);
    }

    @Override
    public E basicGet(int index) {
        return get(index);
    }

    @Override
    protected E primitiveGet(int index) {
        return ids == null ? super.primitiveGet(index) : element(index);
    }

    @Override
    protected boolean hasProxies() {
        return ids == null && proxies;
    }

    @Override
    public int indexOf(Object object) {
        if (ids == null) {
            return super.indexOf(object);
        }
        if (!(object instanceof EObject o) || o.eContainer() != owner) {
            return -1;
        }
        ObjectId id = pages.idOf(o);
        int p = id == null ? -1 : positionOf(id);
        for (int i = 0; p < 0 && i < tailSize; i++) {
            if (tail[i] == o) {
                p = ids.size() + i;
            }
        }
        return p;
    }

    @Override
    public int lastIndexOf(Object object) {
        return ids == null ? super.lastIndexOf(object) : indexOf(object); // unique: one position at most
    }

    @Override
    public boolean contains(Object object) {
        return ids == null ? super.contains(object) : indexOf(object) >= 0;
    }

    // ------------------------------------------------------------------ appends of several stay paged; other changes: every child first (WholeOnDemandList)

    @Override
    public boolean addAllUnique(Collection<? extends E> collection) {
        return addAllUnique(size, collection);
    }

    @Override
    public boolean addAllUnique(int index, Collection<? extends E> collection) {
        if (ids != null && index == size) {
            return appendAll(new java.util.ArrayList<>(collection));
        }
        inflate();
        return super.addAllUnique(index, collection);
    }

    @Override
    public boolean addAllUnique(Object[] objects, int start, int end) {
        return addAllUnique(size, objects, start, end);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean addAllUnique(int index, Object[] objects, int start, int end) {
        if (ids != null && index == size) {
            return appendAll((List<E>) java.util.Arrays.asList(java.util.Arrays.copyOfRange(objects, start, end)));
        }
        inflate();
        return super.addAllUnique(index, objects, start, end);
    }

    @Override
    public String toString() {
        return ids == null ? super.toString() : "[" + size + " children of " + owner.eClass().getName() + "."
                + eStructuralFeature.getName() + ", read a page at a time]";
    }
}
