package dev.strata.compare;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;

/**
 * One state of objects that answers records by id: a store, a map of records, a state rebuilt
 * from history.
 */
@ConsumerType
@FunctionalInterface
public interface RecordSource {

    /** The records this state has among these ids, keyed by id; ids it lacks are left out. */
    Map<ObjectId, Record> records(Collection<ObjectId> ids);

    /** The state a map of records holds. */
    static RecordSource of(Map<ObjectId, Record> records) {
        return ids -> {
            Map<ObjectId, Record> found = new HashMap<>();
            for (ObjectId id : ids) {
                Record r = records.get(id);
                if (r != null) {
                    found.put(id, r);
                }
            }
            return found;
        };
    }

    /** The current state of a store. */
    static RecordSource of(ModelStore store) {
        return store::loadAll;
    }
}
