package dev.strata.core.contract;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.ExtendedMetaData;

/**
 * A dynamic metamodel (no generated code, as one loaded from a {@code .ecore} at run time) with the
 * feature kinds the sample model lacks: unsettable attributes and references, non-unique
 * many-valued attributes, a custom data type, bidirectional many-to-many references, abstract
 * reference types, references to Ecore's own classifiers, which live outside any store, and
 * feature maps (mixed text, a group) whose entries are attributes, children and references.
 */
public final class FidelityModel {

    public static final String NS_URI = "http://strata.dev/fidelity/1.0";

    public static final FidelityModel INSTANCE = new FidelityModel();

    public final EPackage ePackage;

    private FidelityModel() {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        EcorePackage e = EcorePackage.eINSTANCE;
        ePackage = f.createEPackage();
        ePackage.setName("fidelity");
        ePackage.setNsPrefix("fidelity");
        ePackage.setNsURI(NS_URI);

        EEnum mode = f.createEEnum();
        mode.setName("Mode");
        for (String n : new String[] { "off", "low", "high" }) {
            EEnumLiteral l = f.createEEnumLiteral();
            l.setName(n);
            l.setValue(mode.getELiterals().size());
            mode.getELiterals().add(l);
        }
        EDataType code = f.createEDataType();
        code.setName("Code"); // no instance class: values are the strings its factory reads and writes
        ePackage.getEClassifiers().add(mode);
        ePackage.getEClassifiers().add(code);

        EClass node = klass("Node");
        node.setAbstract(true);
        attribute(node, "name", e.getEString(), 0, 1, false);
        EClass box = klass("Box");
        box.getESuperTypes().add(node);
        EClass leaf = klass("Leaf");
        leaf.getESuperTypes().add(node);

        attribute(box, "level", e.getEInt(), 0, 1, true).setDefaultValueLiteral("5");
        attribute(box, "mode", mode, 0, 1, true);
        attribute(box, "label", e.getEString(), 0, 1, true);
        attribute(box, "words", e.getEString(), 0, -1, false).setUnique(false);
        attribute(box, "marks", e.getEInt(), 0, -1, false).setUnique(false);
        attribute(box, "codes", code, 0, -1, false);
        attribute(box, "stamp", e.getEDate(), 0, 1, false);
        attribute(box, "amount", e.getEBigDecimal(), 0, 1, false);
        attribute(box, "count", e.getEBigInteger(), 0, 1, false);
        attribute(box, "blob", e.getEByteArray(), 0, 1, false);
        attribute(box, "initial", e.getEChar(), 0, 1, false);
        attribute(box, "weight", e.getEFloat(), 0, 1, false);
        attribute(box, "tag", e.getEString(), 0, 1, false).setDefaultValueLiteral("none"); // null is kept apart
        attribute(leaf, "value", e.getEDouble(), 0, 1, false);
        attribute(leaf, "on", e.getEBoolean(), 0, 1, true);
        attribute(leaf, "big", e.getELong(), 0, 1, false);

        reference(box, "items", node, 0, -1, true, false);
        reference(box, "single", node, 0, 1, true, true);
        EReference friends = reference(box, "friends", box, 0, -1, false, false);
        EReference friendOf = reference(box, "friendOf", box, 0, -1, false, false);
        friends.setEOpposite(friendOf);
        friendOf.setEOpposite(friends);
        reference(box, "best", node, 0, 1, false, true);
        reference(box, "type", e.getEClassifier(), 0, 1, false, false);
        reference(leaf, "types", e.getEClassifier(), 0, -1, false, false);
        EReference partner = reference(leaf, "partner", leaf, 0, 1, false, false);
        partner.setEOpposite(partner);

        // Feature maps as EMF's XML Schema mapping makes them: mixed content (text between
        // elements) and a group (a repeated choice), each with elements that only delegate to it.
        ExtendedMetaData meta = ExtendedMetaData.INSTANCE;
        EClass doc = klass("Doc");
        doc.getESuperTypes().add(node);
        meta.setContentKind(doc, ExtendedMetaData.MIXED_CONTENT);
        EAttribute mixed = attribute(doc, "mixed", e.getEFeatureMapEntry(), 0, -1, false);
        meta.setName(mixed, ":mixed");
        meta.setFeatureKind(mixed, ExtendedMetaData.ELEMENT_WILDCARD_FEATURE);
        grouped(meta, mixed, attribute(doc, "para", e.getEString(), 0, -1, false));
        grouped(meta, mixed, attribute(doc, "size", e.getEInt(), 0, -1, false));
        grouped(meta, mixed, reference(doc, "note", leaf, 0, -1, true, false));
        grouped(meta, mixed, reference(doc, "link", node, 0, -1, false, false));
        EClass choice = klass("Choice");
        choice.getESuperTypes().add(node);
        EAttribute group = attribute(choice, "group", e.getEFeatureMapEntry(), 0, -1, false);
        meta.setName(group, "group:1");
        meta.setFeatureKind(group, ExtendedMetaData.GROUP_FEATURE);
        grouped(meta, group, attribute(choice, "when", e.getEDate(), 0, -1, false));
        grouped(meta, group, attribute(choice, "option", mode, 0, -1, false));
        grouped(meta, group, reference(choice, "part", box, 0, -1, true, false));
    }

    /** A feature that only delegates to a feature map, marked as EMF's XML Schema mapping marks it. */
    private static void grouped(ExtendedMetaData meta, EAttribute map, org.eclipse.emf.ecore.EStructuralFeature f) {
        f.setTransient(true);
        f.setVolatile(true);
        f.setDerived(true);
        meta.setFeatureKind(f, ExtendedMetaData.ELEMENT_FEATURE);
        meta.setName(f, f.getName());
        meta.setGroup(f, map);
    }

    private EClass klass(String name) {
        EClass c = EcoreFactory.eINSTANCE.createEClass();
        c.setName(name);
        ePackage.getEClassifiers().add(c);
        return c;
    }

    private static EAttribute attribute(EClass owner, String name, EClassifier type, int lower, int upper,
            boolean unsettable) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(type);
        a.setLowerBound(lower);
        a.setUpperBound(upper);
        a.setUnsettable(unsettable);
        owner.getEStructuralFeatures().add(a);
        return a;
    }

    private static EReference reference(EClass owner, String name, EClass type, int lower, int upper,
            boolean containment, boolean unsettable) {
        EReference r = EcoreFactory.eINSTANCE.createEReference();
        r.setName(name);
        r.setEType(type);
        r.setLowerBound(lower);
        r.setUpperBound(upper);
        r.setContainment(containment);
        r.setUnsettable(unsettable);
        owner.getEStructuralFeatures().add(r);
        return r;
    }
}
