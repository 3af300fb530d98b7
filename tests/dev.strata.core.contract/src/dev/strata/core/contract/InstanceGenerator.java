package dev.strata.core.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;

import org.eclipse.emf.common.util.EList;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.ExtendedMetaData;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.xml.type.XMLTypePackage;

import dev.strata.core.EmfRecords;
import dev.strata.core.PersistentFeatures;

/**
 * Builds instances of any metamodel reflectively, to show that a store gives back whatever EMF can
 * save: every concrete class, each changeable persistent feature filled or left alone at random
 * (unsettable ones also set to their default or to null, as are plain ones with a default), many-valued attributes with duplicates where the
 * list allows them, containment trees and several roots, cross references (bidirectional ones
 * included), references to objects outside the model (Ecore's data types) where the type
 * allows, and feature map entries (mixed text, grouped attributes, children and references) in
 * random order. The same seed gives the same model.
 */
public final class InstanceGenerator {

    private static final String[] TEXTS = { "plain", "Grüße \"quoted\" & <tag>", "tab\tnew\nline\r",
            "form\ffeed\u0001bell\u0007", "emoji \uD83D\uDE00 and \u4E2D\u6587", "", "  spaces  " };

    private final long seed;
    private final Random random;
    private int strings;

    public InstanceGenerator(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Roots of a generated model with {@code perClass} objects of each concrete class of the packages. */
    public List<EObject> generate(List<EPackage> packages, int perClass) {
        List<EObject> pool = new ArrayList<>();
        for (EPackage p : packages) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass k && !k.isAbstract() && !k.isInterface()) {
                    for (int i = 0; i < perClass; i++) {
                        pool.add(EcoreUtil.create(k));
                    }
                }
            }
        }
        for (EObject o : pool) {
            for (EStructuralFeature f : features(o)) {
                if (f instanceof EReference r && r.isContainment()) {
                    contain(o, r, pool);
                } else if (f instanceof EAttribute a) {
                    fill(o, a);
                }
            }
        }
        for (EObject o : pool) {
            for (EStructuralFeature f : features(o)) {
                if (f instanceof EReference r && !r.isContainment()) {
                    refer(o, r, pool);
                }
            }
            for (EStructuralFeature f : PersistentFeatures.of(o.eClass())) {
                if (FeatureMapUtil.isFeatureMap(f) && f.isChangeable()) {
                    entries(o, f, pool);
                }
            }
        }
        return pool.stream().filter(o -> o.eContainer() == null).toList();
    }

    private static List<EStructuralFeature> features(EObject o) {
        return PersistentFeatures.of(o.eClass()).stream()
                .filter(f -> f.isChangeable() && !f.isDerived() && !f.isVolatile() && !FeatureMapUtil.isFeatureMap(f))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private void contain(EObject o, EReference r, List<EObject> pool) {
        int want = r.isMany() ? random.nextInt(4) : random.nextInt(2);
        for (EObject candidate : pool) {
            if (want == 0) {
                return;
            }
            if (candidate == o || candidate.eContainer() != null || !r.getEReferenceType().isInstance(candidate)
                    || EcoreUtil.isAncestor(candidate, o) || random.nextInt(3) == 0) {
                continue;
            }
            if (r.isMany()) {
                ((EList<EObject>) o.eGet(r)).add(candidate);
            } else {
                o.eSet(r, candidate);
            }
            want--;
        }
    }

    @SuppressWarnings("unchecked")
    private void refer(EObject o, EReference r, List<EObject> pool) {
        if (r.getEOpposite() != null && r.getEOpposite().isContainment()) {
            return;
        }
        List<EObject> targets = new ArrayList<>();
        for (EObject candidate : pool) {
            if (r.getEReferenceType().isInstance(candidate) && random.nextInt(3) == 0) {
                targets.add(candidate);
            }
        }
        // An object outside the model, as an Ecore model refers to EString.
        if (r.getEReferenceType().isSuperTypeOf(EcorePackage.Literals.EDATA_TYPE)) {
            targets.add(random.nextBoolean() ? EcorePackage.Literals.ESTRING : EcorePackage.Literals.EINT);
        }
        if (r.isUnsettable() && !r.isMany() && random.nextInt(4) == 0) {
            o.eSet(r, null); // set, to null: must come back set
            return;
        }
        if (targets.isEmpty() || random.nextInt(4) == 0) {
            return;
        }
        if (r.isMany()) {
            EList<EObject> list = (EList<EObject>) o.eGet(r);
            for (EObject t : targets.subList(0, Math.min(targets.size(), 1 + random.nextInt(3)))) {
                if (!r.isUnique() || !list.contains(t)) {
                    list.add(t);
                }
            }
        } else {
            o.eSet(r, targets.get(random.nextInt(targets.size())));
        }
    }

    /**
     * Entries of a feature map in random order: values of the features grouped into it (attributes,
     * children not contained elsewhere, references) and, for mixed content, text, comments and CDATA.
     */
    private void entries(EObject o, EStructuralFeature map, List<EObject> pool) {
        ExtendedMetaData meta = ExtendedMetaData.INSTANCE;
        List<EStructuralFeature> kinds = new ArrayList<>();
        for (EStructuralFeature f : o.eClass().getEAllStructuralFeatures()) {
            if (meta.getGroup(f) == map) {
                kinds.add(f);
            }
        }
        if (meta.getMixedFeature(o.eClass()) == map) {
            kinds.add(XMLTypePackage.Literals.XML_TYPE_DOCUMENT_ROOT__TEXT);
            kinds.add(XMLTypePackage.Literals.XML_TYPE_DOCUMENT_ROOT__COMMENT);
            kinds.add(XMLTypePackage.Literals.XML_TYPE_DOCUMENT_ROOT__CDATA);
        }
        FeatureMap entries = (FeatureMap) o.eGet(map);
        int n = kinds.isEmpty() ? 0 : random.nextInt(7);
        for (int i = 0; i < n; i++) {
            EStructuralFeature f = kinds.get(random.nextInt(kinds.size()));
            Object value;
            if (f == XMLTypePackage.Literals.XML_TYPE_DOCUMENT_ROOT__TEXT) {
                value = TEXTS[random.nextInt(TEXTS.length)];
            } else if (FeatureMapUtil.isCDATA(f) || FeatureMapUtil.isComment(f)) {
                value = "note " + random.nextInt(100) + " <not markup> & more";
            } else if (f instanceof EAttribute a) {
                value = value(a.getEAttributeType());
            } else {
                value = target(o, (EReference) f, pool);
            }
            if (value != null) {
                entries.add(f, value);
            }
        }
    }

    private EObject target(EObject o, EReference r, List<EObject> pool) {
        List<EObject> candidates = new ArrayList<>();
        for (EObject c : pool) {
            if (r.getEReferenceType().isInstance(c) && (!r.isContainment()
                    || (c != o && c.eContainer() == null && !EcoreUtil.isAncestor(c, o)))) {
                candidates.add(c);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    @SuppressWarnings("unchecked")
    private void fill(EObject o, EAttribute a) {
        int choice = random.nextInt(4);
        if (choice == 0 && a.getLowerBound() == 0) {
            return; // left unset
        }
        if (choice == 1 && a.isUnsettable() && !a.isMany()) {
            o.eSet(a, a.getDefaultValue()); // set, to the default (null for most types): must come back set
            return;
        }
        if (choice == 1 && EmfRecords.keepsNil(a)) {
            o.eSet(a, null); // a plain attribute with a default, set to null: must come back null
            return;
        }
        if (a.isMany()) {
            EList<Object> list = (EList<Object>) o.eGet(a);
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                Object v = value(a.getEAttributeType());
                if (v != null && (!a.isUnique() || !list.contains(v))) {
                    list.add(v);
                }
            }
            if (!a.isUnique() && !list.isEmpty()) {
                list.add(list.get(0)); // a duplicate
            }
            return;
        }
        Object v = value(a.getEAttributeType());
        if (v != null) {
            o.eSet(a, v);
        }
    }

    private Object value(EDataType type) {
        if (type instanceof EEnum e) {
            var literal = e.getELiterals().get(random.nextInt(e.getELiterals().size()));
            return literal.getInstance() != null ? literal.getInstance() : literal;
        }
        Class<?> c = type.getInstanceClass();
        if (c == null) {
            return EcoreUtil.createFromString(type, "custom-" + random.nextInt(1000));
        }
        if (c == String.class) {
            // Each string differs, also between generators: a metamodel may declare unique indexes on names.
            return TEXTS[random.nextInt(TEXTS.length)] + seed + "-" + (++strings);
        }
        if (c == int.class || c == Integer.class) {
            return random.nextInt();
        }
        if (c == long.class || c == Long.class) {
            return random.nextLong();
        }
        if (c == short.class || c == Short.class) {
            return (short) random.nextInt();
        }
        if (c == byte.class || c == Byte.class) {
            return (byte) random.nextInt();
        }
        if (c == char.class || c == Character.class) {
            return (char) ('A' + random.nextInt(1000));
        }
        if (c == boolean.class || c == Boolean.class) {
            return random.nextBoolean();
        }
        if (c == double.class || c == Double.class) {
            return random.nextDouble() * 1e6 - 5e5;
        }
        if (c == float.class || c == Float.class) {
            return random.nextFloat() * 1000f;
        }
        if (c == BigInteger.class) {
            return new BigInteger(100, random).negate();
        }
        if (c == BigDecimal.class) {
            return new BigDecimal(new BigInteger(80, random), 7); // scale kept
        }
        if (c == Date.class) {
            return new Date(1_600_000_000_000L + random.nextInt(1_000_000_000) * 7L + random.nextInt(1000));
        }
        if (c == byte[].class) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            return b;
        }
        return null; // a Java type with no literal form here: left unset
    }
}
