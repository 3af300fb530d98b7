package dev.strata.core.contract;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMap;
import org.eclipse.emf.ecore.util.FeatureMapUtil;

import dev.strata.core.PersistentFeatures;

/**
 * The differences between two models, feature by feature, as EMF's serialization sees them: for
 * every persistent feature, whether it is set and its value; containment matched by position,
 * references by the matched object (or, outside the models, by URI). Reports a path for each
 * difference so that a failing round trip says what was lost.
 */
public final class ModelDiff {

    private static final int MAX = 25;

    private final Map<EObject, EObject> matched = new IdentityHashMap<>();
    private final List<EObject[]> pairs = new ArrayList<>();
    private final List<String> differences = new ArrayList<>();
    private int count;

    private ModelDiff() {
    }

    /** Up to 25 differences (and a count of the rest) between the expected and the actual roots. */
    public static List<String> of(List<? extends EObject> expected, List<? extends EObject> actual) {
        ModelDiff d = new ModelDiff();
        if (expected.size() != actual.size()) {
            d.report("roots", expected.size() + " roots expected, " + actual.size() + " found");
        }
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            d.match("root[" + i + "]", expected.get(i), actual.get(i));
        }
        for (EObject[] p : d.pairs) {
            d.compareReferences(p[0], p[1]);
        }
        if (d.count > MAX) {
            d.differences.add("... and " + (d.count - MAX) + " more differences");
        }
        return d.differences;
    }

    /** Number of objects in the trees under these roots. */
    public static int size(List<? extends EObject> roots) {
        int n = 0;
        for (EObject r : roots) {
            n++;
            for (var it = r.eAllContents(); it.hasNext(); it.next()) {
                n++;
            }
        }
        return n;
    }

    private void report(String where, String what) {
        if (++count <= MAX) {
            differences.add(where + ": " + what);
        }
    }

    private String label(String path, EObject o) {
        Object name = o.eClass().getEStructuralFeature("name") instanceof EAttribute a ? o.eGet(a) : null;
        return path + "(" + o.eClass().getName() + (name == null ? "" : " " + name) + ")";
    }

    private void match(String path, EObject e, EObject a) {
        String where = label(path, e);
        if (!e.eClass().getName().equals(a.eClass().getName())
                || !Objects.equals(e.eClass().getEPackage().getNsURI(), a.eClass().getEPackage().getNsURI())) {
            report(where, "is a " + a.eClass().getName());
            return;
        }
        matched.put(e, a);
        pairs.add(new EObject[] { e, a });
        for (EStructuralFeature f : PersistentFeatures.of(e.eClass())) {
            String at = where + "." + f.getName();
            EStructuralFeature fa = same(e, a, f);
            if (fa == null) {
                report(at, a.eClass().getName() + " has no such feature");
                continue;
            }
            if (e.eIsSet(f) != a.eIsSet(fa)) {
                report(at, (e.eIsSet(f) ? "set" : "unset") + " expected, found " + (a.eIsSet(fa) ? "set" : "unset")
                        + " (" + brief(a.eGet(fa, false)) + ")");
                continue;
            }
            if (FeatureMapUtil.isFeatureMap(f)) {
                matchEntries(at, (FeatureMap) e.eGet(f), (FeatureMap) a.eGet(fa));
            } else if (f instanceof EAttribute) {
                Object x = e.eGet(f);
                Object y = a.eGet(fa);
                if (!Objects.deepEquals(x, y) && !(x instanceof byte[] && java.util.Arrays.equals((byte[]) x, (byte[]) y))) {
                    report(at, "'" + brief(x) + "' expected, found '" + brief(y) + "'");
                }
            } else if (((EReference) f).isContainment()) {
                List<EObject> xs = list(e, f, false);
                List<EObject> ys = list(a, fa, false);
                if (xs.size() != ys.size()) {
                    report(at, xs.size() + " children expected, found " + ys.size());
                    continue;
                }
                for (int i = 0; i < xs.size(); i++) {
                    match(at + "[" + i + "]", xs.get(i), ys.get(i));
                }
            }
        }
    }

    /** A feature map's entries: same features in the same order, values equal, children matched. */
    private void matchEntries(String at, FeatureMap xs, FeatureMap ys) {
        if (xs.size() != ys.size()) {
            report(at, xs.size() + " entries expected, found " + ys.size() + " " + brief(ys));
            return;
        }
        for (int i = 0; i < xs.size(); i++) {
            EStructuralFeature fx = xs.getEStructuralFeature(i);
            EStructuralFeature fy = ys.getEStructuralFeature(i);
            String where = at + "[" + i + "]";
            if (!fx.getName().equals(fy.getName())) {
                report(where, "an entry for " + fx.getName() + " expected, found one for " + fy.getName());
            } else if (fx instanceof EReference r && r.isContainment()) {
                match(where, (EObject) xs.getValue(i), (EObject) ys.getValue(i));
            } else if (fx instanceof EAttribute && !Objects.deepEquals(xs.getValue(i), ys.getValue(i))) {
                report(where, fx.getName() + " '" + brief(xs.getValue(i)) + "' expected, found '"
                        + brief(ys.getValue(i)) + "'");
            }
        }
    }

    private void compareReferences(EObject e, EObject a) {
        String where = label("", e);
        for (EStructuralFeature f : PersistentFeatures.of(e.eClass())) {
            EStructuralFeature fa = same(e, a, f);
            if (fa == null) {
                continue; // reported by match
            }
            if (FeatureMapUtil.isFeatureMap(f) && e.eIsSet(f) && a.eIsSet(fa)) {
                FeatureMap xs = (FeatureMap) e.eGet(f);
                FeatureMap ys = (FeatureMap) a.eGet(fa);
                for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
                    if (xs.getEStructuralFeature(i) instanceof EReference r && !r.isContainment()) {
                        compareTarget(where + "." + f.getName() + "[" + i + "]", (EObject) xs.getValue(i),
                                EcoreUtil.resolve((EObject) ys.getValue(i), a));
                    }
                }
                continue;
            }
            if (!(f instanceof EReference r) || r.isContainment() || !e.eIsSet(f) || !a.eIsSet(fa)) {
                continue;
            }
            List<EObject> xs = list(e, f, false);
            List<EObject> ys = list(a, fa, true);
            if (xs.size() != ys.size()) {
                report(where + "." + f.getName(), xs.size() + " targets expected, found " + ys.size() + " "
                        + brief(ys));
                continue;
            }
            for (int i = 0; i < xs.size(); i++) {
                compareTarget(where + "." + f.getName() + "[" + i + "]", xs.get(i), ys.get(i));
            }
        }
    }

    private void compareTarget(String where, EObject x, EObject y) {
        EObject expected = matched.get(x);
        boolean same = expected != null ? expected == y : Objects.equals(EcoreUtil.getURI(x), EcoreUtil.getURI(y));
        if (!same) {
            report(where, "refers to " + describe(y) + " instead of " + describe(expected != null ? expected : x));
        }
    }

    /**
     * The feature of the actual object that stands for an expected one: the same one, or the one of
     * that name when the class is another instance of the same class (a profile's package that each
     * resource set defines anew).
     */
    private static EStructuralFeature same(EObject e, EObject a, EStructuralFeature f) {
        return e.eClass() == a.eClass() ? f : a.eClass().getEStructuralFeature(f.getName());
    }

    private static String describe(EObject o) {
        return o == null ? "null" : o.eIsProxy() ? "proxy " + EcoreUtil.getURI(o) : EcoreUtil.getURI(o).toString();
    }

    @SuppressWarnings("unchecked")
    private static List<EObject> list(EObject o, EStructuralFeature f, boolean resolve) {
        Object v = o.eGet(f, resolve);
        if (f.isMany()) {
            return new ArrayList<>((List<EObject>) v);
        }
        return v == null ? List.of() : List.of((EObject) v);
    }

    private static String brief(Object v) {
        String s = String.valueOf(v instanceof byte[] b ? java.util.Arrays.toString(b) : v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
