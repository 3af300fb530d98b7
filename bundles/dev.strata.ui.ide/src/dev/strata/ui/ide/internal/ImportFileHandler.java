package dev.strata.ui.ide.internal;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.IWorkbenchWizard;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.wizards.IWizardDescriptor;

import dev.strata.ui.StrataWizards;

/**
 * Import into Strata… on a workspace model file (Project Explorer, Package Explorer): Strata's
 * import wizard with the file filled in ({@link FilePaths} makes the file a path for it).
 */
public final class ImportFileHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        IWizardDescriptor descriptor = window.getWorkbench().getImportWizardRegistry().findWizard(StrataWizards.IMPORT);
        if (descriptor == null) {
            throw new ExecutionException("Strata's import wizard (" + StrataWizards.IMPORT
                    + ") is not installed: bundle dev.strata.ui is missing or not started");
        }
        IWorkbenchWizard wizard;
        try {
            wizard = descriptor.createWizard();
        } catch (CoreException e) {
            throw new ExecutionException("Strata's import wizard could not be created: " + e.getMessage(), e);
        }
        wizard.init(window.getWorkbench(), HandlerUtil.getCurrentStructuredSelection(event));
        new WizardDialog(window.getShell(), wizard).open();
        return null;
    }
}
