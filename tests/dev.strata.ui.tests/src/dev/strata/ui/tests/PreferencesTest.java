package dev.strata.ui.tests;

import static dev.strata.ui.tests.Widgets.find;
import static dev.strata.ui.tests.Widgets.row;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.example.tasks.Task;
import dev.strata.ui.StrataViews;

/** Window > Preferences > Strata: the author set there is the author History shows for the workbench's commits. */
class PreferencesTest {

    @Test
    void theAuthorSetInThePreferencesSignsTheWorkbenchsCommits() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("preftest")) {
            ObjectId taskId = f.projectWithTask("Signed", "Before");
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            Composite shell = page.getWorkbenchWindow().getShell();
            try {
                // Not blocking: a test that cannot find its field must fail, not wait on an open dialog.
                PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(shell.getShell(),
                        "dev.strata.ui.preferences", null, null);
                dialog.setBlockOnOpen(false);
                dialog.open();
                try {
                    Shell prefs = dialog.getShell();
                    // The author field is the text beside its label.
                    Label label = waitFor(() -> find(prefs, Label.class, l -> l.getText().startsWith("Commit &author")),
                            "the Strata preference page");
                    Text author = find(label.getParent(), Text.class, t -> true);
                    author.setText("Grace Hopper");
                    Widgets.click(prefs, "Apply and Close");
                } finally {
                    if (dialog.getShell() != null && !dialog.getShell().isDisposed()) {
                        dialog.close();
                    }
                }

                Session session = Injected.sessions().session(f.repository());
                waitFor(() -> "Grace Hopper".equals(session.author()) ? "ok" : null, "the author on the workbench's session");
                ((Task) session.get(taskId)).setTitle("After");
                session.commit("signed in the preferences");
                page.showView(StrataViews.HISTORY);
                Table history = waitFor(() -> find(shell, Table.class, t -> t.getColumnCount() == 6
                        && row(t, 4, "signed in the preferences") != null), "the commit in History");
                assertEquals("Grace Hopper", row(history, 4, "signed in the preferences").getText(3));
            } finally {
                InstanceScope.INSTANCE.getNode("dev.strata.ui").remove("commit.author");
                page.hideView(page.findView(StrataViews.HISTORY));
            }
        }
    }
}
