package dev.strata.ui.tests;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.ui.PlatformUI;

import dev.strata.ui.internal.ViewUpdates;
import dev.strata.ui.internal.WorkbenchSessions;

/** What the workbench injects into the Strata views, got the way the views get it: the same instances. */
final class Injected {

    private Injected() {
    }

    static WorkbenchSessions sessions() {
        return make(WorkbenchSessions.class);
    }

    static ViewUpdates viewUpdates() {
        return make(ViewUpdates.class);
    }

    /** The past states opened from History, shown in the Model Explorer. */
    static dev.strata.ui.internal.PastStates pastStates() {
        return make(dev.strata.ui.internal.PastStates.class);
    }

    /** The Model Explorer's selection as its commands (Delete, Cut, Copy…) see it. */
    static java.util.List<?> explorerSelection() {
        return make(dev.strata.ui.internal.ExplorerEdits.class).selection();
    }

    // All are @Singleton: the injector hands out the one instance it made for the first view.
    private static <T> T make(Class<T> type) {
        return ContextInjectionFactory.make(type, PlatformUI.getWorkbench().getService(IEclipseContext.class));
    }
}
