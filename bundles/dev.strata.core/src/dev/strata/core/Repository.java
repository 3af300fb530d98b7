package dev.strata.core;

import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A model (its EPackages) bound to a store. Open a {@link Session} on it to read and change
 * objects. Repositories are thread-safe; many sessions may be open at once. In OSGi they are
 * registered as services with the {@link #NAME} property, from Config Admin factory
 * configurations ({@link #PID}, properties from {@link #configuration}); outside OSGi use {@link Repositories}.
 */
@ProviderType
public interface Repository {

    /** Service property carrying the repository's name. */
    String NAME = "strata.repository";

    /** The Config Admin factory PID of repositories: one repository service per configuration. */
    String PID = "dev.strata.repository";

    /**
     * The properties of a repository's configuration (for {@link #PID}): its name, the namespace
     * URIs of its model's packages, and the store it uses, by name.
     */
    static java.util.Dictionary<String, Object> configuration(String name, String store, String... nsUris) {
        java.util.Dictionary<String, Object> props = new java.util.Hashtable<>();
        props.put(NAME, name);
        props.put("packages", nsUris.clone());
        props.put("store.target", "(" + ModelStore.NAME + "=" + store + ")");
        return props;
    }

    String name();

    ModelStore store();

    List<EPackage> packages();

    /** Indexes declared by the model (annotations and ID attributes); the store keeps them. */
    Set<IndexDef> indexes();

    /** A new unit of work. Close it when done. */
    Session openSession();

    /**
     * What this repository's sessions do when a commit meets newer versions (configuration
     * property {@code merge}: {@code merge}, the default, or {@code refuse}).
     *
     * @since 0.5
     */
    default MergePolicy mergePolicy() {
        return MergePolicy.MERGE;
    }

    /**
     * A read-only session of the whole repository as it was just after a past commit: finds,
     * queries, roots and counts answer with the objects as they were then. The store's commit log
     * provides the way back, so the point must lie within the history the store keeps
     * ({@link ModelStore#logFloor()}); commits made while the session is open do not move it. Its
     * commit, add, delete, import and resolve fail with a {@link StrataException} naming the
     * point; changes made to its objects through EMF stay in memory and are never committed.
     * References into other stores show those stores as they are now.
     *
     * @throws StrataException if the point is older than the history the store keeps, in the
     *                         future, or names a commit id the log does not hold
     * @since 0.5
     */
    default Session openSession(At at) {
        throw new StrataException("Repository '" + name() + "' cannot open sessions at a past commit (" + at + ")");
    }

    /**
     * A new session as a plain EMF resource, for EMF tools that know nothing of Strata: its
     * contents are the repository's roots (read on {@code load}), {@code save} commits,
     * {@code isModified} follows the session, {@code unload} closes it. The caller's resource set
     * takes the resource in; see {@link StrataResources} for the {@code strata:} URI scheme.
     *
     * @param uri the resource's URI, normally {@code strata://<repository>/}
     */
    org.eclipse.emf.ecore.resource.Resource openResource(org.eclipse.emf.common.util.URI uri);
}
