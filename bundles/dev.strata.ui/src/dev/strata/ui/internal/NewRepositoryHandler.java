package dev.strata.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.strata.core.admin.StrataAdmin;
import dev.strata.ui.StrataViews;
import jakarta.inject.Inject;

/**
 * File > New > Repository…: the Stores view's New Repository dialog, from the menu; on success the
 * Model Explorer is shown, where the repository appears, and a refusal is shown in a dialog.
 */
public final class NewRepositoryHandler extends AbstractHandler {

    /** The admin service, injected when the command runs. */
    static final class Admin {
        @Inject
        @Service
        StrataAdmin admin;
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        StrataAdmin admin = ContextInjectionFactory.make(Admin.class,
                PlatformUI.getWorkbench().getService(IEclipseContext.class)).admin;
        RepositoryDialog.Outcome outcome = RepositoryDialog.open(window.getShell(), admin, null);
        if (outcome == null) {
            return null;
        }
        if (!outcome.configured()) {
            MessageDialog.openError(window.getShell(), "New Repository", outcome.message());
            return null;
        }
        try {
            window.getActivePage().showView(StrataViews.EXPLORER);
        } catch (PartInitException e) {
            throw new ExecutionException(outcome.message() + " The Model Explorer could not open: " + e.getMessage(), e);
        }
        return null;
    }
}
