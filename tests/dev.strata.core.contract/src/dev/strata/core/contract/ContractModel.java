package dev.strata.core.contract;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EEnumLiteral;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.IndexDef;

/**
 * A dynamic model with one attribute of every EMF data type, many-valued attributes, containment,
 * cross references and declared indexes: what the contract round-trips through a store.
 */
public final class ContractModel {

    public static final String NS_URI = "http://strata.dev/contract/1.0";

    public static final ContractModel INSTANCE = new ContractModel();

    public final EPackage ePackage;
    public final EEnum color;
    public final EDataType uri;
    public final EClass item;
    public final EAttribute name;
    public final EAttribute text;
    public final EAttribute count;
    public final EAttribute big;
    public final EAttribute small;
    public final EAttribute tiny;
    public final EAttribute letter;
    public final EAttribute ratio;
    public final EAttribute precise;
    public final EAttribute flag;
    public final EAttribute huge;
    public final EAttribute money;
    public final EAttribute when;
    public final EAttribute bytes;
    public final EAttribute colorValue;
    public final EAttribute link;
    public final EAttribute tags;
    public final EAttribute scores;
    public final EReference children;
    public final EReference child;
    public final EReference related;
    public final EReference partner;

    private ContractModel() {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        EcorePackage e = EcorePackage.eINSTANCE;
        ePackage = f.createEPackage();
        ePackage.setName("contract");
        ePackage.setNsPrefix("contract");
        ePackage.setNsURI(NS_URI);
        // A dynamic package needs a resource named by its namespace URI so that serialisers
        // (XMI, JSON) write absolute references to its classes.
        new org.eclipse.emf.ecore.resource.impl.ResourceImpl(org.eclipse.emf.common.util.URI.createURI(NS_URI))
                .getContents().add(ePackage);

        color = f.createEEnum();
        color.setName("Color");
        String[] literals = { "RED", "GREEN", "BLUE" };
        for (int i = 0; i < literals.length; i++) {
            EEnumLiteral l = f.createEEnumLiteral();
            l.setName(literals[i]);
            l.setLiteral(literals[i].toLowerCase(java.util.Locale.ROOT));
            l.setValue(i);
            color.getELiterals().add(l);
        }
        ePackage.getEClassifiers().add(color);

        uri = f.createEDataType();
        uri.setName("Uri");
        uri.setInstanceClassName("java.net.URI");
        ePackage.getEClassifiers().add(uri);

        item = f.createEClass();
        item.setName("Item");
        ePackage.getEClassifiers().add(item);

        name = attribute("name", e.getEString(), null);
        name.setID(true);
        name.setLowerBound(1);
        text = attribute("text", e.getEString(), null);
        count = attribute("count", e.getEInt(), IndexDef.Kind.EQUALITY);
        big = attribute("big", e.getELong(), null);
        small = attribute("small", e.getEShort(), null);
        tiny = attribute("tiny", e.getEByte(), null);
        letter = attribute("letter", e.getEChar(), null);
        ratio = attribute("ratio", e.getEFloat(), null);
        precise = attribute("precise", e.getEDouble(), null);
        flag = attribute("flag", e.getEBoolean(), null);
        huge = attribute("huge", e.getEBigInteger(), null);
        money = attribute("money", e.getEBigDecimal(), null);
        when = attribute("when", e.getEDate(), IndexDef.Kind.ORDERED);
        bytes = attribute("bytes", e.getEByteArray(), null);
        colorValue = attribute("color", color, IndexDef.Kind.EQUALITY);
        link = attribute("link", uri, null);
        tags = attribute("tags", e.getEString(), null);
        tags.setUpperBound(-1);
        tags.setUnique(false);
        scores = attribute("scores", e.getEInt(), null);
        scores.setUpperBound(-1);
        scores.setUnique(false);

        children = reference("children", true, true);
        child = reference("child", true, false);
        related = reference("related", false, true);
        partner = reference("partner", false, false);
        // Stores check commits against the model; tests that commit records directly need it known.
        EPackage.Registry.INSTANCE.put(NS_URI, ePackage);
    }

    private EAttribute attribute(String featureName, EClassifier type, IndexDef.Kind index) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(featureName);
        a.setEType(type);
        if (index != null) {
            EcoreUtil.setAnnotation(a, IndexDef.ANNOTATION_SOURCE, "kind", index.literal());
        }
        item.getEStructuralFeatures().add(a);
        return a;
    }

    private EReference reference(String featureName, boolean containment, boolean many) {
        EReference r = EcoreFactory.eINSTANCE.createEReference();
        r.setName(featureName);
        r.setEType(item);
        r.setContainment(containment);
        r.setResolveProxies(!containment);
        r.setUpperBound(many ? -1 : 1);
        item.getEStructuralFeatures().add(r);
        return r;
    }

    /** A new Item with the given name (its primary key). */
    public EObject newItem(String itemName) {
        EObject o = EcoreUtil.create(item);
        o.eSet(name, itemName);
        return o;
    }

    /** The enum value of a literal, as EMF gives it for this dynamic enum. */
    public Object color(String literal) {
        return color.getEEnumLiteralByLiteral(literal);
    }
}
