package dev.strata.store.mirror.tests;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.store.ForwardingStore;

/** A store that can be made unreachable: while down, every call but name() fails as a lost connection would. */
final class Switchable extends ForwardingStore {

    private final ModelStore inner;
    private volatile boolean down;
    /** Reads by id answered. */
    final AtomicInteger loads = new AtomicInteger();

    Switchable(ModelStore inner) {
        this.inner = inner;
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    ModelStore inner() {
        return inner;
    }

    @Override
    protected ModelStore delegate() {
        if (down) {
            throw new StoreException("Store '" + inner.name() + "' is unreachable (switched off by the test)");
        }
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        Optional<Record> r = super.load(id);
        loads.incrementAndGet();
        return r;
    }
}
