package dev.strata.store.tests.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

import org.osgi.framework.BundleContext;

import dev.strata.core.admin.StrataAdmin;
import dev.strata.core.contract.Await;

/**
 * Store configurations a test makes through the administration service (as mkstore and the
 * Stores view make them), each with a name of its own, removed after the test: the stores made
 * last (the outer layers of a stack) first.
 */
public final class Configurations {

    private final StrataAdmin admin;
    private final Deque<String> made = new ArrayDeque<>();

    public Configurations(BundleContext context) {
        this.admin = Await.service(context, StrataAdmin.class, null);
    }

    public StrataAdmin admin() {
        return admin;
    }

    /** A store name no other test uses, removed by {@link #removeAll()}. */
    public String name(String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        made.push(name);
        return name;
    }

    /** Removes the configurations named here and waits until their stores are gone. */
    public void removeAll() {
        List<String> names = List.copyOf(made);
        made.clear();
        names.forEach(admin::remove);
        names.forEach(n -> admin.awaitGone(n, StrataAdmin.WAIT));
    }
}
