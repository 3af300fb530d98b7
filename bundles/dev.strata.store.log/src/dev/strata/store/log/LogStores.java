package dev.strata.store.log;

import java.nio.file.Path;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.log.internal.LogStore;

/** Opens log stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class LogStores {

    private LogStores() {
    }

    /**
     * A log store named {@code name} over {@code wrapped}, appending to {@code file} (made with its
     * folders if missing). It posts the wrapped store's commits again, under its own name, on
     * {@code events}; feed it the wrapped store's commit events through
     * {@link LogModelStore#handleEvent}.
     *
     * @throws IllegalArgumentException if the name is the wrapped store's or the file is not absolute
     * @throws dev.strata.core.StoreException if the file cannot be opened for appending
     */
    public static LogModelStore open(String name, ModelStore wrapped, Path file, LogModelStore.Operations operations,
            EventAdmin events) {
        return new LogStore(name, wrapped, file, operations, events);
    }
}
