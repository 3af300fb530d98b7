package dev.strata.core.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.ecore.resource.Resource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import dev.strata.core.Repository;
import dev.strata.core.StrataResources;

/** Registers the {@code strata:} URI scheme with EMF for the repository services there are. */
@Component(immediate = true)
public final class StrataUriScheme {

    private final List<Repository> repositories = new CopyOnWriteArrayList<>();
    private final Resource.Factory factory;

    @Activate
    public StrataUriScheme() {
        this.factory = StrataResources.register(this::find);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRepository(Repository repository) {
        repositories.add(repository);
    }

    void removeRepository(Repository repository) {
        repositories.remove(repository);
    }

    /** A repository by its name, else the first on a store of that name. */
    private Optional<Repository> find(String name) {
        for (Repository r : repositories) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return repositories.stream().filter(r -> r.store().name().equals(name)).findFirst();
    }

    @Deactivate
    void deactivate() {
        StrataResources.unregister(factory);
    }
}
