package dev.strata.core.internal;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * Read-only objects of another store, reached through references that cross stores. They are
 * loaded on demand and never committed by the session that follows the reference.
 */
final class ForeignResource extends StrataResource {

    private ForeignResource(String storeName, Loader loader) {
        super(Materializer.storeUri(storeName), loader);
        loader.resource = this;
    }

    static ForeignResource create(RepositoryImpl repository, String storeName) {
        return new ForeignResource(storeName, new Loader(repository, storeName, repository.otherStore(storeName)));
    }

    private static final class Loader implements Lookup, Materializer.Identity {
        private final Map<ObjectId, EObject> byId = new HashMap<>();
        private final Map<EObject, ObjectId> ids = new IdentityHashMap<>();
        private final ModelStore store;
        private final Materializer materializer;
        ForeignResource resource;

        Loader(RepositoryImpl repository, String storeName, ModelStore store) {
            this.store = store;
            this.materializer = new Materializer(repository, storeName, store, this);
        }

        @Override
        public EObject resolve(ObjectId id) {
            EObject known = byId.get(id);
            if (known != null) {
                return known;
            }
            Record record = store.load(id).orElse(null);
            if (record == null) {
                return null;
            }
            if (record.container() != null) {
                resolve(record.container());
                return byId.get(id);
            }
            materializer.tree(id, store.loadTree(id), resource);
            return byId.get(id);
        }

        @Override
        public ObjectId knownId(EObject object) {
            return ids.get(object);
        }

        @Override
        public EObject existing(ObjectId id) {
            return byId.get(id);
        }

        @Override
        public void created(EObject object, Record record) {
            byId.put(record.id(), object);
            ids.put(object, record.id());
        }
    }
}
