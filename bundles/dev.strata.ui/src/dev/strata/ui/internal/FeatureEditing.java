package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.jface.viewers.CellEditor;
import org.eclipse.jface.viewers.ComboBoxCellEditor;
import org.eclipse.jface.viewers.TextCellEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CCombo;
import org.eclipse.swt.widgets.Composite;

import dev.strata.core.Labels;
import dev.strata.core.ObjectId;
import dev.strata.core.Session;
import dev.strata.core.Values;

/**
 * How a feature's value is shown and edited, for Strata's Properties view and the workbench's
 * Properties view alike: which cell editor (text parsed by the feature's type, a list of choices, or
 * the many-values dialog), what the editor is given, and how what it returns becomes a value.
 * Objects are shown by their labels; ids are only typed or shown on demand.
 */
final class FeatureEditing {

    /** How a feature is edited. */
    enum Kind {
        /** Text parsed by the attribute's type (strings, numbers, dates). */
        TEXT,
        /** One of a list: enum literals, false/true, the objects a reference may point to. */
        CHOICE,
        /** A list of values, edited in {@link ManyValuesDialog}. */
        MANY
    }

    /** At most this many objects are offered for a reference; others are typed by id or Class:key. */
    static final int MAX_CHOICES = 500;

    private FeatureEditing() {
    }

    /**
     * Why the views do not edit the feature, or null if they do: contained objects are created,
     * moved and deleted in the Model Explorer, where their item providers say how.
     */
    static String notEditable(EStructuralFeature f) {
        if (f instanceof EReference r && (r.isContainment() || r.isContainer())) {
            return f.getName() + " holds contained objects: edit them in the Model Explorer (New Child, Delete, drag and drop)";
        }
        return f.isChangeable() && !f.isDerived() ? null : f.getName() + " cannot be changed";
    }

    static Kind kind(EStructuralFeature f) {
        if (f.isMany()) {
            return Kind.MANY;
        }
        return f instanceof EReference || f.getEType() instanceof EEnum || isBoolean(f) ? Kind.CHOICE : Kind.TEXT;
    }

    private static boolean isBoolean(EStructuralFeature f) {
        Class<?> c = f.getEType().getInstanceClass();
        return c == boolean.class || c == Boolean.class;
    }

    /** A value as the views show it: objects by label, lists as their members' labels. */
    static String label(Object value) {
        return Comparisons.format(value);
    }

    /** The ids of the objects a value refers to, for a tooltip ("" when it refers to none). */
    static String ids(Session session, Object value) {
        List<String> lines = new ArrayList<>();
        List<?> values = value instanceof List<?> l ? l : java.util.Collections.singletonList(value);
        for (int i = 0; i < Math.min(values.size(), Comparisons.SHOWN_VALUES); i++) {
            if (values.get(i) instanceof EObject e && session != null && session.idOf(e) != null) {
                lines.add(Labels.of(e) + ": " + session.idOf(e));
            }
        }
        if (values.size() > Comparisons.SHOWN_VALUES && !lines.isEmpty()) {
            lines.add(String.format(java.util.Locale.ROOT, "… (%,d in all)", values.size()));
        }
        return String.join("\n", lines);
    }

    /** The objects a reference of the owner may point to: those of its type in the owner's resource. */
    static List<EObject> candidates(EObject owner, EReference r) {
        List<EObject> result = new ArrayList<>();
        if (owner.eResource() == null) {
            return result;
        }
        for (var it = EcoreUtil.<EObject>getAllContents(owner.eResource(), true); it.hasNext()
                && result.size() < MAX_CHOICES;) {
            EObject o = it.next();
            if (r.getEReferenceType().isInstance(o)) {
                result.add(o);
            }
        }
        return result;
    }

    /** What a single-valued feature may be set to from a list: null first where it may be unset. */
    static List<Object> choices(EObject owner, EStructuralFeature f) {
        List<Object> result = new ArrayList<>();
        if (f instanceof EReference r) {
            result.add(null);
            result.addAll(candidates(owner, r));
        } else if (f.getEType() instanceof EEnum e) {
            e.getELiterals().stream().map(EEnumLiteral::getInstance).forEach(result::add);
        } else {
            if (f.getEType().getInstanceClass() == Boolean.class) {
                result.add(null);
            }
            result.addAll(List.of(false, true));
        }
        return result;
    }

    /**
     * A cell editor for a single-valued feature of the object the supplier gives when it opens (a
     * view's editors outlive the object shown); null for many-valued ones, which the dialog edits.
     */
    static CellEditor cellEditor(Composite parent, Supplier<EObject> owner, EStructuralFeature f) {
        return switch (kind(f)) {
            case TEXT -> new TextCellEditor(parent);
            case CHOICE -> new ChoiceCellEditor(parent, () -> choices(owner.get(), f), f instanceof EReference);
            case MANY -> null;
        };
    }

    /** What a cell editor of the feature is given: text for typed values, the value itself for choices and lists. */
    static Object editorValue(EObject owner, EStructuralFeature f) {
        Object v = owner.eGet(f);
        return switch (kind(f)) {
            case TEXT -> v == null ? "" : String.valueOf(Values.toRecord((EAttribute) f, v));
            case CHOICE -> v;
            case MANY -> new ArrayList<>((List<?>) v);
        };
    }

    /**
     * The value an editor's result stands for: text is parsed by the attribute's type (blank
     * unsets), a reference may be typed as an id or Class:key; choices and lists are the value.
     *
     * @throws IllegalArgumentException or {@link dev.strata.core.StrataException} saying what is wrong
     */
    static Object value(Session session, EStructuralFeature f, Object edited) {
        if (!(edited instanceof String text)) {
            return edited;
        }
        if (text.isBlank()) {
            return null;
        }
        if (f instanceof EAttribute a) {
            return Values.parse(a, text.trim());
        }
        return resolve(session, (EReference) f, text.trim());
    }

    /** Why the editor's result cannot be a value of the feature, or null if it can (a cell editor's validator). */
    static String problem(Session session, EStructuralFeature f, Object edited) {
        try {
            value(session, f, edited);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Finds the object a typed reference names: its id, or Class:key for a class with a key. */
    private static EObject resolve(Session s, EReference r, String ref) {
        if (s == null) {
            throw new IllegalArgumentException("The object is no longer in a session");
        }
        EObject target;
        try {
            target = s.get(ObjectId.parse(ref));
        } catch (IllegalArgumentException e) {
            int colon = ref.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("Choose an object from the list, or enter its id or Class:key");
            }
            String className = ref.substring(0, colon).trim();
            EClass c = r.getEReferenceType().getEPackage().getEClassifier(className) instanceof EClass k ? k : null;
            if (c == null || c.getEIDAttribute() == null) {
                throw new IllegalArgumentException("Unknown class or class without a key: " + className);
            }
            Object key = Values.parse(c.getEIDAttribute(), ref.substring(colon + 1).trim());
            target = s.findByKey(c, key).orElseThrow(() -> new IllegalArgumentException("No " + ref));
        }
        if (!r.getEReferenceType().isInstance(target)) {
            throw new IllegalArgumentException(r.getName() + " needs a " + r.getEReferenceType().getName());
        }
        return target;
    }

    /**
     * A list of choices shown by label; its value is the chosen value itself. For a reference an id
     * or Class:key may also be typed (then the value is that text), for objects beyond the list.
     */
    static final class ChoiceCellEditor extends ComboBoxCellEditor {

        private final Supplier<List<Object>> choices;
        private final boolean typed;
        /** The values of the items shown, in their order. */
        private List<Object> shown = List.of();
        /** The value the editor opened with, kept when it is not among the choices and left as it was. */
        private Object initial;

        ChoiceCellEditor(Composite parent, Supplier<List<Object>> choices, boolean typed) {
            super(parent, new String[0], typed ? SWT.NONE : SWT.READ_ONLY);
            this.choices = choices;
            this.typed = typed;
        }

        @Override
        protected void doSetValue(Object value) {
            initial = value;
            shown = choices.get(); // what is loaded now
            setItems(shown.stream().map(FeatureEditing::label).toArray(String[]::new));
            int index = shown.indexOf(value);
            super.doSetValue(Math.max(index, 0));
            if (index < 0 && value != null) {
                ((CCombo) getControl()).setText(label(value));
            }
        }

        @Override
        protected Object doGetValue() {
            CCombo combo = (CCombo) getControl();
            int i = combo.getSelectionIndex();
            boolean chosen = i >= 0 && i < shown.size() && (!typed || combo.getItem(i).equals(combo.getText()));
            if (chosen) {
                return shown.get(i);
            }
            if (initial != null && combo.getText().equals(label(initial))) {
                return initial;
            }
            return typed ? combo.getText() : null;
        }
    }
}
