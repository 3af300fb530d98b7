package dev.strata.ui.internal;

import java.util.Locale;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExecutableExtension;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.emf.common.command.Command;
import org.eclipse.ui.PlatformUI;

/**
 * The workbench's Delete, Cut, Copy and Paste commands (Delete, Ctrl+X, Ctrl+C, Ctrl+V) while the
 * Model Explorer is active: the same EMF.Edit commands as its context menu, on its selection.
 * Declared in plugin.xml with the kind after the class name ({@code ExplorerHandler:delete}).
 */
public final class ExplorerHandler extends AbstractHandler implements IExecutableExtension {

    enum Kind {
        DELETE, CUT, COPY, PASTE
    }

    private Kind kind = Kind.DELETE;

    @Override
    public void setInitializationData(IConfigurationElement config, String property, Object data) {
        kind = Kind.valueOf(String.valueOf(data).trim().toUpperCase(Locale.ROOT));
    }

    private static ExplorerEdits edits() {
        return ContextInjectionFactory.make(ExplorerEdits.class,
                PlatformUI.getWorkbench().getService(IEclipseContext.class));
    }

    private Command command(ExplorerEdits edits) {
        var selected = edits.selection();
        return switch (kind) {
            case DELETE -> edits.delete(selected);
            case CUT -> edits.cut(selected);
            case COPY -> edits.copy(selected);
            case PASTE -> edits.paste(selected);
        };
    }

    @Override
    public void setEnabled(Object evaluationContext) {
        Command c = command(edits());
        setBaseEnabled(c != null && c.canExecute());
    }

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        ExplorerEdits edits = edits();
        String what = kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT);
        try {
            edits.execute(command(edits), what);
        } catch (RuntimeException e) {
            throw new ExecutionException(what + " in the Model Explorer failed: " + e.getMessage(), e);
        }
        return null;
    }
}
