package dev.strata.ui.internal;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.properties.IPropertySource;

/**
 * Gives the workbench's Properties view the objects selected in the Model Explorer, as
 * {@link ItemPropertySource}s, read-only for an object of a past state. Declared in plugin.xml for
 * EObject; only the explorer's selection adapts, so a reference's value in the sheet is a plain row,
 * not an object to open.
 */
public final class ExplorerPropertySources implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adapterType != IPropertySource.class || !(adaptable instanceof EObject object)
                || !PlatformUI.isWorkbenchRunning()) {
            return null;
        }
        IEclipseContext context = PlatformUI.getWorkbench().getService(IEclipseContext.class);
        if (!ContextInjectionFactory.make(ExplorerEdits.class, context).selection().contains(object)) {
            return null;
        }
        WorkbenchSessions sessions = ContextInjectionFactory.make(WorkbenchSessions.class, context);
        PastStates.Past past = ContextInjectionFactory.make(PastStates.class, context).of(object);
        if (sessions.isBusy() || sessions.sessionOf(object) == null && past == null) {
            return null;
        }
        Object items = sessions.adapters().adapt(object, IItemPropertySource.class);
        return items instanceof IItemPropertySource source
                ? adapterType.cast(new ItemPropertySource(object, source, sessions,
                        past == null ? null : past.name() + ", read-only"))
                : null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { IPropertySource.class };
    }
}
