package dev.strata.store.mirror;

import java.time.Duration;
import java.util.List;

import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.store.mirror.internal.MirrorStore;

/** Opens mirror stores outside OSGi configuration (tests, applications that stack stores in code). */
public final class MirrorStores {

    private MirrorStores() {
    }

    /**
     * A mirror named {@code name} writing to {@code primary} and copying to {@code replicas}. It
     * starts copying at once; a replica that failed is tried again after a pause that doubles up to
     * {@code retryMax}. It posts the primary's commits again, under its own name, on {@code events};
     * feed it the primary's commit events through {@link MirrorModelStore#handleEvent}.
     *
     * @throws IllegalArgumentException if there is no replica, or two of the stores (or the mirror)
     *                                  share a name
     */
    public static MirrorModelStore open(String name, ModelStore primary, List<ModelStore> replicas, ReadFrom readFrom,
            Duration retryMax, EventAdmin events) {
        return new MirrorStore(name, primary, replicas, readFrom, retryMax, events);
    }
}
