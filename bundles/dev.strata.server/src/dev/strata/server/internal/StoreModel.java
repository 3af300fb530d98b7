package dev.strata.server.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.Packages;
import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.InvalidChangeException;
import dev.strata.core.Query;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ChangeCheck;
import dev.strata.wire.JsonRecords;
import dev.strata.wire.WireException;

/**
 * What the server knows about the model of one store: the EPackages of the repositories on it.
 * With them it resolves short type names ({@code Task}) and checks that written values fit their
 * features, turning values that fit without loss (an int for a long feature, an ISO date string for
 * a date) into the feature's type. Records of packages it does not know are left to the store, which
 * refuses what its model does not have.
 */
final class StoreModel {

    private final List<EPackage> packages;
    private final Map<String, EPackage> byNsUri = new LinkedHashMap<>();
    private final Supplier<Collection<IndexDef>> indexes;
    private final ChangeCheck check;

    StoreModel(List<EPackage> packages, Supplier<Collection<IndexDef>> indexes) {
        this.packages = List.copyOf(packages);
        this.indexes = indexes;
        this.check = new ChangeCheck("", packages, ChangeCheck.UnknownPackages.PASS, false);
        for (EPackage p : Packages.withSubpackages(packages)) {
            byNsUri.putIfAbsent(p.getNsURI(), p);
        }
    }

    List<EPackage> packages() {
        return packages;
    }

    /** Short class names: from the model, else from the types of the store's declared indexes. */
    JsonRecords.TypeResolver resolver() {
        return name -> {
            TypeRef found = null;
            for (EPackage p : byNsUri.values()) {
                EClassifier c = p.getEClassifier(name);
                if (c instanceof EClass) {
                    if (found != null) {
                        return null; // ambiguous: the full name is needed
                    }
                    found = new TypeRef(p.getNsURI(), name);
                }
            }
            if (found == null) {
                for (IndexDef i : indexes.get()) {
                    if (i.type().name().equals(name)) {
                        if (found != null && !found.equals(i.type())) {
                            return null;
                        }
                        found = i.type();
                    }
                }
            }
            return found;
        };
    }

    /**
     * The query with its values converted to their features' types (a query for an int feature
     * with {@code {"$long": 3}} finds 3), so that the store's indexes compare like with like.
     *
     * @throws WireException naming the condition whose feature or value does not fit
     */
    Query query(Query q) {
        try {
            return check.query(q);
        } catch (InvalidChangeException e) {
            throw wire(e);
        }
    }

    /**
     * Checks that declared indexes name stored single-valued features of the model's classes.
     *
     * @throws WireException naming the index that does not fit
     */
    List<IndexDef> indexes(List<IndexDef> defs, String field) {
        try {
            check.indexes(defs, field);
            return defs;
        } catch (InvalidChangeException e) {
            throw wire(e);
        }
    }

    private static WireException wire(InvalidChangeException e) {
        return new WireException(e.field(), e.getMessage().substring(e.field().length() + 2));
    }

    /**
     * The change set with every created record and changed value checked against the model, so
     * that a client hears about a wrong value by its field; the store checks again (containment
     * too) before it writes.
     *
     * @throws WireException naming the first field whose value does not fit
     */
    ChangeSet check(ChangeSet cs) {
        try {
            return check.values(cs);
        } catch (InvalidChangeException e) {
            throw wire(e);
        }
    }
}
