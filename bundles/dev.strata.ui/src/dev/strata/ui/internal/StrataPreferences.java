package dev.strata.ui.internal;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/**
 * Window > Preferences > Strata: the name the workbench's commits carry as their author, and how
 * many commits per store History reads at a time. Kept per workspace.
 */
public final class StrataPreferences extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    static final String NODE = "dev.strata.ui";
    static final String AUTHOR = "commit.author";
    static final String HISTORY_PAGE = "history.page";
    static final int HISTORY_PAGE_DEFAULT = 200;

    public StrataPreferences() {
        super(GRID);
        setDescription("How the Strata views commit and read history.");
    }

    @Override
    public void init(IWorkbench workbench) {
        ScopedPreferenceStore store = new ScopedPreferenceStore(InstanceScope.INSTANCE, NODE);
        store.setDefault(HISTORY_PAGE, HISTORY_PAGE_DEFAULT);
        setPreferenceStore(store);
    }

    @Override
    protected void createFieldEditors() {
        StringFieldEditor author = new StringFieldEditor(AUTHOR, "Commit &author:", getFieldEditorParent());
        author.getTextControl(getFieldEditorParent()).setMessage(System.getProperty("user.name"));
        author.getTextControl(getFieldEditorParent()).setToolTipText(
                "The name History shows for commits made here; empty: the system user name");
        addField(author);
        IntegerFieldEditor page = new IntegerFieldEditor(HISTORY_PAGE, "&History: commits per page:",
                getFieldEditorParent());
        page.setValidRange(10, 10_000);
        addField(page);
    }

    private static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    /** The author the workbench's commits carry: the preference, or the system user name. */
    static String author() {
        String a = node().get(AUTHOR, "").trim();
        return a.isEmpty() ? System.getProperty("user.name", "unknown") : a;
    }

    static int historyPage() {
        return Math.max(10, node().getInt(HISTORY_PAGE, HISTORY_PAGE_DEFAULT));
    }

    /** Runs when either preference changes (any thread that stores them). */
    static void onChange(Runnable action) {
        node().addPreferenceChangeListener(e -> action.run());
    }
}
