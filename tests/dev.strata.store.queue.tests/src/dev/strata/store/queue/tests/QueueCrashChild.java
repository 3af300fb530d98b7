package dev.strata.store.queue.tests;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.emf.ecore.EPackage;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.core.contract.ContractModel;
import dev.strata.core.store.ForwardingStore;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;
import dev.strata.store.queue.QueueModelStore;
import dev.strata.store.queue.QueueStoreOptions;
import dev.strata.store.queue.QueueStores;

/**
 * Runs in a child JVM that the crash test kills with SIGKILL: commits one item per commit through a
 * queue over a file store that takes a commit only every 30 ms (so the queue grows), and prints
 * "ACK n" only after commit n returned.
 */
public final class QueueCrashChild {

    static final String STORE = "crash";
    static final String QUEUE = "crashq";

    private QueueCrashChild() {
    }

    /** A file store reached slowly. */
    static final class Slow extends ForwardingStore {
        private final ModelStore store;

        Slow(ModelStore store) {
            this.store = store;
        }

        @Override
        protected ModelStore delegate() {
            return store;
        }

        @Override
        public CommitResult commit(ChangeSet changes) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return store.commit(changes);
        }
    }

    /** Events go nowhere in the child. */
    static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    public static void main(String[] args) throws Exception {
        Path storeDir = Path.of(args[0]);
        Path journal = Path.of(args[1]);
        int start = Integer.parseInt(args[2]);
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, ContractModel.INSTANCE.ePackage);
        TypeRef item = TypeRef.of(ContractModel.INSTANCE.item);
        try (FileModelStore store = FileStores.open(STORE, FileStoreOptions.defaults(storeDir));
                QueueModelStore queue = QueueStores.open(QUEUE, new Slow(store), QueueStoreOptions.defaults(journal),
                        NO_EVENTS)) {
            queue.useModel(List.of(ContractModel.INSTANCE.ePackage), IndexDef.declaredIn(List.of(ContractModel.INSTANCE.ePackage)));
            System.out.println("OPEN " + queue.queued());
            System.out.flush();
            for (int i = start; i < start + 100_000; i++) {
                queue.commit(new ChangeSet(UUID.randomUUID(), "crash", "", List.of(new Record(ObjectId.random(), item, 0,
                        Map.of("name", "q" + i, "count", i))), List.of(), List.of()));
                System.out.println("ACK " + i);
                System.out.flush();
            }
        }
    }
}
