package dev.strata.store.mirror.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.store.mirror.MirrorModelStore;

/** Checks that a replica holds what the primary holds: every record, with its version and values. */
final class SameRecords {

    static final Duration WAIT = Duration.ofSeconds(60);

    private SameRecords() {
    }

    /** Waits for the mirror's replicas to copy what the primary has, then compares each with it. */
    static void assertCopied(MirrorModelStore mirror) throws InterruptedException {
        assertTrue(mirror.awaitCopied(WAIT), "replicas did not catch up within " + WAIT + ": " + mirror.replicas());
        mirror.replicas().forEach(s -> assertTrue(s.failing().isEmpty(), s.toString()));
    }

    /**
     * The record without the features that are unset in EMF's sense: stores of different kinds
     * spell them differently (a JDBC store reads every column, null or an empty list where unset; a
     * file store read back from XMI holds an attribute that cannot be unset at its default). A
     * feature set to null is {@link dev.strata.core.Nil} in every store and is kept.
     */
    private static Record comparable(Record r) {
        EClass type = EPackage.Registry.INSTANCE.getEPackage(r.type().nsUri()) instanceof EPackage p
                && p.getEClassifier(r.type().name()) instanceof EClass c ? c : null;
        Map<String, Object> held = new LinkedHashMap<>();
        r.values().forEach((k, v) -> {
            if (v != null && !(v instanceof List<?> l && l.isEmpty()) && !atDefault(type, k, v)) {
                held.put(k, v);
            }
        });
        return new Record(r.id(), r.type(), r.version(), r.container(), held);
    }

    private static boolean atDefault(EClass type, String feature, Object value) {
        return type != null && type.getEStructuralFeature(feature) instanceof EAttribute a && !a.isMany()
                && !a.isUnsettable() && a.getDefaultValue() != null
                && String.valueOf(a.getDefaultValue()).equals(String.valueOf(value));
    }

    static void assertSame(ModelStore primary, ModelStore replica) {
        Map<ObjectId, Record> expected = new HashMap<>(primary.loadTrees(primary.rootIds()));
        Map<ObjectId, Record> actual = new HashMap<>(replica.loadTrees(replica.rootIds()));
        assertEquals(new HashSet<>(primary.rootIds()), new HashSet<>(replica.rootIds()),
                "roots of " + replica.name() + " and " + primary.name());
        assertEquals(expected.keySet(), actual.keySet(), "ids in " + replica.name() + " and " + primary.name());
        for (Map.Entry<ObjectId, Record> e : expected.entrySet()) {
            assertEquals(comparable(e.getValue()), comparable(actual.get(e.getKey())),
                    "record " + e.getKey() + " in " + replica.name());
        }
        assertEquals(primary.modelVersions(), replica.modelVersions(), "model versions of " + replica.name());
    }
}
