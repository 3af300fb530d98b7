package dev.strata.ui.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.NotEnabledException;
import org.eclipse.core.commands.NotHandledException;
import org.eclipse.core.commands.common.NotDefinedException;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.handlers.IHandlerService;

import dev.strata.core.Repository;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.ui.StrataViews;

/**
 * Search… (Ctrl+H, the Search menu, the Model Explorer's tool bar and context menu): opens the
 * Search dialog on the repository (and class) of the current selection, then hands the search to
 * the Search Results view, which runs it.
 */
public final class SearchHandler extends AbstractHandler {

    /** The command's id, as plugin.xml declares it. */
    public static final String COMMAND = "dev.strata.ui.commands.search";

    /** Runs Search… as its key does, from a view's own button or menu item; a failure is shown on the shell. */
    static void run(Shell shell) {
        IHandlerService handlers = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class);
        try {
            handlers.executeCommand(COMMAND, null);
        } catch (ExecutionException | NotDefinedException | NotEnabledException | NotHandledException e) {
            MessageDialog.openError(shell, "Search", "Search failed: " + e.getMessage());
        }
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        // The workbench context answers OSGi services too (the admin service) and holds the shared sessions.
        IEclipseContext context = PlatformUI.getWorkbench().getService(IEclipseContext.class);
        StrataAdmin admin = context.get(StrataAdmin.class);
        WorkbenchSessions sessions = ContextInjectionFactory.make(WorkbenchSessions.class, context);
        if (admin == null) {
            throw new ExecutionException("Search needs the Strata admin service, which is not running");
        }
        Object selected = HandlerUtil.getVariable(event, "selection");
        if (selected instanceof IStructuredSelection s) {
            selected = s.getFirstElement();
        }
        Repository repository = selected instanceof Repository r ? r
                : selected instanceof EObject o && !sessions.isBusy() ? sessions.repositoryOf(o) : null;
        EClass eClass = selected instanceof EObject o ? o.eClass() : null;
        SearchDialog dialog = new SearchDialog(window.getShell(), admin.repositories(), repository, eClass);
        if (dialog.open() != Window.OK || dialog.search() == null) {
            return null;
        }
        try {
            window.getActivePage().showView(StrataViews.SEARCH);
        } catch (PartInitException e) {
            throw new ExecutionException("Cannot show the Search Results view: " + e.getMessage(), e);
        }
        context.get(IEventBroker.class).send(SearchResultsView.RUN, dialog.search());
        return null;
    }
}
