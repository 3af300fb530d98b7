package dev.strata.core.internal;

import java.util.Locale;
import java.util.Map;

import org.eclipse.emf.ecore.EClass;

import dev.strata.core.ChangeSet;
import dev.strata.core.TypeRef;

/**
 * The change set a session is handing to its store, made by its plan from the live model: every
 * value read from an EMF feature of the class named, containment read from EMF's containment
 * tree. A store's {@code ChangeCheck} may take such a change set's values as they are (#17: the
 * plan and the check each cost about what EMF's whole save does). It is known only on the thread
 * that hands it over, while the store's {@code commit} runs, and only as that very instance: a store
 * that passes it to another thread or rebuilds it (a queue's drain, a route's split, the REST
 * wire) has it checked in full.
 */
public final class PlannedChangeSets {

    /** How a store's check treats a planned change set ({@code -Dstrata.check.planned}). */
    public enum Mode {
        /** Takes its values as they are, checks types and whatever involves stored objects (default). */
        TRUST,
        /** Checks it as any other change set. */
        FULL,
        /** Trusts it, then checks it in full too and fails if the full check disagrees (the tests). */
        VERIFY
    }

    /**
     * A change set as planned, with the class each of its types was read from.
     *
     * @param newChildrenOnly true if its new objects contain only new objects of the session (no
     *                        stored object moved in, no proxy, none another resource holds)
     */
    public record Planned(ChangeSet changes, Map<TypeRef, EClass> classes, boolean newChildrenOnly) {
    }

    private static final ThreadLocal<Planned> HANDING = new ThreadLocal<>();

    private static final Mode MODE = mode(System.getProperty("strata.check.planned"));

    private PlannedChangeSets() {
    }

    static Mode mode(String value) {
        if (value == null || value.isBlank()) {
            return Mode.TRUST;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("strata.check.planned is '" + value
                    + "'; expected trust, full or verify", e);
        }
    }

    public static Mode mode() {
        return MODE;
    }

    /** The change set the current thread's session is handing to its store, if it is this one. */
    public static Planned of(ChangeSet cs) {
        Planned p = HANDING.get();
        return p != null && p.changes() == cs && MODE != Mode.FULL ? p : null;
    }

    /** Runs the store's commit with the plan known to be handed over; restores the previous one (a nested commit). */
    public static <T> T handing(Planned planned, java.util.function.Supplier<T> commit) {
        Planned outer = HANDING.get();
        HANDING.set(planned);
        try {
            return commit.get();
        } finally {
            if (outer == null) {
                HANDING.remove();
            } else {
                HANDING.set(outer);
            }
        }
    }
}
