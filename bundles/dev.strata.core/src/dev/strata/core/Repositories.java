package dev.strata.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.internal.MemoryStore;
import dev.strata.core.internal.RepositoryImpl;

/**
 * Creates repositories and stores without OSGi (plain Java, tests, tools). Inside OSGi,
 * repositories are configured through Config Admin and obtained as services instead.
 *
 * <pre>
 * Repository repo = Repositories.builder("tasks", Repositories.memoryStore("mem"))
 *         .packages(TasksPackage.eINSTANCE).build();
 * </pre>
 */
public final class Repositories {

    private Repositories() {
    }

    /** A new, empty in-memory store (no events). */
    public static ModelStore memoryStore(String name) {
        return new MemoryStore(name, null);
    }

    /** A new, empty in-memory store that announces its commits on Event Admin. */
    public static ModelStore memoryStore(String name, EventAdmin events) {
        return new MemoryStore(name, events);
    }

    public static Builder builder(String name, ModelStore store) {
        return new Builder(name, store);
    }

    /** Options of a repository; everything but name, store and packages has a default. */
    public static final class Builder {
        private final String name;
        private final ModelStore store;
        private final List<EPackage> packages = new ArrayList<>();
        private final Map<String, ModelStore> otherStores = new HashMap<>();
        private final List<Veto> vetoes = new ArrayList<>();
        private final List<Migration> migrations = new ArrayList<>();
        private EventAdmin events;
        private Validation validation = Validation.VETO_ERRORS;
        private MergePolicy mergePolicy = MergePolicy.MERGE;

        private Builder(String name, ModelStore store) {
            this.name = Objects.requireNonNull(name, "name");
            this.store = Objects.requireNonNull(store, "store");
        }

        public Builder packages(EPackage... list) {
            packages.addAll(List.of(list));
            return this;
        }

        /** A store that references may lead to (objects there are read through proxies). */
        public Builder otherStore(ModelStore other) {
            otherStores.put(other.name(), other);
            return this;
        }

        /** A veto checking every commit of every session. */
        public Builder veto(Veto veto) {
            vetoes.add(veto);
            return this;
        }

        /** A migration to apply when the store holds an older version of a package's data. */
        public Builder migration(Migration migration) {
            migrations.add(migration);
            return this;
        }

        /** Where session events are posted (optional). */
        public Builder events(EventAdmin eventAdmin) {
            this.events = eventAdmin;
            return this;
        }

        /** Whether commits run EMF validation (default true). */
        public Builder validate(boolean on) {
            this.validation = on ? Validation.VETO_ERRORS : Validation.OFF;
            return this;
        }

        /** What EMF validation does at commit (default {@link Validation#VETO_ERRORS}). */
        public Builder validation(Validation v) {
            this.validation = java.util.Objects.requireNonNull(v, "validation");
            return this;
        }

        /**
         * What sessions do when a commit meets newer versions (default {@link MergePolicy#MERGE}).
         *
         * @since 0.5
         */
        public Builder mergePolicy(MergePolicy policy) {
            this.mergePolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Repository build() {
            if (packages.isEmpty()) {
                throw new StrataException("Repository '" + name + "' needs at least one EPackage");
            }
            List<Veto> fixed = List.copyOf(vetoes);
            Map<String, ModelStore> others = Map.copyOf(otherStores);
            return new RepositoryImpl(name, store, packages, n -> Optional.ofNullable(others.get(n)), () -> fixed,
                    events, validation, mergePolicy, migrations);
        }
    }
}
