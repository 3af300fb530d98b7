package dev.strata.core.internal;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;

import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.util.EcoreEList;

/**
 * An EMF list that stands for its whole content while holding less of it: each change a subclass
 * does not handle itself, and each access to the raw storage, first makes it whole
 * ({@link #inflate()}) and is then EMF's own. Kept apart from {@link PagedList} so that the list
 * read by ids shows only what stays paged.
 */
abstract class WholeOnDemandList<E> extends EcoreEList.Dynamic<E> {

    private static final long serialVersionUID = 1L;

    WholeOnDemandList(int kind, Class<?> dataClass, InternalEObject owner, EStructuralFeature feature) {
        super(kind, dataClass, owner, feature);
    }

    /** Makes every element and turns into the plain list; nothing if it is whole already. */
    abstract void inflate();

    @Override
    public E setUnique(int index, E object) {
        inflate();
        return super.setUnique(index, object);
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

}
