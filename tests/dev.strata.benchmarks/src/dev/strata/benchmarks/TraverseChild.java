package dev.strata.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;

import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;
import dev.strata.store.jdbc.JdbcStores;

/**
 * Runs in a child JVM with a small heap: walks every task of the project in an H2 store, loading
 * tasks by id a page at a time and letting them go, and prints "RESULT tasks millis maxHeapMB oldGenPeakMB prioritySum".
 */
public final class TraverseChild {

    private static final int PAGE = 1000;

    private TraverseChild() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        long tasks = 0;
        long prioritySum = 0;
        try (JdbcModelStore store = JdbcStores.open("traverse", JdbcStoreOptions.h2(Path.of(args[0]), args[1]))) {
            for (Record root : store.roots()) {
                @SuppressWarnings("unchecked")
                List<ObjectId> ids = (List<ObjectId>) root.value("tasks");
                if (ids == null) {
                    continue;
                }
                for (int i = 0; i < ids.size(); i += PAGE) {
                    for (Record task : store.loadAll(ids.subList(i, Math.min(ids.size(), i + PAGE))).values()) {
                        tasks++;
                        prioritySum += (Integer) task.value("priority");
                    }
                }
            }
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        long oldGenPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().toLowerCase(java.util.Locale.ROOT).contains("old")) {
                oldGenPeak = Math.max(oldGenPeak, pool.getPeakUsage().getUsed());
            }
        }
        System.out.println("RESULT " + tasks + " " + ms + " " + Runtime.getRuntime().maxMemory() / 1_000_000 + " "
                + oldGenPeak / 1_000_000 + " " + prioritySum);
    }
}
