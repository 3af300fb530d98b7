package dev.strata.core.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.UUID;

import org.eclipse.emf.common.notify.NotificationChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreEList;

import dev.strata.core.ObjectId;

/**
 * A long containment list of a lazily read object that holds its children's ids (two longs each)
 * and makes the children a page at a time when they are asked for. The session holds the children
 * made this way weakly, so walking a list of millions keeps only the current page and what the
 * application holds. Reading (get, iteration, size, contains, indexOf) stays paged; the first
 * change of the list, or any access to its raw storage, makes every child and from then on it is
 * the plain EMF list it stands for.
 */
final class PagedList<E> extends EcoreEList.Dynamic<E> {

    private static final long serialVersionUID = 1L;

    /** The session's side: makes the children of a page. */
    interface Pages {
        /** The children at positions [from, to), made or found in the session, in order. */
        EObject[] page(PagedList<?> list, int from, int to);

        /** The id of one of the session's objects; null if it has none. */
        ObjectId idOf(EObject object);
    }

    private final transient Pages pages;
    private final int pageSize;
    /** The children's ids while the list is paged; null once every child is made. */
    private IdList ids;
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

    /** The position of an id in a paged list; -1 if it does not list it. */
    int positionOf(ObjectId id) {
        if (positions == null && ++scans <= SCANS) {
            // A few lookups scan the longs; more build an index (4 to 8 bytes a child).
            long hi = id.value().getMostSignificantBits();
            long lo = id.value().getLeastSignificantBits();
            for (int i = 0; i < size; i++) {
                if (ids.msb(i) == hi && ids.lsb(i) == lo) {
                    return i;
                }
            }
            return -1;
        }
        if (positions == null) {
            int capacity = Integer.highestOneBit(Math.max(4, size * 2 - 1)) << 1;
            positions = new int[capacity];
            for (int i = 0; i < size; i++) {
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

    /**
     * A refresh brings a newer list of ids: the list takes them as they are, without reading a
     * child. The children made from the old ids stay the session's until it lets them go.
     */
    /** The children's ids while paged; null once every child is made. */
    IdList ids() {
        return ids;
    }

    void replaceIds(IdList childIds) {
        this.ids = childIds;
        this.size = childIds.size();
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
        E held = held(index);
        if (held != null) {
            return held;
        }
        // The first read of a list takes a few children (the first one shows at once), then pages
        // grow to their full size: a walk reads full pages from its third read on.
        int n = window;
        window = (int) Math.min(pageSize, 4L * window);
        int from = index - index % n;
        EObject[] made = pages.page(this, from, Math.min(size, from + n));
        recent = made;
        recentFrom = from;
        return (E) made[index - from];
    }

    /** One child, made alone unless its page is held: for a lookup by id, which must not read a page. */
    @SuppressWarnings("unchecked")
    E one(int index) {
        E held = held(index);
        return held != null ? held : (E) pages.page(this, index, index + 1)[0];
    }

    /** Makes every child and turns into the plain list: before any change and any raw access. */
    void inflate() {
        if (ids == null) {
            return;
        }
        scans = 0;
        Object[] all = newData(Math.max(size, 1));
        for (int from = 0; from < size; from += pageSize) {
            EObject[] made = pages.page(this, from, Math.min(size, from + pageSize));
            System.arraycopy(made, 0, all, from, made.length);
        }
        data = all;
        ids = null;
        recent = null;
        positions = null;
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
        return id == null ? -1 : positionOf(id);
    }

    @Override
    public int lastIndexOf(Object object) {
        return ids == null ? super.lastIndexOf(object) : indexOf(object); // unique: one position at most
    }

    @Override
    public boolean contains(Object object) {
        return ids == null ? super.contains(object) : indexOf(object) >= 0;
    }

    // ------------------------------------------------------------------ changes and raw access: every child first

    @Override
    public void addUnique(E object) {
        inflate();
        super.addUnique(object);
    }

    @Override
    public void addUnique(int index, E object) {
        inflate();
        super.addUnique(index, object);
    }

    @Override
    public boolean addAllUnique(Collection<? extends E> collection) {
        inflate();
        return super.addAllUnique(collection);
    }

    @Override
    public boolean addAllUnique(int index, Collection<? extends E> collection) {
        inflate();
        return super.addAllUnique(index, collection);
    }

    @Override
    public boolean addAllUnique(Object[] objects, int start, int end) {
        inflate();
        return super.addAllUnique(objects, start, end);
    }

    @Override
    public boolean addAllUnique(int index, Object[] objects, int start, int end) {
        inflate();
        return super.addAllUnique(index, objects, start, end);
    }

    @Override
    public NotificationChain basicAdd(E object, NotificationChain notifications) {
        inflate();
        return super.basicAdd(object, notifications);
    }

    @Override
    public NotificationChain basicRemove(Object object, NotificationChain notifications) {
        inflate();
        return super.basicRemove(object, notifications);
    }

    @Override
    public E setUnique(int index, E object) {
        inflate();
        return super.setUnique(index, object);
    }

    @Override
    public E remove(int index) {
        inflate();
        return super.remove(index);
    }

    @Override
    public boolean removeAll(Collection<?> collection) {
        inflate();
        return super.removeAll(collection);
    }

    @Override
    public boolean retainAll(Collection<?> collection) {
        inflate();
        return super.retainAll(collection);
    }

    @Override
    public void clear() {
        inflate();
        super.clear();
    }

    @Override
    public E move(int targetIndex, int sourceIndex) {
        inflate();
        return super.move(targetIndex, sourceIndex);
    }

    @Override
    public void move(int index, E object) {
        inflate();
        super.move(index, object);
    }

    @Override
    public void set(Object newValue) {
        inflate();
        super.set(newValue);
    }

    @Override
    public void unset() {
        inflate();
        super.unset();
    }

    @Override
    public List<E> basicList() {
        inflate();
        return super.basicList();
    }

    @Override
    public Iterator<E> basicIterator() {
        inflate();
        return super.basicIterator();
    }

    @Override
    public ListIterator<E> basicListIterator() {
        inflate();
        return super.basicListIterator();
    }

    @Override
    public ListIterator<E> basicListIterator(int index) {
        inflate();
        return super.basicListIterator(index);
    }

    @Override
    public Object[] basicToArray() {
        inflate();
        return super.basicToArray();
    }

    @Override
    public <T> T[] basicToArray(T[] array) {
        inflate();
        return super.basicToArray(array);
    }

    @Override
    public boolean basicContains(Object object) {
        inflate();
        return super.basicContains(object);
    }

    @Override
    public boolean basicContainsAll(Collection<?> collection) {
        inflate();
        return super.basicContainsAll(collection);
    }

    @Override
    public int basicIndexOf(Object object) {
        inflate();
        return super.basicIndexOf(object);
    }

    @Override
    public int basicLastIndexOf(Object object) {
        inflate();
        return super.basicLastIndexOf(object);
    }

    @Override
    public Object[] toArray() {
        inflate();
        return super.toArray();
    }

    @Override
    public <T> T[] toArray(T[] array) {
        inflate();
        return super.toArray(array);
    }

    @Override
    public Object[] data() {
        inflate();
        return super.data();
    }

    @Override
    public void setData(int size, Object[] data) {
        inflate();
        super.setData(size, data);
    }

    @Override
    public void shrink() {
        inflate();
        super.shrink();
    }

    @Override
    public void grow(int minimumCapacity) {
        inflate();
        super.grow(minimumCapacity);
    }

    @Override
    public Object clone() {
        inflate();
        return super.clone();
    }

    @Override
    public boolean equals(Object object) {
        inflate();
        return super.equals(object);
    }

    @Override
    public int hashCode() {
        inflate();
        return super.hashCode();
    }

    @Override
    public String toString() {
        return ids == null ? super.toString() : "[" + size + " children of " + owner.eClass().getName() + "."
                + eStructuralFeature.getName() + ", read a page at a time]";
    }
}
