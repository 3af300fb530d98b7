package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.eclipse.emf.ecore.EObject;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitEvents;
import dev.strata.core.CommitResult;
import dev.strata.core.ConflictException;
import dev.strata.core.MergeConflict;
import dev.strata.core.MergeConflictException;
import dev.strata.core.MergePolicy;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectState;
import dev.strata.core.PendingCommit;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.Validation;
import dev.strata.core.Veto;
import dev.strata.core.VetoException;
import dev.strata.core.internal.ChangeSetPlanner.Plan;

/**
 * A commit: plan the change set, run every veto (validation first, then the repository's, then the
 * session's) and collect all their reasons, hand the change set to the store, and take its answer
 * back into the entries.
 */
final class CommitPipeline {

    private final SessionState state;
    private final ChangeTracker tracker;
    private final ChangeSetPlanner planner;
    private final Merger merger;
    private final List<Veto> vetoes = new ArrayList<>();

    /** Merged commits tried again before the store's conflicts are handed to the user. */
    private static final int MERGE_ATTEMPTS = 5;

    CommitPipeline(SessionState state, ChangeTracker tracker, ChangeSetPlanner planner, Merger merger) {
        this.state = state;
        this.tracker = tracker;
        this.planner = planner;
        this.merger = merger;
    }

    void addVeto(Veto veto) {
        vetoes.add(Objects.requireNonNull(veto, "veto"));
    }

    void removeVeto(Veto veto) {
        vetoes.remove(veto);
    }

    /**
     * Commits; under the merge policy a commit that meets newer versions is merged with them and
     * tried again (a few times, as others may commit meanwhile) until it goes through or the merge
     * leaves decisions to the user.
     */
    CommitResult commit(String message) {
        for (int attempt = 1;; attempt++) {
            Plan plan = planner.plan(message, UUID.randomUUID());
            try {
                CommitResult result = commitOnce(plan);
                merger.clear();
                return result;
            } catch (MergeConflictException e) {
                throw e;
            } catch (ConflictException e) {
                if (state.repository.mergePolicy() != MergePolicy.MERGE || attempt >= MERGE_ATTEMPTS) {
                    throw e;
                }
                List<MergeConflict> open = merger.merge(plan, e.conflicts());
                if (!open.isEmpty()) {
                    throw new MergeConflictException(state.repository.store().name(), e.conflicts(), open);
                }
            }
        }
    }

    private CommitResult commitOnce(Plan plan) {
        if (plan.changes().isEmpty()) {
            return new CommitResult(plan.changes().commitId(), -1, Map.of(), false);
        }
        List<String> reasons = new ArrayList<>(plan.dangling());
        PendingCommit pending = pendingCommit(plan);
        List<Veto> all = new ArrayList<>();
        ValidationVeto validation = null;
        if (state.repository.validation() != Validation.OFF) {
            validation = new ValidationVeto(state.repository.validation(), tracker);
            all.add(validation);
        }
        all.addAll(state.repository.vetoes());
        all.addAll(vetoes);
        for (Veto v : all) {
            try {
                v.check(pending);
            } catch (VetoException e) {
                reasons.addAll(e.reasons());
            }
        }
        if (!reasons.isEmpty()) {
            throw new VetoException(reasons);
        }
        CommitResult result;
        try {
            ModelStore store = state.repository.store();
            result = PlannedChangeSets.handing(plan.planned(), () -> store.commit(plan.changes()));
        } catch (ConflictException e) {
            for (ConflictException.Conflict c : e.conflicts()) {
                Entry entry = state.byId.get(c.id());
                if (entry != null) {
                    entry.conflict = true;
                    state.touched.add(entry);
                }
            }
            state.events.announceNow();
            throw e;
        }
        committed(plan, result);
        state.repository.commitObserved(CommitEvents.types(plan.changes()));
        List<String> reported = validation == null ? List.of() : validation.reported();
        return reported.isEmpty() ? result : result.withDiagnostics(reported);
    }

    private PendingCommit pendingCommit(Plan plan) {
        List<EObject> created = plan.created().stream().map(e -> e.object).toList();
        List<EObject> changed = plan.changed().stream().map(e -> e.object).toList();
        List<EObject> deleted = plan.deleted().stream().map(e -> e.object).toList();
        Session session = state.session;
        return new PendingCommit() {
            @Override
            public Repository repository() {
                return state.repository;
            }

            @Override
            public Session session() {
                return session;
            }

            @Override
            public ChangeSet changes() {
                return plan.changes();
            }

            @Override
            public List<EObject> created() {
                return created;
            }

            @Override
            public List<EObject> changed() {
                return changed;
            }

            @Override
            public List<EObject> deleted() {
                return deleted;
            }
        };
    }

    private void committed(Plan plan, CommitResult result) {
        // A store that keeps the change set's order answers each entry by position, not by a lookup.
        OrderedVersions ordered = result.newVersions() instanceof OrderedVersions o ? o : null;
        int at = 0;
        for (Entry e : plan.created()) {
            e.isNew = false;
            e.imported = false;
            e.version = ordered != null ? ordered.versionOf(at++, e.id, 1L) : result.newVersions().getOrDefault(e.id, 1L);
            e.persistedContainer = tracker.containerId(e.object);
            e.forgetOriginals();
            e.conflict = false;
        }
        for (Entry e : plan.changed()) {
            e.version = ordered != null ? ordered.versionOf(at++, e.id, e.version + 1)
                    : result.newVersions().getOrDefault(e.id, e.version + 1);
            e.persistedContainer = tracker.containerId(e.object);
            e.forEachOriginal((f, v) -> {
                if (v instanceof PagedValue && e.object.eGet(f, false) instanceof PagedList<?> appended) {
                    appended.fold(); // what was appended is stored: named by id from now on
                }
            });
            e.forgetOriginals();
            e.conflict = false;
        }
        for (Entry e : plan.deleted()) {
            tracker.discard(e);
        }
        // A store may renumber objects the commit did not name: a route store moving a tree to
        // another shard stores its contents anew there.
        if (result.newVersions().size() > plan.created().size() + plan.changed().size()) {
            result.newVersions().forEach((id, version) -> {
                Entry e = state.byId.get(id);
                if (e != null && !e.isNew) {
                    e.version = version;
                }
            });
        }
        // New objects that were detached again before the commit are gone too.
        for (Entry e : new ArrayList<>(state.touched)) {
            if (!e.isNew && !e.discarded && !e.hasOriginals() && !e.conflict) {
                continue; // nothing below would change it: every entry the commit wrote, a million of them in an import
            }
            if (tracker.baseState(e) == ObjectState.DISCARDED) {
                tracker.discard(e);
            } else if (tracker.baseState(e) == ObjectState.CLEAN) {
                e.forgetOriginals();
                e.conflict = false;
            }
        }
        state.settled();
    }
}
