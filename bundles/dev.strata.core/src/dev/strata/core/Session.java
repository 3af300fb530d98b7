package dev.strata.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.change.ChangeDescription;
import org.eclipse.emf.ecore.resource.Resource;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One unit of work on a {@link Repository}.
 * <p>
 * A session holds one EObject per object id (identity map) and tracks every edit made to the
 * objects it holds, through EMF notifications. Each object has an {@link ObjectState}; an object is
 * DIRTY only while some persistent feature differs from its stored value, so setting a value back
 * makes it CLEAN again. Objects enter the session by loading ({@link #find}, {@link #query},
 * {@link #roots}), by {@link #add} as a new root, or by being put into a containment feature of an
 * object the session holds. Removing an object from its container deletes it at the next commit
 * unless it is put into another container first.
 * <p>
 * {@link #commit()} sends only what changed, checked against the versions read (optimistic): it
 * either succeeds completely or fails with nothing written and every change still in the session.
 * <p>
 * Objects of classes that extend {@link StrataObject} (generated with feature delegation Reflective
 * or Dynamic) and of dynamic classes load lazily: an object comes with its attributes, and each
 * reference (contained children, cross references) is read from the store when first touched, so
 * the session holds only what was used (see {@link #setLazyLoading}). Objects of other classes
 * load eagerly: loading one loads its root container and everything contained in it. Cross
 * references to objects not read yet are EMF proxies resolved on first access. Queries answer for
 * the session as it is now, pending changes included (see {@link #query}).
 * <p>
 * <b>Not thread-safe.</b> Use a session from one thread at a time (the UI thread, a job, a console
 * command); open one session per thread for concurrent work.
 */
@ProviderType
public interface Session extends AutoCloseable {

    /** A unique id, used in events and commit history. */
    String id();

    /**
     * The user name this session's commits carry ({@link ChangeSet#author()}): the
     * {@code user.name} system property unless {@link #setAuthor} changed it.
     *
     * @since 0.4
     */
    String author();

    /**
     * Sets the user name this session's later commits carry, e.g. the user logged in to an
     * application rather than the operating system's.
     *
     * @throws IllegalArgumentException if the name is null or blank
     * @since 0.4
     */
    void setAuthor(String author);

    Repository repository();

    /** The EMF resource holding this session's root objects (for EMF tools such as EMF.Edit). */
    Resource resource();

    /** The object with this id, loading it if needed; empty if the store has none. */
    Optional<EObject> find(ObjectId id);

    /** Like {@link #find} but fails with a clear message for an unknown id. */
    EObject get(ObjectId id);

    /**
     * The object of this class whose ID attribute (primary key) has this value, looking at pending
     * objects of the session first and then the store.
     */
    Optional<EObject> findByKey(EClass eClass, Object key);

    /**
     * The session's objects that match the query as the session holds them now: the store's answer
     * with this session's pending changes laid over it.
     * <ul>
     * <li>A NEW object (added, or put into a container, not committed yet) is found when its
     * current values match.</li>
     * <li>A DIRTY or CONFLICT object is judged by its current values, not its stored ones: found by
     * its new value, no longer found by its old one.</li>
     * <li>DELETED objects (and those they contain, and objects taken out of their container) and
     * DISCARDED ones are never returned.</li>
     * <li>The order and the limit apply to the merged result: the objects come sorted by the
     * query's order feature (their current values; no value last), and the limit counts after
     * the merge. Without an order, the store's answer comes first, in its order, then the new
     * objects.</li>
     * </ul>
     * Pending objects are matched in memory the way a store's record table matches records (see
     * {@link dev.strata.core.store.QueryEvaluation}). A query must still be served by declared
     * indexes, as the store checks it. After {@link #commit()} or {@link #rollback()} the answer is
     * the store's again. The store's part of an answer is cached until a commit touches the
     * queried class; {@link ModelStore#query} itself sees committed data only.
     */
    List<EObject> query(Query query);

    /**
     * How many of the session's objects of exactly this class have each value of the attribute
     * (an index is needed): the store's counts with this session's pending changes laid over them,
     * as {@link #query} does: NEW objects counted, DIRTY ones under their current value, DELETED
     * ones not at all. A value no object has is left out.
     */
    Map<Object, Long> countBy(EClass eClass, EAttribute attribute);

    /** Root objects: those in the store without a container, and new roots added here. */
    List<EObject> roots();

    /**
     * Brings objects this session holds up to date with commits made elsewhere (another session,
     * the console, another process): attributes, cross references and contents of CLEAN objects
     * are read again; children added elsewhere are loaded, moved ones follow, and objects deleted
     * elsewhere (pass their ids too) leave the session as DISCARDED. Objects with pending changes
     * are left alone (a commit will report the conflict).
     *
     * @return the objects whose values changed
     */
    List<EObject> refresh(java.util.Collection<ObjectId> ids);

    /**
     * Settles one object a refused commit marked {@link ObjectState#CONFLICT}: take the store's
     * version ({@link Resolution#THEIRS}) or keep this session's values on top of it
     * ({@link Resolution#MINE}). Only this object is affected; every other object keeps the
     * conflict check of the next commit.
     *
     * @throws StrataException if the object is not in conflict, was deleted elsewhere and MINE is
     *                         asked, or was deleted or moved in this session and THEIRS is asked
     *                         (roll back instead)
     * @since 0.4
     */
    void resolve(EObject object, Resolution resolution);

    /**
     * What the last commit's merge could not decide and is still open, in the order found (see
     * {@link MergePolicy#MERGE}); empty when nothing waits for a decision.
     *
     * @since 0.5
     */
    java.util.List<MergeConflict> conflicts();

    /**
     * Decides one open merge conflict: {@link Resolution#THEIRS} takes the store's value (for an
     * object deleted elsewhere: lets it go), {@link Resolution#MINE} keeps this session's (for an
     * object deleted here: deletes it over the other change). Once every conflict of an object is
     * decided, the object is rebased on the store's version and is DIRTY or CLEAN again; commit to
     * write it.
     *
     * @throws StrataException if the conflict is not open in this session, or the decision cannot be
     *                         taken (keeping a change of an object deleted elsewhere would re-create
     *                         it; taking theirs for an object deleted here would undo the deletion:
     *                         roll back instead)
     * @since 0.5
     */
    void resolve(MergeConflict conflict, Resolution resolution);

    /**
     * Decides one open {@link MergeConflict.Kind#CHANGED_BOTH} conflict of a feature with a value of
     * its own (as {@code eSet} takes it: a list for a many-valued feature).
     *
     * @throws StrataException if the conflict is not open here or is not about a feature's value
     * @since 0.5
     */
    void resolve(MergeConflict conflict, Object value);

    /**
     * Makes this session's pending work undo a logged commit: the features it changed get their
     * earlier values back (list edits made since are kept), the objects it created are deleted, the
     * objects it deleted come back with their ids and contents. Commit to write the revert; it is
     * merged with newer commits like any other commit. What was changed again since (a feature set
     * to another value, an object changed after it was created or deleted since) is left as it is
     * and returned, base being the commit's value, theirs the value now and mine the value before
     * the commit.
     *
     * @param sequence the commit's sequence in the store's log ({@link LoggedCommit#sequence()})
     * @return what could not be undone; empty when everything was
     * @throws StrataException if the store's log does not hold that commit
     * @since 0.5
     */
    java.util.List<MergeConflict> revert(long sequence);

    /**
     * Makes this session's pending work undo the logged commits {@code first} to {@code last}
     * (inclusive), newest first, as {@link #revert(long)} does for one: a feature the range changed
     * goes back to its value before the range, objects the range created are deleted (also those it
     * changed afterwards), objects it deleted come back as they were before the range. What commits
     * after the range changed again is left as it is and returned.
     *
     * @throws StrataException if {@code first > last} or the store's log does not hold every commit
     *                         of the range
     * @since 0.5
     */
    java.util.List<MergeConflict> revert(long first, long last);

    /**
     * Locks objects in the store for this session, all or none, with a lease of
     * {@link #lockLease()}: other sessions (in this or another process sharing the store) can
     * neither commit changes of them nor take a WRITE lock (or, for a WRITE lock, any lock) until
     * this session commits, rolls back or closes, or the lease ends. Locking again renews the lease
     * and may change the mode. Objects not in the store yet (NEW) need no lock: no one else sees them.
     *
     * @throws LockedException if another session holds a lock in the way (who, until when)
     * @throws StoreException  if the store does not support locks ({@link ModelStore.Capability#LOCKS})
     * @since 0.5
     */
    void lock(java.util.Collection<? extends EObject> objects, LockMode mode);

    /**
     * Like {@link #lock(java.util.Collection, LockMode)}, waiting up to {@code wait} for the locks in
     * the way to go (released by their sessions, or their leases ended).
     *
     * @throws LockedException if they are still held when the wait is over
     * @since 0.5
     */
    void lock(java.util.Collection<? extends EObject> objects, LockMode mode, java.time.Duration wait);

    /**
     * Lets this session's locks on the objects go before the commit, rollback or close would.
     *
     * @since 0.5
     */
    void unlock(java.util.Collection<? extends EObject> objects);

    /**
     * True if this session write-locks every stored object when it first changes it.
     *
     * @since 0.5
     */
    boolean autoLock();

    /**
     * Makes this session lock what it starts to change: the first change of a stored object takes a
     * WRITE lock on it (lease {@link #lockLease()}), held until commit, rollback or close. When
     * another session holds a lock in the way, the change is undone at once and the code making it
     * gets the {@link LockedException}: no work is done that could not be committed.
     *
     * @since 0.5
     */
    void setAutoLock(boolean on);

    /**
     * True (the default, except for a resource handed to a plain EMF resource set) if this session
     * reads the objects of classes that allow it lazily: their attributes at once, each reference
     * when first touched.
     *
     * @since 0.6
     */
    boolean lazyLoading();

    /**
     * Turns lazy loading on or off for the objects this session reads from now on; objects
     * already read keep reading their missing features when touched. Off, every object is read
     * with its root's whole containment tree, as for classes that cannot load lazily.
     *
     * @since 0.6
     */
    void setLazyLoading(boolean on);

    /**
     * Reads at once what a lazily read object would read on access: its references and its
     * containment down to {@code depth} levels (0: the object's own features), in one store call
     * per list rather than one per object touched.
     *
     * @throws IllegalArgumentException if depth is negative
     * @since 0.6
     */
    void prefetch(EObject object, int depth);

    /**
     * How long a lock this session takes holds without being taken again (default 5 minutes).
     *
     * @since 0.5
     */
    java.time.Duration lockLease();

    /**
     * Sets the lease of the locks this session takes from now on.
     *
     * @throws StrataException if the lease is not positive
     * @since 0.5
     */
    void setLockLease(java.time.Duration lease);

    /**
     * Adds an existing model's roots (loaded from a file, made by another tool) with everything
     * they contain, as {@link #add} does. Validation at the next commit reports what it finds in
     * them ({@link CommitResult#diagnostics()}) instead of refusing the commit: a model EMF loads
     * and saves is never refused for what it already was. Later edits are checked as usual.
     */
    void importRoots(java.util.Collection<? extends EObject> roots);

    /** Adds a new root object (with everything it contains) to the session; it is NEW until committed. */
    <T extends EObject> T add(T root);

    /**
     * Deletes the object and everything it contains, removing references to them from loaded objects.
     * Committed by the next {@link #commit()}.
     */
    void delete(EObject object);

    /** The object's state; DISCARDED for an object this session does not manage. */
    ObjectState state(EObject object);

    /** The object's id (every object the session manages has one). */
    ObjectId idOf(EObject object);

    /**
     * The id an XMI export writes for the object: the {@code xmi:id} it had when it came in through
     * {@link #importRoots} or a store's XMI import; null if it came from a file that gave it none
     * (a plain {@code .ecore}: an export then writes none either, and references to it are paths
     * as in that file); else its {@link #idOf id}.
     */
    default String xmiId(EObject object) {
        return idOf(object).toString();
    }

    /** The version the object had when read (0 for a new object). */
    long versionOf(EObject object);

    /**
     * The value a feature has in the store (for a NEW object, its value when it entered the session).
     * A many-valued feature's value is a list of its own; for a long list the session reads a page at
     * a time (see lazy loading) and nothing changed, that list reads the children as they are asked
     * for, as the feature's list does, instead of all of them first.
     */
    Object persistentValue(EObject object, EStructuralFeature feature);

    /**
     * How many leading values of a many-valued feature are still its {@linkplain #persistentValue
     * stored values}, in the same order: where a view of a long list starts to show what changed.
     * For a long list read a page at a time and appended to, found from the ids without reading a
     * child; otherwise the values are compared.
     */
    int unchangedPrefix(EObject object, EStructuralFeature feature);

    /** Objects with pending changes, by state (NEW, DIRTY, DELETED, CONFLICT); empty lists left out. */
    Map<ObjectState, List<EObject>> pending();

    /** True if a commit would change anything. */
    boolean isDirty();

    /** The change set the next commit would send (without vetoes, validation or store checks). */
    ChangeSet pendingChanges();

    /**
     * The pending changes as an EMF change description: applying it restores the persistent state
     * (for EMF tools that work on change descriptions, e.g. compare and merge).
     */
    ChangeDescription changeDescription();

    /** Commits with no message. */
    CommitResult commit();

    /**
     * Runs vetoes and validation, then commits the pending changes atomically.
     *
     * @throws VetoException     when a veto, validation, a unique index or a dangling reference rejects it
     * @throws ConflictException when objects changed in the store since they were read; they are
     *                           marked {@link ObjectState#CONFLICT}
     * @throws StoreException    when the store fails; nothing was committed and all changes remain
     */
    CommitResult commit(String message);

    /** Reverts every uncommitted change; new objects are discarded. */
    void rollback();

    /** Marks the current point of uncommitted work. */
    Savepoint savepoint();

    /** Reverts the changes made since the savepoint; objects created since then are discarded. */
    void rollbackTo(Savepoint savepoint);

    /** Adds a veto that checks this session's commits only. */
    void addVeto(Veto veto);

    void removeVeto(Veto veto);

    /** Rolls back pending changes and releases the session's objects. */
    @Override
    void close();

    boolean isClosed();
}
