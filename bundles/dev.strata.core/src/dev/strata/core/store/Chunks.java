package dev.strata.core.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EDataType;
import org.eclipse.emf.ecore.EEnum;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.FeatureMapUtil;
import org.eclipse.emf.ecore.xml.type.XMLTypePackage;

import dev.strata.core.PersistentFeatures;
import dev.strata.core.Values;

/**
 * Work over a large list split into contiguous chunks, one per core: the caller does the first,
 * the common pool the others. A commit of a million new objects spends seconds in loops whose
 * steps do not depend on each other (making, checking, encoding records); small lists stay on the
 * caller, where splitting would cost more than it saves.
 *
 * @since 0.8
 */
public final class Chunks {

    /** Below this many elements per chunk the work stays on one thread. */
    public static final int MIN_CHUNK = 20_000;

    /** The work on elements {@code from} (inclusive) to {@code to} (exclusive). */
    @FunctionalInterface
    public interface Work<R> {
        R run(int from, int to);
    }

    private static final Map<EClass, Boolean> SPLITTABLE = new ConcurrentHashMap<>();

    private Chunks() {
    }

    /**
     * True if the records of objects of this class can be made and checked on several threads:
     * every stored attribute is carried as it is, as an enum literal or as text written by EMF's own
     * factories, and none is a feature map. Another package's factory may share state between
     * calls (a date format, a cache); such classes stay on one thread.
     */
    public static boolean splittable(EClass c) {
        return SPLITTABLE.computeIfAbsent(c, k -> {
            for (EStructuralFeature f : PersistentFeatures.of(k)) {
                if (FeatureMapUtil.isFeatureMap(f) || EcoreUtil.getSettingDelegateFactory(f) != null) {
                    return false; // a setting delegate of its own (OCL, a query) evaluates what it likes
                }
                if (f instanceof EAttribute a && a.getEAttributeType() instanceof EDataType t && !(t instanceof EEnum)
                        && !Values.isPortable(t) && t.getEPackage() != EcorePackage.eINSTANCE
                        && t.getEPackage() != XMLTypePackage.eINSTANCE) {
                    return false;
                }
            }
            return true;
        });
    }

    /** How many chunks a list of {@code size} elements is split into (1: not split). */
    public static int count(int size) {
        int cores = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return Math.max(1, Math.min(cores, size / MIN_CHUNK));
    }

    /**
     * Fills, on the calling thread, what EMF computes of a class's stored features when first asked
     * (default values, instance classes, which it keeps in fields without locking), so that chunks
     * working on its objects only read them.
     */
    public static void warm(EClass c) {
        c.getEAllStructuralFeatures();
        c.getEIDAttribute();
        for (EStructuralFeature f : PersistentFeatures.of(c)) {
            f.getDefaultValue();
            if (f.getEType() instanceof EDataType t) {
                t.getDefaultValue();
                t.getInstanceClass();
            }
        }
    }

    /**
     * Runs the work over {@code [0, size)} in {@link #count(int)} chunks and returns their results
     * in list order. If chunks fail, the failure of the first of them (in list order) is thrown, so
     * that what is refused does not depend on which thread got there first. A chunk the pool has
     * not started when the caller is done with its own is done by the caller (the pool may be busy
     * with other work of the same commit).
     */
    public static <R> List<R> run(int size, Work<R> work) {
        int n = count(size);
        if (n == 1) {
            return Collections.singletonList(work.run(0, size)); // a null result too
        }
        List<Aside<R>> others = new ArrayList<>(n - 1);
        for (int i = 1; i < n; i++) {
            int from = bound(size, n, i);
            int to = bound(size, n, i + 1);
            others.add(aside(() -> work.run(from, to)));
        }
        List<R> results = new ArrayList<>(n);
        Throwable firstFailure = null;
        try {
            results.add(work.run(0, bound(size, n, 1)));
        } catch (RuntimeException | Error e) {
            firstFailure = e;
        }
        for (Aside<R> a : others) {
            if (firstFailure != null) {
                a.drop(); // a later chunk cannot change what is thrown
                continue;
            }
            try {
                results.add(a.join());
            } catch (RuntimeException | Error e) {
                firstFailure = e;
            }
        }
        if (firstFailure instanceof Error error) {
            throw error;
        }
        if (firstFailure != null) {
            throw (RuntimeException) firstFailure;
        }
        return results;
    }

    /** Hands work to another core (the common pool); see {@link Aside}. */
    public static <R> Aside<R> aside(Supplier<R> work) {
        Aside<R> a = new Aside<>(work);
        try {
            ForkJoinPool.commonPool().execute(a::runIfFirst);
        } catch (RejectedExecutionException noThread) {
            // the caller does it when it asks for the result
        }
        return a;
    }

    /**
     * Work handed to another core, done once by whichever thread comes first: a pool thread, or the
     * caller when it asks for the result before the pool got to it (the pool may be busy, or the
     * caller may be its only thread), so that waiting for it never depends on a free pool thread.
     */
    public static final class Aside<R> {
        private final Supplier<R> work;
        private final AtomicBoolean taken = new AtomicBoolean();
        private final CompletableFuture<R> done = new CompletableFuture<>();

        private Aside(Supplier<R> work) {
            this.work = work;
        }

        private void runIfFirst() {
            if (!taken.compareAndSet(false, true)) {
                return;
            }
            try {
                done.complete(work.get());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        /** The result, the work done here if no thread has started it; its failure thrown as it is. */
        public R join() {
            runIfFirst();
            try {
                return done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e;
            }
        }

        /** Gives the work up: not done at all if no thread has started it, else waited for and its outcome dropped. */
        public void drop() {
            if (taken.compareAndSet(false, true)) {
                return;
            }
            try {
                done.join();
            } catch (CompletionException | CancellationException ignored) {
                // given up: what it came to does not matter
            }
        }
    }

    private static int bound(int size, int n, int i) {
        return (int) ((long) size * i / n);
    }
}
