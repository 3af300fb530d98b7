package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.provider.ComposedAdapterFactory;
import org.eclipse.emf.edit.provider.ITreeItemContentProvider;
import org.eclipse.emf.edit.provider.ReflectiveItemProviderAdapterFactory;
import org.eclipse.jface.viewers.ITreeContentProvider;

import dev.strata.core.Repository;
import dev.strata.core.Session;

/**
 * Content of the Model Explorer: repositories, their root objects, and contents as the model's
 * EMF.Edit item providers present them (EMF.Edit.UI's JFace adapters are not on Maven Central, so
 * this is the small part of them Strata needs). Each repository is browsed through one session of
 * the view's own.
 */
final class ExplorerContent implements ITreeContentProvider {

    final ComposedAdapterFactory adapters = new ComposedAdapterFactory(ComposedAdapterFactory.Descriptor.Registry.INSTANCE);
    ExplorerContent() {
        adapters.addAdapterFactory(new ReflectiveItemProviderAdapterFactory());
    }

    Session session(Repository repository) {
        return WorkbenchSessions.get().session(repository);
    }

    /** The session an object belongs to, or null. */
    Session sessionOf(EObject object) {
        return WorkbenchSessions.get().sessionOf(object);
    }

    @Override
    public Object[] getElements(Object input) {
        return input instanceof Collection<?> c ? c.toArray() : new Object[0];
    }

    @Override
    public Object[] getChildren(Object parent) {
        if (parent instanceof Repository r) {
            return session(r).roots().toArray();
        }
        if (parent instanceof EObject o) {
            ITreeItemContentProvider items = (ITreeItemContentProvider) adapters.adapt(o, ITreeItemContentProvider.class);
            List<Object> children = new ArrayList<>();
            if (items != null) {
                children.addAll(items.getChildren(o));
            } else {
                children.addAll(o.eContents());
            }
            return children.toArray();
        }
        return new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        return element instanceof EObject o ? o.eContainer() : null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return element instanceof Repository || element instanceof EObject o && !o.eContents().isEmpty();
    }

    @Override
    public void dispose() {
        adapters.dispose();
    }
}
