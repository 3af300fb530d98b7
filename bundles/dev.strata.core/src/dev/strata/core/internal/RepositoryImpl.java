package dev.strata.core.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.At;
import dev.strata.core.IndexDef;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.Packages;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.MergePolicy;
import dev.strata.core.Validation;
import dev.strata.core.Veto;

/** A model bound to a store; creates sessions and tells them about commits that affect their caches. */
public final class RepositoryImpl implements Repository {

    private final String name;
    private final ModelStore store;
    private final List<EPackage> packages;
    private final Map<String, EPackage> byNsUri = new HashMap<>();
    private final Set<IndexDef> indexes;
    private final Function<String, Optional<ModelStore>> otherStores;
    private final Supplier<List<Veto>> vetoes;
    private final EventAdmin events;
    private final Validation validation;
    private final MergePolicy mergePolicy;
    private final List<SessionImpl> sessions = new CopyOnWriteArrayList<>();

    public RepositoryImpl(String name, ModelStore store, List<EPackage> packages,
            Function<String, Optional<ModelStore>> otherStores, Supplier<List<Veto>> vetoes, EventAdmin events,
            Validation validation, MergePolicy mergePolicy, List<Migration> migrations) {
        this.name = name;
        this.store = store;
        this.packages = List.copyOf(packages);
        for (EPackage p : Packages.withSubpackages(packages)) {
            byNsUri.put(p.getNsURI(), p);
        }
        this.indexes = IndexDef.declaredIn(this.packages);
        this.otherStores = otherStores;
        this.vetoes = vetoes;
        this.events = events;
        this.validation = validation;
        this.mergePolicy = java.util.Objects.requireNonNull(mergePolicy, "mergePolicy");
        // Migrations first: they bring stored data (and a store's tables) from the old model to
        // this one; only then may the store lay out storage for what this model adds.
        Map<String, Integer> stored = store.modelVersions(); // one read for all packages
        for (EPackage p : this.packages) {
            reconcileVersion(p, stored.get(p.getNsURI()), migrations);
        }
        store.useModel(this.packages, indexes);
        store.declareIndexes(indexes);
    }

    /** A view of a repository whose sessions read through another store (a past one); no migration, no layout. */
    private RepositoryImpl(RepositoryImpl live, ModelStore view) {
        this.name = live.name;
        this.store = view;
        this.packages = live.packages;
        this.byNsUri.putAll(live.byNsUri);
        this.indexes = live.indexes;
        this.otherStores = live.otherStores;
        this.vetoes = live.vetoes;
        this.events = live.events;
        this.validation = live.validation;
        this.mergePolicy = live.mergePolicy;
    }

    /**
     * Brings the store's data to the model's version through the declared migrations, or refuses
     * with a message when the store's data is newer or no migration path exists.
     */
    private void reconcileVersion(EPackage p, Integer stored, List<Migration> migrations) {
        String uri = p.getNsURI();
        int model = Migration.versionOf(p);
        if (stored == null) {
            store.initModelVersion(uri, model);
            return;
        }
        if (stored > model) {
            throw new StrataException("Store '" + store.name() + "' holds " + uri + " data of model version " + stored
                    + ", newer than the model repository '" + name + "' uses (version " + model
                    + "); open it with the newer model");
        }
        int at = stored;
        while (at < model) {
            int from = at;
            Migration next = migrations.stream().filter(m -> m.nsUri().equals(uri) && m.fromVersion() == from)
                    .findFirst().orElseThrow(() -> new StrataException("Store '" + store.name() + "' holds " + uri
                            + " data of model version " + from + ", but repository '" + name + "' uses version "
                            + model + " and no migration from version " + from + " is declared"));
            if (next.toVersion() > model) {
                throw new StrataException("Migration " + next.id() + " goes past the model version " + model);
            }
            store.migrate(next);
            at = next.toVersion();
        }
    }


    @Override
    public String name() {
        return name;
    }

    @Override
    public ModelStore store() {
        return store;
    }

    @Override
    public List<EPackage> packages() {
        return packages;
    }

    @Override
    public Set<IndexDef> indexes() {
        return new LinkedHashSet<>(indexes);
    }

    @Override
    public Session openSession() {
        SessionImpl s = new SessionImpl(this);
        sessions.add(s);
        return s;
    }

    @Override
    public Session openSession(At at) {
        PastStore past = PastStore.open(store, at);
        RepositoryImpl view = new RepositoryImpl(this, past);
        SessionImpl s = new SessionImpl(view, null, "repository '" + name + "' as of " + past.point());
        view.sessions.add(s);
        return s;
    }

    @Override
    public org.eclipse.emf.ecore.resource.Resource openResource(org.eclipse.emf.common.util.URI uri) {
        SessionImpl s = new SessionImpl(this, uri);
        sessions.add(s);
        return s.resource();
    }

    void closed(SessionImpl session) {
        sessions.remove(session);
    }

    /** The EClass a record names, from this repository's packages or EMF's package registry. */
    EClass eClass(TypeRef type, String storeName) {
        EPackage p = byNsUri.get(type.nsUri());
        if (p == null) {
            p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        }
        if (p == null) {
            throw new StoreException("Store '" + storeName + "' holds objects of package " + type.nsUri()
                    + ", which is neither in repository '" + name + "' nor registered with EMF; add the package"
                    + " to the repository (or a migration if its namespace URI changed)");
        }
        EClassifier c = p.getEClassifier(type.name());
        if (!(c instanceof EClass eClass)) {
            throw new StoreException("Store '" + storeName + "' holds objects of class " + type.name()
                    + ", which package " + type.nsUri() + " does not define (renamed? declare a migration)");
        }
        return eClass;
    }

    ModelStore otherStore(String storeName) {
        if (storeName.equals(store.name())) {
            return store;
        }
        return otherStores.apply(storeName).orElseThrow(() -> new StrataException(
                "A reference leads to store '" + storeName + "', which is not available"));
    }

    Optional<ModelStore> findStore(String storeName) {
        return storeName.equals(store.name()) ? Optional.of(store) : otherStores.apply(storeName);
    }

    List<Veto> vetoes() {
        return vetoes.get();
    }

    EventAdmin events() {
        return events;
    }

    Validation validation() {
        return validation;
    }

    @Override
    public MergePolicy mergePolicy() {
        return mergePolicy;
    }

    /** A commit touched these EClasses (TypeRef strings): drop cached queries over them. */
    public void commitObserved(Set<String> types) {
        for (SessionImpl s : sessions) {
            s.invalidateQueries(types);
        }
    }

    /** The store lost track of what changed elsewhere (see {@link dev.strata.core.Topics#RESYNC}): no cached query holds. */
    public void storeResynced() {
        for (SessionImpl s : sessions) {
            s.invalidateAllQueries();
        }
    }

    @Override
    public String toString() {
        return "repository '" + name + "' on " + store.name();
    }
}
