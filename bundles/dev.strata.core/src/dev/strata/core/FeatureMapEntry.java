package dev.strata.core;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.xml.type.XMLTypePackage;

/**
 * One entry of a feature map (mixed content, a {@code group}, a substitution group or a wildcard)
 * as a record carries it: a feature map's record value is the list of its entries, in order.
 *
 * @param feature which feature the entry is for: its name when the owner's class has a feature of
 *                that name, else {@code nsURI#Class/name} (mixed text is
 *                {@code http://www.eclipse.org/emf/2003/XMLType#XMLTypeDocumentRoot/text})
 * @param value   the record form of the entry's one value: an attribute value, the id of a
 *                contained object, or a reference ({@link ObjectId}, {@link ExternalRef},
 *                {@link UriRef})
 */
public record FeatureMapEntry(String feature, Object value) {

    public FeatureMapEntry {
        if (feature == null || feature.isEmpty()) {
            throw new IllegalArgumentException("A feature map entry needs its feature");
        }
    }

    /** How an entry of a feature map of {@code owner} names its feature. */
    public static String key(EClass owner, EStructuralFeature feature) {
        if (owner.getEStructuralFeature(feature.getName()) == feature) {
            return feature.getName();
        }
        EClass c = feature.getEContainingClass();
        return c.getEPackage().getNsURI() + "#" + c.getName() + "/" + feature.getName();
    }

    /**
     * The feature a key names, for an entry of a feature map of {@code owner}.
     *
     * @throws StrataException if no known package has it
     */
    public static EStructuralFeature feature(EClass owner, String key) {
        int hash = key.lastIndexOf('#');
        if (hash < 0) {
            EStructuralFeature f = owner.getEStructuralFeature(key);
            if (f == null) {
                throw new StrataException("Feature map entry for '" + key + "': " + owner.getName()
                        + " has no such feature");
            }
            return f;
        }
        String nsUri = key.substring(0, hash);
        int slash = key.indexOf('/', hash);
        if (slash < 0) {
            throw new StrataException("Malformed feature map entry key '" + key + "' (expected nsURI#Class/feature)");
        }
        EPackage p = packageOf(owner, nsUri);
        EClassifier c = p == null ? null : p.getEClassifier(key.substring(hash + 1, slash));
        EStructuralFeature f = c instanceof EClass k ? k.getEStructuralFeature(key.substring(slash + 1)) : null;
        if (f == null) {
            throw new StrataException("Feature map entry for '" + key + "' in " + owner.getName()
                    + ": no registered package has that feature");
        }
        return f;
    }

    private static EPackage packageOf(EClass owner, String nsUri) {
        if (nsUri.equals(owner.getEPackage().getNsURI())) {
            return owner.getEPackage();
        }
        if (nsUri.equals(XMLTypePackage.eNS_URI)) {
            return XMLTypePackage.eINSTANCE; // mixed text, comments, CDATA: always at hand
        }
        var rs = owner.getEPackage().eResource() == null ? null : owner.getEPackage().eResource().getResourceSet();
        EPackage p = rs == null ? null : rs.getPackageRegistry().getEPackage(nsUri);
        return p != null ? p : EPackage.Registry.INSTANCE.getEPackage(nsUri);
    }
}
