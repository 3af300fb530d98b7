package dev.strata.core;

import java.util.Optional;
import java.util.function.Function;

import org.eclipse.emf.ecore.resource.Resource;

/**
 * The {@code strata:} URI scheme for plain EMF: {@code resourceSet.getResource(URI.createURI(
 * "strata://tasks/"), true)} gives a resource whose contents are repository {@code tasks}'s roots
 * in a new session; {@code save} commits, {@code isModified} follows the session, {@code unload}
 * closes it. Generated editors, OCL, Xtext and other EMF tools then work on a repository without
 * knowing Strata. In OSGi the scheme is registered with EMF for the repository services; outside
 * OSGi call {@link #register}.
 */
public final class StrataResources {

    /** The URI scheme. */
    public static final String SCHEME = "strata";

    private StrataResources() {
    }

    /**
     * A resource factory for {@code strata://<name>/} URIs.
     *
     * @param repositories the repository a name stands for: a repository's name, or the name of the
     *                     store it uses (object URIs inside Strata name the store)
     */
    public static Resource.Factory factory(Function<String, Optional<Repository>> repositories) {
        return uri -> {
            if (!SCHEME.equals(uri.scheme()) || uri.authority() == null || uri.authority().isBlank()) {
                throw new StrataException("'" + uri + "' is not a Strata URI: use strata://<repository>/");
            }
            Repository repository = repositories.apply(uri.authority()).orElseThrow(() -> new StrataException(
                    "No Strata repository or store named '" + uri.authority() + "' for " + uri));
            return repository.openResource(uri.trimFragment().trimQuery());
        };
    }

    /** Registers the scheme with EMF's global resource factory registry; returns the factory. */
    public static Resource.Factory register(Function<String, Optional<Repository>> repositories) {
        Resource.Factory factory = factory(repositories);
        Resource.Factory.Registry.INSTANCE.getProtocolToFactoryMap().put(SCHEME, factory);
        return factory;
    }

    /** Removes a factory {@link #register} put in place (and only that one). */
    public static void unregister(Resource.Factory factory) {
        Resource.Factory.Registry.INSTANCE.getProtocolToFactoryMap().remove(SCHEME, factory);
    }
}
