package dev.strata.ui.internal;

import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/**
 * Where File &gt; Save and Revert find the Pending Changes view of the window: it owns the commit
 * message, the status line and the problems of a refused commit, so committing from the menu goes
 * through it and shows there. Injected, like {@link WorkbenchSessions}.
 */
@Creatable
@Singleton
public final class PendingWork {

    private PendingChangesView view;

    void attach(PendingChangesView v) {
        view = v;
    }

    void detach(PendingChangesView v) {
        if (view == v) {
            view = null;
        }
    }

    /** The open Pending Changes view, or null. */
    PendingChangesView view() {
        return view;
    }
}
