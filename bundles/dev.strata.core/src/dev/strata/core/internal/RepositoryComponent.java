package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import dev.strata.core.Topics;
import dev.strata.core.MergePolicy;
import dev.strata.core.Validation;
import dev.strata.core.Veto;
import dev.strata.core.IndexDef;
import dev.strata.core.Migration;

/**
 * One repository per factory configuration of {@code dev.strata.repository}: a name, the store it
 * uses (by target filter) and the EPackages (by namespace URI, or read from .ecore files). Veto services apply to every
 * repository; Migration services are applied when the store holds older data. Commits of the store made elsewhere (other processes, other repositories) reach the
 * sessions' query caches through Event Admin.
 */
@Component(service = Repository.class, configurationPid = Repository.PID, immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RepositoryComponent.Config.class, factory = true)
public final class RepositoryComponent implements Repository {

    @ObjectClassDefinition(name = "Strata repository", description = "A model bound to a store")
    @interface Config {
        @AttributeDefinition(name = "Name", description = "Repository name (service property strata.repository)")
        String strata_repository();

        @AttributeDefinition(name = "Packages", description = "Namespace URIs of the model's registered EPackages")
        String[] packages() default {};

        @AttributeDefinition(name = "Model files", description = "Absolute paths or URIs of .ecore files whose"
                + " packages the repository also holds (dynamic EMF, no generated code)")
        String[] models() default {};

        @AttributeDefinition(name = "Store", description = "Filter selecting the store, e.g. (strata.store=memory)")
        String store_target() default "(strata.store=memory)";

        @AttributeDefinition(name = "Validate", description = "Run EMF validation on every commit (false = off)")
        boolean validate() default true;

        @AttributeDefinition(name = "Validation", description = "What validation does: errors (refuse commits with"
                + " errors), warnings (refuse on warnings too), report (never refuse) or off")
        String validation() default "errors";

        @AttributeDefinition(name = "Merge", description = "When a commit meets newer versions: merge (rebase and"
                + " commit, report only real conflicts) or refuse (refuse on any newer version)")
        String merge() default "merge";
    }

    private final List<Veto> vetoes = new CopyOnWriteArrayList<>();
    private final RepositoryImpl delegate;
    private final ServiceRegistration<EventHandler> handler;
    private final ModelFiles modelFiles;

    @Activate
    public RepositoryComponent(Config config, BundleContext context, @Reference(name = "store") ModelStore store,
            @Reference EventAdmin events,
            @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
            List<Migration> migrations) {
        List<EPackage> packages = new ArrayList<>();
        for (String uri : config.packages()) {
            EPackage p = EPackage.Registry.INSTANCE.getEPackage(uri.trim());
            if (p == null) {
                throw new StrataException("Repository '" + config.strata_repository() + "': no EPackage with namespace URI '"
                        + uri + "' is registered; is the model bundle installed and resolved?");
            }
            packages.add(p);
        }
        this.modelFiles = ModelFiles.load(config.strata_repository(), config.models());
        modelFiles.packages().stream().filter(p -> !packages.contains(p)).forEach(packages::add);
        if (packages.isEmpty()) {
            modelFiles.close();
            throw new StrataException("Repository '" + config.strata_repository()
                    + "' names no model: set packages (namespace URIs) or models (.ecore files)");
        }
        try {
            this.delegate = new RepositoryImpl(config.strata_repository(), store, packages,
                    name -> otherStore(context, name), () -> vetoes, events,
                    config.validate() ? Validation.parse(config.validation()) : Validation.OFF,
                    MergePolicy.parse(config.merge()), migrations);
        } catch (RuntimeException e) {
            modelFiles.close();
            throw e;
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, Topics.commit(store.name()));
        this.handler = context.registerService(EventHandler.class, event -> {
            Object types = event.getProperty(Topics.TYPES);
            if (event.getProperty(Topics.RESYNC) != null) {
                delegate.storeResynced();
            } else if (types instanceof String[] list) {
                delegate.commitObserved(Set.of(list));
            }
        }, props);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addVeto(Veto veto) {
        vetoes.add(veto);
    }

    void removeVeto(Veto veto) {
        vetoes.remove(veto);
    }

    private static Optional<ModelStore> otherStore(BundleContext context, String name) {
        try {
            for (ServiceReference<ModelStore> ref : context.getServiceReferences(ModelStore.class,
                    "(" + ModelStore.NAME + "=" + name + ")")) {
                return Optional.ofNullable(context.getService(ref));
            }
        } catch (InvalidSyntaxException e) {
            throw new StrataException("Invalid store name '" + name + "'", e);
        }
        return Optional.empty();
    }

    @Deactivate
    void deactivate() {
        handler.unregister();
        modelFiles.close();
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public ModelStore store() {
        return delegate.store();
    }

    @Override
    public List<EPackage> packages() {
        return delegate.packages();
    }

    @Override
    public Set<IndexDef> indexes() {
        return delegate.indexes();
    }

    @Override
    public Session openSession() {
        return delegate.openSession();
    }

    @Override
    public MergePolicy mergePolicy() {
        return delegate.mergePolicy();
    }

    @Override
    public Session openSession(dev.strata.core.At at) {
        return delegate.openSession(at);
    }

    @Override
    public org.eclipse.emf.ecore.resource.Resource openResource(org.eclipse.emf.common.util.URI uri) {
        return delegate.openResource(uri);
    }
}
