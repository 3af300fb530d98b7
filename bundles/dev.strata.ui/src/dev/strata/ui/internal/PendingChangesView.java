package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.Persist;
import org.eclipse.e4.ui.model.application.ui.MDirtyable;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.ChangeSet;
import dev.strata.core.Labels;
import dev.strata.core.MergeConflict;
import dev.strata.core.ObjectState;
import dev.strata.core.Resolution;
import dev.strata.core.Session;
import dev.strata.core.StrataException;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The workbench session's pending changes: each object by state with its changed features (stored
 * value → new value), and Commit (with a message) and Rollback. A refused commit (veto, validation,
 * conflict) is shown above the list; the changes stay pending. A conflicting object's row says what
 * the store has and who changed it. When the merge of a refused commit left decisions, each open
 * {@link MergeConflict} is a row of its own under its object (feature, base, theirs and mine); Take
 * Theirs and Keep Mine (buttons and context menu) decide the selected conflicts one by one, or settle
 * selected conflicting objects as a whole, and Merge… opens a conflict in {@link MergeDialog}. A
 * commit of more than
 * {@link #JOB_THRESHOLD} objects runs as a job with progress, so the window stays responsive.
 */
public final class PendingChangesView extends LiveView {

    /**
     * One row: an object with pending changes, and why its last commit was refused, if it was; or
     * (conflict not null) one decision the merge of that commit left about the object.
     */
    record Row(Session session, EObject object, ObjectState state, String changes, String problem,
            MergeConflict conflict) {

        Row(Session session, EObject object, ObjectState state, String changes, String problem) {
            this(session, object, state, changes, problem, null);
        }
    }

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern
            .compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Savepoints set with the Savepoint button, one per session. */
    private final Map<Session, dev.strata.core.Savepoint> savepoints = new java.util.IdentityHashMap<>();
    /** Why the last commit refused an object (conflict or veto), by object id. */
    private final Map<dev.strata.core.ObjectId, String> problems = new java.util.HashMap<>();
    /** Decisions taken on merge conflicts whose object still waits for others (the session keeps them open until then). */
    private final Map<MergeConflict, Resolution> decided = new java.util.HashMap<>();

    /** More pending objects than this are committed by a job. */
    static final int JOB_THRESHOLD = 1000;
    static final String TAKE_THEIRS = "Take Theirs";
    static final String KEEP_MINE = "Keep Mine";
    static final String MERGE = "Merge…";
    /** Message:, the message, Commit, Rollback; the other actions wrap in a row below. */
    private static final int COLUMNS = 4;
    /** The message field never gets narrower: beside ten buttons in one row it was squeezed to a few characters. */
    static final int MESSAGE_MIN_WIDTH = 240;

    @Inject
    private MDirtyable dirty;
    @Inject
    private PendingWork pendingWork;
    @Inject
    @org.eclipse.e4.core.di.annotations.Optional
    private org.eclipse.ui.commands.ICommandService commandService;
    private TableViewer viewer;
    private Text message;
    private Label status;
    private final List<Button> buttons = new ArrayList<>();
    /** Enabled only when they can do something (nothing pending: no Commit; nothing to undo: no Undo). */
    private Button commit;
    private Button rollback;
    private Button undo;
    private Button redo;
    private Button back;
    private Button takeTheirs;
    private Button keepMine;
    private Button merge;

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(COLUMNS, false));
        new Label(parent, SWT.NONE).setText("Message:");
        message = new Text(parent, SWT.BORDER);
        GridData messageData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        messageData.widthHint = MESSAGE_MIN_WIDTH;
        messageData.minimumWidth = MESSAGE_MIN_WIDTH;
        message.setLayoutData(messageData);
        message.setMessage("What the commit does");
        message.setData("field", "message");
        commit = new Button(parent, SWT.PUSH);
        commit.setText("Commit");
        commit.addListener(SWT.Selection, e -> commit());
        rollback = new Button(parent, SWT.PUSH);
        rollback.setText("Rollback");
        rollback.addListener(SWT.Selection, e -> rollback());
        Composite actions = new Composite(parent, SWT.NONE);
        actions.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, COLUMNS, 1));
        org.eclipse.swt.layout.RowLayout row = new org.eclipse.swt.layout.RowLayout(SWT.HORIZONTAL);
        row.wrap = true;
        row.marginLeft = 0;
        row.marginTop = 0;
        row.marginBottom = 0;
        actions.setLayout(row);
        undo = new Button(actions, SWT.PUSH);
        undo.setText("Undo");
        undo.addListener(SWT.Selection, e -> {
            if (refusedWhileBusy()) {
                return;
            }
            if (sessions().canUndo()) {
                sessions().undo();
            }
            refresh();
        });
        redo = new Button(actions, SWT.PUSH);
        redo.setText("Redo");
        redo.addListener(SWT.Selection, e -> {
            if (refusedWhileBusy()) {
                return;
            }
            if (sessions().canRedo()) {
                sessions().redo();
            }
            refresh();
        });
        Button savepoint = new Button(actions, SWT.PUSH);
        savepoint.setText("Savepoint");
        savepoint.setToolTipText("Remember the pending work as it is now");
        savepoint.addListener(SWT.Selection, e -> savepoint());
        back = new Button(actions, SWT.PUSH);
        back.setText("Back to Savepoint");
        back.setToolTipText("Undo every change made since the savepoint");
        back.addListener(SWT.Selection, e -> backToSavepoint());
        buttons.addAll(List.of(commit, rollback, undo, redo, savepoint, back));
        takeTheirs = new Button(actions, SWT.PUSH);
        takeTheirs.setText(TAKE_THEIRS);
        takeTheirs.setToolTipText("Drop your change of the selected conflicting objects and show what the store has");
        takeTheirs.addListener(SWT.Selection, e -> resolveSelected(Resolution.THEIRS));
        keepMine = new Button(actions, SWT.PUSH);
        keepMine.setText(KEEP_MINE);
        keepMine.setToolTipText("Keep your values of the selected conflicting objects: the next commit overwrites"
                + " the other change");
        keepMine.addListener(SWT.Selection, e -> resolveSelected(Resolution.MINE));
        merge = new Button(actions, SWT.PUSH);
        merge.setText(MERGE);
        merge.setToolTipText("Open the selected conflict in a three-way merge: base, theirs and an editable mine");
        merge.addListener(SWT.Selection, e -> mergeSelected());
        status = new Label(parent, SWT.WRAP);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, COLUMNS, 1));
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.BORDER);
        viewer.getTable().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, COLUMNS, 1));
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        Tables.column(viewer, "State", 90, Row.class, r -> r.conflict() == null ? r.state().name()
                : ConflictText.MARK + " " + r.conflict().kind().name());
        Tables.column(viewer, "Object", 240, Row.class, r -> r.conflict() == null ? Labels.of(r.object())
                : (r.object() == null ? r.conflict().label() : Labels.of(r.object())) + " · "
                        + (r.conflict().feature().isEmpty() ? "(the object)" : r.conflict().feature()));
        Tables.column(viewer, "Changes (stored → new)", 500, Row.class, Row::changes);
        Tables.column(viewer, "Problem", 400, Row.class, Row::problem);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.addSelectionChangedListener(e -> enableResolve());
        viewer.addDoubleClickListener(e -> {
            if (merge.isEnabled()) {
                mergeSelected();
            }
        });
        resolveMenu();
        follow(parent.getDisplay());
        pendingWork.attach(this);
        refresh();
    }

    @jakarta.annotation.PreDestroy
    void detach() {
        pendingWork.detach(this);
    }

    /** The rows as shown now. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        java.util.Set<MergeConflict> stillOpen = new java.util.HashSet<>();
        for (Session s : sessions().all()) {
            // By id, so that describing thousands of changed objects stays linear.
            Map<dev.strata.core.ObjectId, ChangeSet.Change> changes = new java.util.HashMap<>();
            s.pendingChanges().changed().forEach(c -> changes.put(c.id(), c));
            Map<dev.strata.core.ObjectId, List<MergeConflict>> open = new java.util.LinkedHashMap<>();
            for (MergeConflict c : s.conflicts()) {
                open.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c);
                stillOpen.add(c);
            }
            for (Map.Entry<ObjectState, List<EObject>> e : s.pending().entrySet()) {
                for (EObject o : e.getValue()) {
                    dev.strata.core.ObjectId id = s.idOf(o);
                    rows.add(new Row(s, o, e.getKey(), describe(s, o, changes.get(id)), problems.getOrDefault(id, "")));
                    conflictRows(s, o, open.remove(id), rows);
                }
            }
            // Conflicts of objects the pending lists do not name still need a decision.
            open.forEach((id, list) -> conflictRows(s, s.isClosed() ? null : s.find(id).orElse(null), list, rows));
        }
        decided.keySet().retainAll(stillOpen);
        return rows;
    }

    /** The rows of an object's open merge conflicts, right under the object's row. */
    private void conflictRows(Session s, EObject o, List<MergeConflict> conflicts, List<Row> rows) {
        if (conflicts == null) {
            return;
        }
        for (MergeConflict c : conflicts) {
            Resolution taken = decided.get(c);
            String problem = taken != null
                    ? "decided: " + (taken == Resolution.THEIRS ? "theirs" : "mine") + "; applied once every conflict of"
                            + " the object is decided"
                    : switch (c.kind()) {
                        case CHANGED_BOTH -> "changed here and by another commit: " + TAKE_THEIRS + ", " + KEEP_MINE
                                + (MergeDialog.canMerge(c) ? " or " + MERGE : "");
                        case DELETED_THEIRS -> "deleted by another commit: " + TAKE_THEIRS + " lets it go";
                        case DELETED_MINE -> "deleted here, changed by another commit: " + KEEP_MINE
                                + " deletes it over that change";
                    };
            rows.add(new Row(s, o, ObjectState.CONFLICT, ConflictText.values(s, c), problem, c));
        }
    }

    /** The changed features with stored and new values as Properties shows them: objects by label, not by id. */
    private static String describe(Session s, EObject o, ChangeSet.Change c) {
        if (c == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        c.newValues().forEach((name, v) -> {
            org.eclipse.emf.ecore.EStructuralFeature f = o.eClass().getEStructuralFeature(name);
            String[] change = f == null ? null : Comparisons.formatChange(s.persistentValue(o, f), o.eGet(f),
                    f.isMany() ? s.unchangedPrefix(o, f) : 0);
            parts.add(f == null ? name + ": " + c.oldValues().get(name) + " → " + v
                    : name + ": " + change[0] + " → " + change[1]);
        });
        return String.join("; ", parts);
    }

    @Override
    protected void refresh() {
        if (viewer != null && !viewer.getControl().isDisposed() && !sessions().isBusy()) {
            viewer.setInput(rows());
            enableResolve();
            enableActions();
            // The workbench's dirty marker (and File > Save) follow the sessions' pending changes.
            dirty.setDirty(!sessions().dirty().isEmpty());
            if (commandService != null) {
                // Edit > Undo and Redo say which edit they would undo or redo.
                commandService.refreshElements(org.eclipse.ui.IWorkbenchCommandConstants.EDIT_UNDO, null);
                commandService.refreshElements(org.eclipse.ui.IWorkbenchCommandConstants.EDIT_REDO, null);
            }
        }
    }

    /** File > Save commits. */
    @Persist
    void save() {
        commit();
    }

    /**
     * Commits every workbench session with pending changes; returns the problem, or null. Many
     * pending objects are committed by a job: then null means it started, and the outcome shows in
     * the status line of the view when it ends.
     */
    String commit() {
        if (refusedWhileBusy()) {
            return status.getText();
        }
        String text = message.getText();
        List<Session> dirtySessions = sessions().dirty();
        int objects = 0;
        for (Session s : dirtySessions) {
            objects += s.pending().values().stream().mapToInt(List::size).sum();
        }
        if (objects > JOB_THRESHOLD) {
            commitInBackground(dirtySessions, text, objects);
            return null;
        }
        for (Session s : dirtySessions) {
            Map<dev.strata.core.ObjectId, java.util.Set<String>> before = ConflictText.changedFeatures(s);
            try {
                s.commit(text);
            } catch (StrataException e) {
                problems.clear();
                noteProblems(s, e);
                status.setText(ConflictText.refusal(e, before));
                refresh();
                return e.getMessage();
            }
        }
        sessions().forgetEdits();
        problems.clear();
        decided.clear();
        savepoints.clear();
        status.setText("Committed");
        message.setText("");
        refresh();
        return null;
    }

    private void commitInBackground(List<Session> dirtySessions, String text, int objects) {
        CommitJob job = new CommitJob(dirtySessions, text, objects);
        buttons.forEach(b -> b.setEnabled(false));
        takeTheirs.setEnabled(false);
        keepMine.setEnabled(false);
        merge.setEnabled(false);
        status.setText("Committing " + objects + " objects…");
        sessions().runJob(job, status.getDisplay(), () -> committedInBackground(job));
    }

    private void committedInBackground(CommitJob job) {
        if (status.isDisposed()) {
            return;
        }
        buttons.forEach(b -> b.setEnabled(true));
        if (!job.committed().isEmpty()) {
            sessions().forgetEdits();
            savepoints.clear(); // as after a commit from the button: the savepoint went with it
        }
        if (job.problem() != null) {
            if (job.failure() != null) {
                problems.clear();
                noteProblems(job.failed(), job.failure());
            }
            status.setText(job.problem());
        } else if (job.stopped()) {
            status.setText("Commit cancelled" + (job.committed().isEmpty() ? "; nothing was committed"
                    : " after repositories " + String.join(", ", job.committed()) + " (each commit is all or nothing)"));
        } else {
            status.setText("Committed");
            message.setText("");
        }
        refresh();
    }

    /** While a job commits, the sessions are its own: say so instead of touching them. */
    private boolean refusedWhileBusy() {
        if (sessions().isBusy()) {
            status.setText("A commit is running; wait until it has finished");
            return true;
        }
        return false;
    }

    void rollback() {
        if (refusedWhileBusy()) {
            return;
        }
        sessions().all().forEach(Session::rollback);
        sessions().forgetEdits();
        problems.clear();
        decided.clear();
        savepoints.clear();
        status.setText("Rolled back");
        refresh();
    }

    /** Puts a refused commit's reasons next to the objects they name (conflicts by id, vetoes by the ids they mention). */
    private void noteProblems(Session session, StrataException e) {
        if (e instanceof dev.strata.core.ConflictException c) {
            problems.putAll(ConflictText.describe(session, c));
        } else if (e instanceof dev.strata.core.VetoException v) {
            for (String reason : v.reasons()) {
                java.util.regex.Matcher m = ID.matcher(reason);
                // The first id a reason names is the object refused; others are what it collides with.
                if (m.find()) {
                    problems.merge(dev.strata.core.ObjectId.parse(m.group()), "vetoed: " + reason, (a, b) -> a + "; " + b);
                }
            }
        }
    }

    /** The selected rows whose objects a refused commit found changed elsewhere, and the selected merge conflicts. */
    private List<Row> selectedConflicts() {
        List<Row> rows = new ArrayList<>();
        for (Object o : viewer.getStructuredSelection().toList()) {
            if (o instanceof Row r && r.state() == ObjectState.CONFLICT) {
                rows.add(r);
            }
        }
        return rows;
    }

    /** The one selected merge conflict the merge dialog can show, or null. */
    private Row selectedMergeable() {
        List<Row> rows = selectedConflicts();
        return rows.size() == 1 && rows.get(0).conflict() != null && rows.get(0).object() != null
                && MergeDialog.canMerge(rows.get(0).conflict()) ? rows.get(0) : null;
    }

    private void enableResolve() {
        boolean any = !sessions().isBusy() && !selectedConflicts().isEmpty();
        takeTheirs.setEnabled(any);
        keepMine.setEnabled(any);
        merge.setEnabled(!sessions().isBusy() && selectedMergeable() != null);
    }

    /** The table's context menu offers the same two choices on the selected rows. */
    private void resolveMenu() {
        org.eclipse.swt.widgets.Menu menu = new org.eclipse.swt.widgets.Menu(viewer.getTable());
        org.eclipse.swt.widgets.MenuItem theirs = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        theirs.setText(TAKE_THEIRS);
        theirs.addListener(SWT.Selection, e -> resolveSelected(Resolution.THEIRS));
        org.eclipse.swt.widgets.MenuItem mine = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        mine.setText(KEEP_MINE);
        mine.addListener(SWT.Selection, e -> resolveSelected(Resolution.MINE));
        org.eclipse.swt.widgets.MenuItem mergeItem = new org.eclipse.swt.widgets.MenuItem(menu, SWT.PUSH);
        mergeItem.setText(MERGE);
        mergeItem.addListener(SWT.Selection, e -> mergeSelected());
        menu.addListener(SWT.Show, e -> {
            theirs.setEnabled(takeTheirs.isEnabled());
            mine.setEnabled(keepMine.isEnabled());
            mergeItem.setEnabled(merge.isEnabled());
        });
        viewer.getTable().setMenu(menu);
    }

    /**
     * Take Theirs or Keep Mine on the selected conflicting rows: merge conflicts one by one, objects
     * selected without any of their conflict rows as a whole. What one refuses (keep mine of an
     * object deleted elsewhere) is said, and the others are still resolved.
     */
    void resolveSelected(Resolution resolution) {
        if (refusedWhileBusy()) {
            return;
        }
        List<Row> rows = selectedConflicts();
        if (rows.isEmpty()) {
            status.setText("Select the conflicting objects to resolve");
            return;
        }
        List<String> refused = new ArrayList<>();
        int resolved = 0;
        java.util.Set<EObject> decidedOneByOne = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Row r : rows) {
            if (r.conflict() != null) {
                decidedOneByOne.add(r.object());
                try {
                    decide(r, resolution, null);
                    resolved++;
                } catch (StrataException e) {
                    refused.add(e.getMessage());
                }
            }
        }
        for (Row r : rows) {
            if (r.conflict() != null || decidedOneByOne.contains(r.object())
                    || r.session().state(r.object()) != ObjectState.CONFLICT) {
                continue;
            }
            try {
                dev.strata.core.ObjectId id = r.session().idOf(r.object());
                r.session().resolve(r.object(), resolution);
                problems.remove(id);
                resolved++;
            } catch (StrataException e) {
                refused.add(e.getMessage());
            }
        }
        if (resolved > 0) {
            // Values changed under the command stack: undoing earlier edits would no longer restore what they say.
            sessions().forgetEdits();
        }
        String done = resolved + " conflict(s) resolved: " + (resolution == Resolution.THEIRS
                ? "the stored version taken" : "your values kept; Commit overwrites the other change");
        status.setText(refused.isEmpty() ? done : done + ". Not resolved: " + String.join("; ", refused));
        refresh();
    }

    /**
     * Decides one merge conflict with a resolution, or (resolution null) a value; once its object
     * has no open conflict left, the object's problem text goes.
     */
    private void decide(Row r, Resolution resolution, Object value) {
        Session s = r.session();
        if (resolution != null) {
            s.resolve(r.conflict(), resolution);
        } else {
            s.resolve(r.conflict(), value);
        }
        dev.strata.core.ObjectId id = r.conflict().id();
        if (s.conflicts().stream().noneMatch(c -> c.id().equals(id))) {
            problems.remove(id);
        } else if (s.conflicts().contains(r.conflict())) {
            decided.put(r.conflict(), resolution == null ? Resolution.MINE : resolution);
        }
    }

    /** Merge…: the selected conflict in the three-way merge dialog; its decision is applied as the buttons' are. */
    void mergeSelected() {
        if (refusedWhileBusy()) {
            return;
        }
        Row r = selectedMergeable();
        if (r == null) {
            status.setText("Select one conflict of a feature both sides changed to merge it");
            return;
        }
        MergeDialog dialog = new MergeDialog(viewer.getControl().getShell(), r.session(), r.object(), r.conflict());
        if (dialog.open() != org.eclipse.jface.window.Window.OK || dialog.decision() == null) {
            return;
        }
        MergeDialog.Decision d = dialog.decision();
        try {
            decide(r, d.resolution(), d.value());
            // Values changed under the command stack: undoing earlier edits would no longer restore what they say.
            sessions().forgetEdits();
            status.setText(r.conflict().feature() + " of " + Labels.of(r.object()) + " decided: "
                    + (d.resolution() == Resolution.THEIRS ? "the stored value taken"
                            : d.resolution() == Resolution.MINE ? "your value kept"
                                    : "set to " + Comparisons.format(d.value()))
                    + (r.session().conflicts().isEmpty() ? "; Commit writes it" : ""));
        } catch (StrataException e) {
            status.setText("Not merged: " + e.getMessage());
        }
        refresh();
    }

    void savepoint() {
        if (refusedWhileBusy()) {
            return;
        }
        savepoints.clear();
        int pending = 0;
        for (Session s : sessions().all()) {
            savepoints.put(s, s.savepoint());
            pending += s.pending().values().stream().mapToInt(List::size).sum();
        }
        status.setText("Savepoint set with " + pending + " pending object(s); Back to Savepoint returns here");
        enableActions();
    }

    /** The actions say what they would do, and can be pressed only when they would do something. */
    private void enableActions() {
        boolean pending = !sessions().dirty().isEmpty();
        commit.setEnabled(pending);
        rollback.setEnabled(pending);
        undo.setEnabled(sessions().canUndo());
        undo.setToolTipText(sessions().canUndo() ? "Undo " + sessions().undoLabel() : "Nothing to undo");
        redo.setEnabled(sessions().canRedo());
        redo.setToolTipText(sessions().canRedo() ? "Redo " + sessions().redoLabel() : "Nothing to redo");
        back.setEnabled(!savepoints.isEmpty());
    }

    void backToSavepoint() {
        if (refusedWhileBusy()) {
            return;
        }
        if (savepoints.isEmpty()) {
            status.setText("No savepoint is set (one is dropped by Commit and Rollback)");
            return;
        }
        try {
            savepoints.forEach(Session::rollbackTo);
            status.setText("Back at the savepoint");
        } catch (StrataException e) {
            status.setText("Cannot go back to the savepoint: " + e.getMessage());
            savepoints.clear(); // no longer valid: Back to Savepoint is disabled until a new one is set
        }
        // The edits since the savepoint are gone; undoing them one by one no longer applies.
        sessions().forgetEdits();
        problems.clear();
        decided.clear();
        refresh();
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }
}
