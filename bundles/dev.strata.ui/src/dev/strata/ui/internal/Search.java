package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;

import dev.strata.core.Packages;
import dev.strata.core.PersistentFeatures;
import dev.strata.core.Query;
import dev.strata.core.Repository;
import dev.strata.core.TypeRef;

/**
 * What the Search dialog asks for: a query over a repository's declared indexes, or a text looked
 * for in the string-valued features of its objects. Immutable; handed from the dialog to the
 * Search Results view, which runs it in a {@link SearchJob}.
 */
sealed interface Search {

    Repository repository();

    /** How the Search Results view names the search: {@code Task where status = DONE}. */
    String describe();

    /**
     * How many of the objects found are shown at most (each becomes a session object on the UI
     * thread); the rest are only counted.
     */
    int max();

    /**
     * A query answered by the store's indexes (see {@link Query}); its own limit, if any, applies
     * before {@code max}.
     */
    record ByQuery(Repository repository, Query query, int max) implements Search {
        @Override
        public String describe() {
            return query.toString();
        }
    }

    /**
     * Objects (of the class or its subclasses, or of any class if null) with a string-valued
     * feature containing the text, ignoring case.
     */
    record ByText(Repository repository, String text, EClass type, int max) implements Search {
        @Override
        public String describe() {
            return "'" + text + "'" + (type == null ? "" : " in " + type.getName() + " objects");
        }

        /**
         * The first string feature whose value contains the text, as {@code feature = value}, or
         * null. Values are read through the function: from a stored record or from an object.
         */
        String match(EClass eClass, Function<EAttribute, Object> valueOf) {
            if (type != null && !type.isSuperTypeOf(eClass)) {
                return null;
            }
            String wanted = text.toLowerCase(Locale.ROOT);
            for (EAttribute a : stringAttributes(eClass)) {
                Object v = valueOf.apply(a);
                for (Object each : v instanceof List<?> l ? l : v == null ? List.of() : List.of(v)) {
                    if (each instanceof String s && s.toLowerCase(Locale.ROOT).contains(wanted)) {
                        return a.getName() + " = " + s;
                    }
                }
            }
            return null;
        }

        /** {@link #match} on an object's current values (pending edits included). */
        String match(EObject o) {
            return match(o.eClass(), o::eGet);
        }
    }

    /** The persistent attributes of a class whose values are strings. */
    static List<EAttribute> stringAttributes(EClass eClass) {
        List<EAttribute> result = new ArrayList<>();
        for (EStructuralFeature f : PersistentFeatures.of(eClass)) {
            if (f instanceof EAttribute a && a.getEAttributeType().getInstanceClass() == String.class) {
                result.add(a);
            }
        }
        return result;
    }

    /** The concrete classes of a repository's model, by their stored type, in the order declared. */
    static Map<TypeRef, EClass> classes(Repository repository) {
        Map<TypeRef, EClass> result = new LinkedHashMap<>();
        for (EPackage p : Packages.withSubpackages(repository.packages())) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass e && !e.isAbstract() && !e.isInterface()) {
                    result.put(TypeRef.of(e), e);
                }
            }
        }
        return result;
    }
}
