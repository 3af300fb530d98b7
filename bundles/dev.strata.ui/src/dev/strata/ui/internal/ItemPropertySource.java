package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.edit.provider.IItemPropertyDescriptor;
import org.eclipse.emf.edit.provider.IItemPropertySource;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.DialogCellEditor;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.views.properties.IPropertyDescriptor;
import org.eclipse.ui.views.properties.IPropertySource;
import org.eclipse.ui.views.properties.PropertyDescriptor;

import dev.strata.core.Session;

/**
 * An object of a workbench session as the workbench's Properties view shows it: the rows are its
 * EMF.Edit item property descriptors (names, categories, descriptions, which may be set), values
 * show by label, and edits use the same editors and parsing as Strata's Properties view
 * ({@link FeatureEditing}), applied as commands on the workbench sessions' stack so Edit > Undo
 * reverts them. An object of a past state has no editors, and each row's description says which
 * commit it is as of.
 */
final class ItemPropertySource implements IPropertySource {

    private final EObject object;
    private final IItemPropertySource items;
    private final WorkbenchSessions sessions;
    /** "tasks as of commit 12, read-only" for an object of a past state; null for a live one. */
    private final String pastState;
    /** The feature of each row, by the row's id, as the descriptors were last asked for. */
    private final java.util.Map<Object, EStructuralFeature> features = new java.util.HashMap<>();

    /** @param pastState what past state the object is of ("tasks as of commit 12, read-only"), or null if live */
    ItemPropertySource(EObject object, IItemPropertySource items, WorkbenchSessions sessions, String pastState) {
        this.object = object;
        this.items = items;
        this.sessions = sessions;
        this.pastState = pastState;
    }

    @Override
    public Object getEditableValue() {
        return object;
    }

    @Override
    public IPropertyDescriptor[] getPropertyDescriptors() {
        List<IPropertyDescriptor> result = new ArrayList<>();
        for (IItemPropertyDescriptor d : items.getPropertyDescriptors(object)) {
            if (d.getFeature(object) instanceof EStructuralFeature f) {
                FeatureDescriptor row = new FeatureDescriptor(d, f);
                features.put(row.getId(), f);
                result.add(row);
            }
        }
        return result.toArray(IPropertyDescriptor[]::new);
    }

    private EStructuralFeature feature(Object id) {
        if (features.isEmpty()) {
            getPropertyDescriptors();
        }
        EStructuralFeature f = features.get(id);
        if (f == null) {
            throw new IllegalArgumentException("No property " + id + " on " + dev.strata.core.Labels.of(object));
        }
        return f;
    }

    @Override
    public Object getPropertyValue(Object id) {
        return FeatureEditing.editorValue(object, feature(id));
    }

    @Override
    public boolean isPropertySet(Object id) {
        return object.eIsSet(feature(id));
    }

    @Override
    public void resetPropertyValue(Object id) {
        EStructuralFeature f = feature(id);
        apply(f, f.isMany() ? List.of() : null);
    }

    @Override
    public void setPropertyValue(Object id, Object value) {
        apply(feature(id), value);
    }

    /** Sets the feature to what an editor gave; the editor's validator has refused what cannot be parsed. */
    private void apply(EStructuralFeature f, Object edited) {
        Session session = sessions.sessionOf(object);
        if (session == null || sessions.isBusy() || pastState != null) {
            return; // the object left the workbench, or a commit holds the sessions: the sheet shows the value as it is
        }
        Object value = FeatureEditing.value(session, f, edited);
        if (f.isMany() ? value.equals(object.eGet(f)) : java.util.Objects.equals(value, object.eGet(f))) {
            return; // unchanged: no command to undo
        }
        sessions.set(object, f, value);
    }

    /** A row of the sheet: an item property descriptor's text, the shared editor of its feature. */
    private final class FeatureDescriptor extends PropertyDescriptor {

        private final IItemPropertyDescriptor item;
        private final EStructuralFeature feature;

        FeatureDescriptor(IItemPropertyDescriptor item, EStructuralFeature feature) {
            super(item.getId(object), item.getDisplayName(object));
            this.item = item;
            this.feature = feature;
            setCategory(item.getCategory(object));
            String description = item.getDescription(object);
            // The sheet shows a row's description in the status line: say there which commit the value is of.
            setDescription(pastState == null ? description
                    : "(" + pastState + ")" + (description == null ? "" : " " + description));
            setValidator(value -> FeatureEditing.problem(sessions.sessionOf(object), feature, value));
            setLabelProvider(new LabelProvider() {
                @Override
                public String getText(Object element) {
                    return FeatureEditing.label(element);
                }
            });
        }

        @Override
        public CellEditor createPropertyEditor(Composite parent) {
            if (pastState != null || !item.canSetProperty(object) || FeatureEditing.notEditable(feature) != null) {
                return null;
            }
            CellEditor editor = feature.isMany() ? new ManyValuesCellEditor(parent, feature)
                    : FeatureEditing.cellEditor(parent, () -> object, feature);
            editor.setValidator(getValidator());
            return editor;
        }
    }

    /** The sheet's editor of a many-valued feature: its list by label, and a button opening the dialog. */
    private final class ManyValuesCellEditor extends DialogCellEditor {

        private final EStructuralFeature feature;

        ManyValuesCellEditor(Composite parent, EStructuralFeature feature) {
            super(parent);
            this.feature = feature;
        }

        @Override
        protected Object openDialogBox(Control cellEditorWindow) {
            ManyValuesDialog dialog = new ManyValuesDialog(cellEditorWindow.getShell(), object, feature);
            return dialog.open() == Window.OK ? dialog.values() : null;
        }

        @Override
        protected void updateContents(Object value) {
            if (getDefaultLabel() != null) {
                getDefaultLabel().setText(FeatureEditing.label(value));
            }
        }
    }
}
