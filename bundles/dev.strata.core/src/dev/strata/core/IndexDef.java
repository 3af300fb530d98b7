package dev.strata.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.eclipse.emf.ecore.EAnnotation;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;

/**
 * A declared index on one attribute of one EClass. Stores keep declared indexes in the same atomic
 * commit as the data; queries are only answered through them.
 * <p>
 * Declare an index in the model by annotating the EAttribute with source {@link #ANNOTATION_SOURCE}
 * and detail {@code kind} = {@code equality}, {@code ordered} or {@code unique}. An EMF ID attribute
 * always gets a unique index (it is the object's primary key).
 */
public record IndexDef(TypeRef type, String feature, Kind kind) {

    /** EAnnotation source that declares an index on an EAttribute. */
    public static final String ANNOTATION_SOURCE = "http://strata.dev/index";

    public enum Kind {
        /** Answers equality conditions and counts by value. */
        EQUALITY,
        /** Answers equality and range conditions, order by and limit. */
        ORDERED,
        /** Like equality; a commit giving two objects the same value is vetoed. */
        UNIQUE;

        /** The spelling used in the model annotation. */
        public String literal() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public IndexDef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(kind, "kind");
    }

    public static IndexDef of(EAttribute attribute, Kind kind) {
        return new IndexDef(TypeRef.of(attribute.getEContainingClass()), attribute.getName(), kind);
    }

    /** True if this index can answer an equality condition. */
    public boolean servesEquality() {
        return true;
    }

    /** True if this index can answer range conditions and ordering. */
    public boolean servesOrder() {
        return kind == Kind.ORDERED;
    }

    /** The annotation a model author adds to declare this index. */
    public String howToDeclare() {
        return "annotate " + type.name() + "." + feature + " with source \"" + ANNOTATION_SOURCE
                + "\" and detail kind=" + kind.literal();
    }

    @Override
    public String toString() {
        return kind.literal() + " index on " + type.name() + "." + feature;
    }

    /**
     * Every index declared in these packages: annotated attributes and ID attributes.
     *
     * @throws StrataException for an annotation with an unknown kind, naming the attribute
     */
    public static Set<IndexDef> declaredIn(List<EPackage> packages) {
        Set<IndexDef> result = new LinkedHashSet<>();
        for (EPackage p : Packages.withSubpackages(packages)) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass eClass) {
                    for (EAttribute a : eClass.getEAttributes()) {
                        if (a.isID()) {
                            result.add(of(a, Kind.UNIQUE));
                        }
                        EAnnotation ann = a.getEAnnotation(ANNOTATION_SOURCE);
                        if (ann != null) {
                            String kind = ann.getDetails().get("kind");
                            try {
                                result.add(of(a, Kind.valueOf(String.valueOf(kind).trim().toUpperCase(java.util.Locale.ROOT))));
                            } catch (IllegalArgumentException e) {
                                throw new StrataException("Index annotation on " + eClass.getName() + "." + a.getName()
                                        + " has kind '" + kind + "'; use equality, ordered or unique", e);
                            }
                        }
                    }
                }
            }
        }
        return result;
    }
}
