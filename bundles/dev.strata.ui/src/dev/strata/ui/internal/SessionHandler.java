package dev.strata.ui.internal;

import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.IElementUpdater;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.menus.UIElement;

import dev.strata.ui.StrataViews;

/**
 * The workbench's Save, Revert, Undo and Redo commands while a Strata view is active, or the
 * workbench's Properties view showing a Strata view's selection (see {@link PropertySheetTester}): Save commits
 * the pending changes of every workbench session, Revert rolls them back, Undo and Redo walk the
 * edits made in the views (their menu items say which edit). Declared in plugin.xml with the kind
 * after the class name ({@code SessionHandler:commit}).
 */
public final class SessionHandler extends AbstractHandler implements IExecutableExtension, IElementUpdater {

    enum Kind {
        COMMIT, ROLLBACK, UNDO, REDO
    }

    private Kind kind = Kind.COMMIT;

    @Override
    public void setInitializationData(IConfigurationElement config, String property, Object data) {
        kind = Kind.valueOf(String.valueOf(data).trim().toUpperCase(java.util.Locale.ROOT));
    }

    private static IEclipseContext context() {
        return PlatformUI.getWorkbench().getService(IEclipseContext.class);
    }

    private static WorkbenchSessions sessions() {
        return ContextInjectionFactory.make(WorkbenchSessions.class, context());
    }

    @Override
    public void setEnabled(Object evaluationContext) {
        WorkbenchSessions s = sessions();
        setBaseEnabled(!s.isBusy() && switch (kind) {
            case COMMIT, ROLLBACK -> !s.dirty().isEmpty();
            case UNDO -> s.canUndo();
            case REDO -> s.canRedo();
        });
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        WorkbenchSessions s = sessions();
        switch (kind) {
            case UNDO -> {
                if (s.canUndo()) {
                    s.undo();
                }
                PropertySheetTester.refreshSheets(HandlerUtil.getActiveWorkbenchWindow(event));
            }
            case REDO -> {
                if (s.canRedo()) {
                    s.redo();
                }
                PropertySheetTester.refreshSheets(HandlerUtil.getActiveWorkbenchWindow(event));
            }
            case COMMIT, ROLLBACK -> {
                // Pending Changes shows the outcome (and a refused commit's problems): through it if it can open.
                PendingWork pending = ContextInjectionFactory.make(PendingWork.class, context());
                if (pending.view() == null) {
                    try {
                        HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage().showView(StrataViews.PENDING,
                                null, IWorkbenchPage.VIEW_VISIBLE);
                    } catch (PartInitException e) {
                        // Not openable here (e.g. while another part is being activated): act without it.
                    }
                }
                PendingChangesView view = pending.view();
                if (view != null) {
                    if (kind == Kind.COMMIT) {
                        view.commit();
                    } else {
                        view.rollback();
                    }
                } else {
                    direct(s);
                }
                PropertySheetTester.refreshSheets(HandlerUtil.getActiveWorkbenchWindow(event));
            }
        }
        return null;
    }

    /** Commits or rolls back every session without the view; a refusal is the command's error, shown by the workbench. */
    private void direct(WorkbenchSessions s) throws ExecutionException {
        for (dev.strata.core.Session session : s.dirty()) {
            try {
                if (kind == Kind.COMMIT) {
                    session.commit();
                } else {
                    session.rollback();
                }
            } catch (dev.strata.core.StrataException e) {
                throw new ExecutionException((kind == Kind.COMMIT ? "Not committed: " : "Not rolled back: ")
                        + e.getMessage(), e);
            }
        }
        s.forgetEdits();
    }

    @Override
    public void updateElement(UIElement element, @SuppressWarnings("rawtypes") Map parameters) {
        if (kind == Kind.UNDO || kind == Kind.REDO) {
            String label = kind == Kind.UNDO ? sessions().undoLabel() : sessions().redoLabel();
            String verb = kind == Kind.UNDO ? "&Undo" : "&Redo";
            element.setText(label.isEmpty() ? verb : verb + " " + label);
        }
    }
}
