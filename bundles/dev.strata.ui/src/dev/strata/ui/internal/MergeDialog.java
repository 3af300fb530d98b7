package dev.strata.ui.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.compare.CompareConfiguration;
import org.eclipse.compare.IEditableContent;
import org.eclipse.compare.IEncodedStreamContentAccessor;
import org.eclipse.compare.ITypedElement;
import org.eclipse.compare.contentmergeviewer.TextMergeViewer;
import org.eclipse.compare.structuremergeviewer.DiffNode;
import org.eclipse.compare.structuremergeviewer.Differencer;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import dev.strata.core.MergeConflict;
import dev.strata.core.Nil;
import dev.strata.core.Resolution;
import dev.strata.core.Session;
import dev.strata.core.Values;

/**
 * A three-way merge of one feature both sides changed, in the Eclipse compare viewer: base as the
 * ancestor, theirs on the right, mine on the left where it can be edited. Take Theirs and Keep Mine
 * decide as the Pending Changes buttons do; Use Edited Value takes the edited mine text as the
 * value (as it is for a string attribute, parsed by the attribute's data type otherwise; a text that
 * does not parse is said in the dialog, which stays open). The caller applies the decision.
 */
final class MergeDialog extends Dialog {

    /** What the user decided: a resolution, or (resolution null) a value of their own. */
    record Decision(Resolution resolution, Object value) {
    }

    static final String TAKE_THEIRS = "Take Theirs";
    static final String KEEP_MINE = "Keep Mine";
    static final String USE_EDITED = "Use Edited Value";
    private static final int THEIRS_ID = IDialogConstants.CLIENT_ID + 1;
    private static final int MINE_ID = IDialogConstants.CLIENT_ID + 2;
    private static final int EDITED_ID = IDialogConstants.CLIENT_ID + 3;

    private final Session session;
    private final MergeConflict conflict;
    /** The feature's attribute when it is single-valued: only then can an edited text become the value. */
    private final EAttribute attribute;
    private final Side base;
    private final Side theirs;
    private final Side mine;
    private CompareConfiguration configuration;
    private TextMergeViewer viewer;
    private Label problem;
    private Decision decision;

    MergeDialog(Shell parent, Session session, EObject object, MergeConflict conflict) {
        super(parent);
        this.session = session;
        this.conflict = conflict;
        EStructuralFeature f = object.eClass().getEStructuralFeature(conflict.feature());
        this.attribute = f instanceof EAttribute a && !a.isMany() ? a : null;
        this.base = new Side(text(conflict.base()), false);
        this.theirs = new Side(text(conflict.theirs()), false);
        this.mine = new Side(text(conflict.mine()), attribute != null);
    }

    /** The title of the dialog's shell, for a conflict. */
    static String title(MergeConflict conflict) {
        return "Merge " + conflict.feature() + " of " + conflict.label();
    }

    /** Whether the dialog can show this conflict: a feature's value both sides changed. */
    static boolean canMerge(MergeConflict conflict) {
        return conflict.kind() == MergeConflict.Kind.CHANGED_BOTH && !MergeConflict.CONTAINER.equals(conflict.feature())
                && !MergeConflict.TYPE.equals(conflict.feature());
    }

    /** The decision taken, or null if the dialog was cancelled. */
    Decision decision() {
        return decision;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(title(conflict));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        area.setLayout(new GridLayout(1, false));
        Label about = new Label(area, SWT.WRAP);
        about.setText(conflict.feature() + " of " + conflict.label() + " was changed here and by another commit. "
                + (attribute != null ? "Edit the Mine side and use it, or take one side."
                        : "Take one side (only a single-valued attribute can take an edited value)."));
        about.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        configuration = new CompareConfiguration();
        configuration.setAncestorLabel("Base (what both sides started from)");
        configuration.setLeftLabel(attribute != null ? "Mine (editable)" : "Mine");
        configuration.setRightLabel("Theirs (in the store now)");
        configuration.setLeftEditable(attribute != null);
        configuration.setRightEditable(false);
        // The ancestor pane is hidden by default; a three-way merge should show what both started from.
        configuration.setProperty(org.eclipse.compare.internal.ICompareUIConstants.PROP_ANCESTOR_VISIBLE, Boolean.TRUE);
        viewer = new TextMergeViewer(area, SWT.NONE, configuration);
        GridData viewerData = new GridData(SWT.FILL, SWT.FILL, true, true);
        viewerData.widthHint = 720;
        viewerData.heightHint = 320;
        viewer.getControl().setLayoutData(viewerData);
        viewer.setInput(new DiffNode(null, Differencer.CONFLICTING, base, mine, theirs));
        problem = new Label(area, SWT.WRAP);
        problem.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        problem.setData("field", "problem");
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, THEIRS_ID, TAKE_THEIRS, false);
        createButton(parent, MINE_ID, KEEP_MINE, false);
        createButton(parent, EDITED_ID, USE_EDITED, attribute != null).setEnabled(attribute != null);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    protected void buttonPressed(int id) {
        switch (id) {
            case THEIRS_ID -> finish(new Decision(Resolution.THEIRS, null));
            case MINE_ID -> finish(new Decision(Resolution.MINE, null));
            case EDITED_ID -> useEdited();
            default -> super.buttonPressed(id);
        }
    }

    private void finish(Decision d) {
        decision = d;
        setReturnCode(OK);
        close();
    }

    private void useEdited() {
        // The viewer writes what was typed into the left side when flushed and it thinks the side
        // dirty; the editable pane's text is what the user sees, so that wins when it is there.
        viewer.flush(new NullProgressMonitor());
        org.eclipse.swt.custom.StyledText left = editablePane(viewer.getControl());
        // A line break the editor adds at the end is not part of the value.
        String text = (left != null ? left.getText() : mine.text).replaceAll("(\\r?\\n)+$", "");
        Object value;
        if (attribute.getEAttributeType().getInstanceClass() == String.class) {
            value = text;
        } else {
            EDataType type = attribute.getEAttributeType();
            String refused = null;
            value = null;
            try {
                // EcoreUtil.createFromString of the data type, with an error that names feature and type.
                value = Values.parse(attribute, text.strip());
            } catch (RuntimeException e) {
                refused = e.getMessage();
            }
            if (refused == null && value == null && type.getInstanceClass() != null && type.getInstanceClass().isPrimitive()) {
                refused = "Invalid value '" + text.strip() + "' for " + conflict.feature() + ": expected "
                        + Values.describe(type);
            }
            if (refused != null) {
                problem.setText(refused);
                problem.getParent().layout(true);
                return;
            }
        }
        finish(new Decision(null, value));
    }

    /** The one text pane of the compare viewer the user can edit (mine), or null. */
    private static org.eclipse.swt.custom.StyledText editablePane(Control control) {
        if (control instanceof org.eclipse.swt.custom.StyledText t && t.getEditable()) {
            return t;
        }
        if (control instanceof Composite c) {
            for (Control child : c.getChildren()) {
                org.eclipse.swt.custom.StyledText found = editablePane(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** What a side shows: an attribute's value as its data type writes it, other values as Pending Changes shows them. */
    private String text(Object recordValue) {
        if (attribute == null) {
            return ConflictText.show(session, recordValue);
        }
        if (recordValue == null || recordValue == Nil.VALUE) {
            return "";
        }
        try {
            Object value = Values.fromRecord(attribute, recordValue);
            EDataType type = attribute.getEAttributeType();
            return type == EcorePackage.Literals.ESTRING ? String.valueOf(value) : EcoreUtil.convertToString(type, value);
        } catch (RuntimeException e) {
            return String.valueOf(recordValue); // a value the model no longer reads: show it as stored
        }
    }

    @Override
    public boolean close() {
        boolean closed = super.close();
        if (closed && configuration != null) {
            configuration.dispose();
        }
        return closed;
    }

    /** One side of the merge as the compare viewer reads (and, for mine, writes) it. */
    private static final class Side implements ITypedElement, IEncodedStreamContentAccessor, IEditableContent {

        private final boolean editable;
        private String text;

        Side(String text, boolean editable) {
            this.text = text;
            this.editable = editable;
        }

        @Override
        public String getName() {
            return "value";
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public String getType() {
            return ITypedElement.TEXT_TYPE;
        }

        @Override
        public InputStream getContents() {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String getCharset() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public boolean isEditable() {
            return editable;
        }

        @Override
        public void setContent(byte[] newContent) {
            text = new String(newContent, StandardCharsets.UTF_8);
        }

        @Override
        public ITypedElement replace(ITypedElement dest, ITypedElement src) {
            return dest;
        }
    }
}
