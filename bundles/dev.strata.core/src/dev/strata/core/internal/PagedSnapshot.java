package dev.strata.core.internal;

import java.util.AbstractList;
import java.util.RandomAccess;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ObjectId;

/**
 * The persistent value of a long list a session still reads a page at a time and nothing changed:
 * a read-only list of its children as they are now that reads them as they are asked for, where a
 * copy would read every child first (a view showing the first few of a million tasks read them
 * all). While the list keeps the same ids its pages serve; once it changed or was refreshed, a
 * child is found by its id.
 */
final class PagedSnapshot extends AbstractList<Object> implements RandomAccess {

    private final PagedList<?> live;
    private final IdList ids;
    private final Function<ObjectId, EObject> byId;

    PagedSnapshot(PagedList<?> live, Function<ObjectId, EObject> byId) {
        this.live = live;
        this.ids = live.ids();
        this.byId = byId;
    }

    @Override
    public Object get(int index) {
        return live.ids() == ids ? live.get(index) : byId.apply(ids.get(index));
    }

    @Override
    public int size() {
        return ids.size();
    }
}
