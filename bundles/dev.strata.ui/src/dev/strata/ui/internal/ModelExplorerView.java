package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.util.LocalSelectionTransfer;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.DragSourceAdapter;
import org.eclipse.swt.dnd.DragSourceEvent;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.eclipse.swt.widgets.TreeItem;

import dev.strata.core.Repository;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Repositories, their root objects and contents, with each object's state. Follows the event bus:
 * a commit anywhere (this window, the console, another process) or a session's pending changes
 * refresh it, coalesced to at most ~30 refreshes per second.
 */
public final class ModelExplorerView extends LiveView {

    /** Event topic asking the explorer to select and reveal an object (the data), e.g. from Search Results. */
    static final String REVEAL = "dev/strata/ui/explorer/reveal";

    /** Up to this many root objects are shown opened when they arrive; more would flood the tree. */
    private static final int AUTO_EXPAND_ROOTS = 20;

    private TreeViewer viewer;
    /** The repositories and past states shown; refreshed in place so that the tree keeps what is expanded. */
    private final List<Object> shown = new ArrayList<>();
    /** Objects shown with a pending mark at the last refresh, with their repository. */
    private java.util.Map<EObject, Repository> marked = new java.util.IdentityHashMap<>();
    /** Above this many pending rows an edit refreshes the whole tree: one walk costs less than as many lookups. */
    private static final int TARGETED_ROWS = 2_000;
    /**
     * Ids of the rows redrawn with or without their pending mark since the last full refresh: the
     * workbench's own commit naming only these shows nothing they do not show already.
     */
    private final java.util.Set<String> redrawn = new java.util.HashSet<>();
    private ExplorerContent content;

    @Inject
    private ExplorerEdits edits;

    @Inject
    private ESelectionService selectionService;

    @Inject
    private PastStates pasts;

    /** A past state opened from History: shown opened and selected; null when one closed. */
    private final java.util.function.Consumer<PastStates.Past> pastChanged = this::pastChanged;

    @PostConstruct
    void create(Composite parent) {
        GridLayout layout = new GridLayout(1, false);
        layout.marginWidth = 0;
        layout.marginHeight = 0;
        layout.verticalSpacing = 0;
        parent.setLayout(layout); // the tree fills the view as before, under the bar
        // The view's own bar: a 3.x view tool bar contribution does not reach an e4 view's part.
        ToolBar bar = new ToolBar(parent, SWT.FLAT | SWT.RIGHT);
        bar.setLayoutData(new GridData(SWT.END, SWT.CENTER, true, false));
        ToolItem search = new ToolItem(bar, SWT.PUSH);
        search.setText("Search…");
        search.setToolTipText("Search a repository (Ctrl+H)");
        search.addListener(SWT.Selection, e -> SearchHandler.run(parent.getShell()));
        FirstUse.ensure(admin());
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getControl().setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        content = new ExplorerContent(parent.getDisplay(), sessions(), pasts, this::loaded);
        viewer.setContentProvider(content);
        viewer.setLabelProvider(new ExplorerLabels(content));
        // Rows found by element in a table, not by walking the tree: an edit redraws its rows by element.
        viewer.setComparer(new org.eclipse.jface.viewers.IElementComparer() {
            @Override
            public boolean equals(Object a, Object b) {
                // A past state is its own row whatever it holds; other elements are equal as they say.
                return a instanceof PastStates.Past || b instanceof PastStates.Past ? a == b : java.util.Objects.equals(a, b);
            }

            @Override
            public int hashCode(Object element) {
                return element instanceof PastStates.Past ? System.identityHashCode(element) : element.hashCode();
            }
        });
        viewer.setUseHashlookup(true);
        shown.addAll(elements());
        viewer.setInput(shown);
        viewer.addSelectionChangedListener(e -> {
            IStructuredSelection selected = (IStructuredSelection) e.getSelection();
            edits.select(selected.toList());
            Object first = selected.getFirstElement();
            publishSelection(first instanceof EObject o ? o : null);
            // The workbench's Properties view follows post selections; its rows come from ExplorerPropertySources.
            selectionService.setPostSelection(selected);
        });
        edits.onEdit(this::edited);
        pasts.onChange(pastChanged);
        ExplorerMenu.attach(viewer, edits, pasts);
        viewer.addDragSupport(ExplorerDrop.ALL_OPERATIONS, new Transfer[] { LocalSelectionTransfer.getTransfer() },
                new DragSourceAdapter() {
                    @Override
                    public void dragStart(DragSourceEvent event) {
                        IStructuredSelection selected = viewer.getStructuredSelection();
                        // Only objects move; repositories, placeholders and past states (read-only) stay where they are.
                        event.doit = !selected.isEmpty()
                                && selected.stream().allMatch(o -> o instanceof EObject && pasts.of(o) == null);
                        LocalSelectionTransfer.getTransfer().setSelection(event.doit ? selected : null);
                    }

                    @Override
                    public void dragSetData(DragSourceEvent event) {
                        event.data = LocalSelectionTransfer.getTransfer().getSelection();
                    }

                    @Override
                    public void dragFinished(DragSourceEvent event) {
                        LocalSelectionTransfer.getTransfer().setSelection(null);
                    }
                });
        viewer.addDropSupport(ExplorerDrop.ALL_OPERATIONS, new Transfer[] { LocalSelectionTransfer.getTransfer() },
                new ExplorerDrop(viewer, edits));
        viewer.addDoubleClickListener(e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof ExplorerContent.Placeholder p) {
                content.retry(p);
            }
        });
        viewer.expandToLevel(3); // a new user sees the root objects and what they hold at once (or once loaded)
        follow(parent.getDisplay());
    }

    /** Injected again whenever a repository service comes or goes (any thread): show the new list. */
    @Inject
    @Optional
    void repositoriesChanged(@Service List<Repository> repositories) {
        requestRefresh();
    }

    private List<Repository> repositories() {
        return admin().repositories();
    }

    /** The top-level rows: the repositories, then the past states opened from History. */
    private List<Object> elements() {
        List<Object> elements = new ArrayList<>(repositories());
        elements.addAll(pasts.all());
        return elements;
    }

    private void pastChanged(PastStates.Past opened) {
        refresh(); // opens a newly added past state, as it does a new repository
        if (opened != null && viewer != null && !viewer.getControl().isDisposed()) {
            viewer.setSelection(new StructuredSelection(opened), true);
        }
    }

    /** A repository's roots arrived (or did not): show them, opened one level as on first launch. */
    private void loaded(Repository repository) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        viewer.refresh(repository);
        rootsRead(repository);
        int roots = content.shownRoots(repository);
        if (roots > 0 && roots <= AUTO_EXPAND_ROOTS && viewer.getExpandedState(repository)) {
            viewer.expandToLevel(repository, 2);
        }
    }

    /** The sessions' resources watched for changes of their roots, with their watchers (UI thread). */
    private final java.util.Map<org.eclipse.emf.ecore.resource.Resource, org.eclipse.emf.common.notify.Adapter> watchedRoots =
            new java.util.IdentityHashMap<>();
    /** Resources whose roots changed since the explorer last read them. */
    private final java.util.Set<org.eclipse.emf.ecore.resource.Resource> rootsTouched =
            java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

    /**
     * A session change redraws only the rows it can have changed: the objects pending now and those
     * pending at the last refresh (their marks come or go); the children of those rows, of the rows
     * holding them and of their repositories are refreshed only where they are no longer the rows
     * the tree shows (added, removed, moved, put back, taken from another session's commit). A full
     * refresh walks every row shown: seconds for a project of 60,000 open tasks, at every edit.
     */
    @Override
    protected void refresh(java.util.Set<String> what) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        if (!elements().equals(shown) || !what.equals(java.util.Set.of(EDITED)) && !ownCommit(what)) {
            refresh();
            return;
        }
        java.util.Map<EObject, Repository> now = pendingObjects();
        java.util.Map<EObject, Repository> rows = new java.util.IdentityHashMap<>(marked);
        rows.putAll(now);
        marked = now;
        if (rows.size() > TARGETED_ROWS || redrawn.size() > 10 * TARGETED_ROWS) {
            redrawn.clear();
            viewer.refresh();
            return;
        }
        noteRows(rows);
        java.util.Set<Object> holders = new java.util.LinkedHashSet<>(rows.values());
        for (EObject o : rows.keySet()) {
            // The row's parent in the tree: the object may have left it already (deleted, discarded, moved).
            if (viewer.testFindItem(o) instanceof TreeItem item && item.getParentItem() != null
                    && item.getParentItem().getData() != null) {
                holders.add(item.getParentItem().getData());
            }
            holders.add(o);
        }
        // A repository's rows are its roots, which a session reads from its store (over REST, a
        // request): read them only when its session's roots changed in memory since.
        holders.removeIf(h -> h instanceof Repository r && !rootsChanged(r));
        for (Object holder : holders) {
            updateChildRows(holder);
        }
        for (EObject o : rows.keySet()) {
            viewer.update(o, null);
        }
    }

    /**
     * True if the keys are of the workbench's own commits (and edits), in stores no other shown
     * repository uses, naming as changed or deleted only objects whose rows were pending here: rows
     * its edits redrew, or marked still (the commit's event came before the edit's). What such a
     * commit created its edits already showed. Anything else — a commit from elsewhere, a resync,
     * an object edited and committed before its row was redrawn — refreshes the whole tree. A whole
     * refresh visits every row: with 200,000 children open under one object it froze the workbench
     * for 80 s after each commit (JFace sets every row's expanded state; GTK finds each row by
     * walking the siblings before it).
     */
    private boolean ownCommit(java.util.Set<String> what) {
        java.util.Set<String> own = new java.util.HashSet<>();
        sessions().all().forEach(s -> own.add(ChangedIds.FROM + s.id()));
        java.util.Set<String> stores = new java.util.HashSet<>();
        boolean committed = false;
        for (String key : what) {
            if (key.startsWith(ChangedIds.FROM)) {
                if (!own.contains(key)) {
                    return false;
                }
                committed = true;
            } else if (key.startsWith(ChangedIds.STORE)) {
                stores.add(key.substring(ChangedIds.STORE.length()));
            }
        }
        if (!committed || repositoriesOn(stores) > 1) {
            return false; // another repository's session over the store reads the commit's objects again
        }
        noteRows(marked);
        for (String key : what) {
            if (!key.equals(EDITED) && !key.startsWith(ChangedIds.FROM) && !key.startsWith(ChangedIds.STORE)
                    && !redrawn.contains(key)) {
                return false;
            }
        }
        return true;
    }

    /** How many shown repositories use one of these stores (by name, as commit events name them). */
    private long repositoriesOn(java.util.Set<String> stores) {
        return shown.stream().filter(e -> e instanceof Repository r && stores.contains(r.store().name())).count();
    }

    /** Notes the ids of these rows (those whose objects their sessions still manage) in {@link #redrawn}. */
    private void noteRows(java.util.Map<EObject, Repository> rows) {
        rows.forEach((o, r) -> {
            dev.strata.core.Session s = sessions().existing(r);
            if (s != null && s.state(o) != dev.strata.core.ObjectState.DISCARDED) {
                redrawn.add(s.idOf(o).toString());
            }
        });
    }

    /**
     * True if the repository's session added, removed or moved a root (its resource's contents
     * changed) since its rows were last read, or if its session is not watched yet.
     */
    private boolean rootsChanged(Repository r) {
        dev.strata.core.Session s = sessions().existing(r);
        if (s == null || !watchedRoots.containsKey(s.resource())) {
            rootsRead(r);
            return true;
        }
        return rootsTouched.remove(s.resource());
    }

    /** The repository's rows were just read from its session's roots: watch them for changes from here. */
    private void rootsRead(Repository r) {
        dev.strata.core.Session s = sessions().existing(r);
        if (s == null) {
            return;
        }
        org.eclipse.emf.ecore.resource.Resource resource = s.resource();
        rootsTouched.remove(resource);
        watchedRoots.computeIfAbsent(resource, res -> {
            org.eclipse.emf.common.notify.Adapter watcher = new org.eclipse.emf.common.notify.impl.AdapterImpl() {
                @Override
                public void notifyChanged(org.eclipse.emf.common.notify.Notification n) {
                    if (n.getFeatureID(org.eclipse.emf.ecore.resource.Resource.class)
                            == org.eclipse.emf.ecore.resource.Resource.RESOURCE__CONTENTS && !n.isTouch()) {
                        rootsTouched.add(res);
                    }
                }
            };
            res.eAdapters().add(watcher);
            return watcher;
        });
    }

    /**
     * Brings a row's child rows up to its children, read once: nothing when they are the rows shown
     * in order, rows inserted or removed one by one when the children only gained or only lost some
     * (a new child, a deletion, an undo of either), where a refresh would visit every sibling row
     * (seconds for 60,000 of them); otherwise the row is refreshed without relabelling the rows that
     * stay (only the rows pending now or before can read otherwise). A closed row is refreshed (it
     * costs the row alone), a row not shown is left.
     */
    private void updateChildRows(Object element) {
        if (!(viewer.testFindItem(element) instanceof TreeItem item)) {
            return;
        }
        if (!item.getExpanded()) {
            viewer.refresh(element, false);
            return;
        }
        TreeItem[] items = item.getItems();
        Object[] children = content.getChildren(element);
        boolean refreshed = !sameRows(items, children) && !addedOrRemovedOnly(element, items, children);
        if (refreshed) {
            viewer.refresh(element, false);
        }
        // A long list's ranges stay the same rows while the children they stand for change: their
        // labels are redrawn ("tasks [2000..2500]"), and each is brought up to its children (a
        // closed one forgets the rows it showed when it was open).
        for (TreeItem child : item.getItems()) {
            if (child.getData() instanceof ExplorerContent.Range range) {
                if (!refreshed) {
                    updateChildRows(range);
                }
                viewer.update(range, null);
            }
        }
    }

    /** True if the child rows show the children, in order. */
    private static boolean sameRows(TreeItem[] items, Object[] children) {
        if (items.length != children.length) {
            return false;
        }
        for (int i = 0; i < items.length; i++) {
            Object shownChild = items[i].getData();
            if (shownChild != children[i] && (children[i] instanceof EObject || !java.util.Objects.equals(shownChild,
                    children[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Inserts or removes child rows when the children only gained or only lost some, the rest in the
     * same order; false, changing nothing, for any other change (a move, a replacement).
     */
    private boolean addedOrRemovedOnly(Object element, TreeItem[] items, Object[] children) {
        java.util.List<Object> shownRows = new ArrayList<>(items.length);
        for (TreeItem i : items) {
            if (i.getData() == null) {
                return false; // a placeholder row JFace keeps for a child list it has not read
            }
            shownRows.add(i.getData());
        }
        java.util.Set<Object> before = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        before.addAll(shownRows);
        java.util.Set<Object> after = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        after.addAll(java.util.Arrays.asList(children));
        if (before.size() != shownRows.size() || after.size() != children.length) {
            return false;
        }
        List<Object> kept = new ArrayList<>();
        for (Object c : children) {
            if (before.contains(c)) {
                kept.add(c);
            }
        }
        List<Object> stayed = shownRows.stream().filter(after::contains).toList();
        if (!kept.equals(stayed) || kept.size() != shownRows.size() && kept.size() != children.length) {
            return false; // reordered, or rows both added and removed
        }
        if (kept.size() == children.length) {
            // Under this row only: a child moved to another row may already have its row there.
            viewer.remove(element, shownRows.stream().filter(r -> !after.contains(r)).toArray());
        } else {
            for (int i = 0; i < children.length; i++) {
                if (!before.contains(children[i])) {
                    viewer.insert(element, children[i], i);
                }
            }
        }
        return true;
    }

    /** Every object the shown repositories' workbench sessions have pending, with its repository. */
    private java.util.Map<EObject, Repository> pendingObjects() {
        java.util.Map<EObject, Repository> pending = new java.util.IdentityHashMap<>();
        for (Object element : shown) {
            if (element instanceof Repository r) {
                dev.strata.core.Session s = sessions().existing(r);
                if (s != null) {
                    s.pending().values().forEach(list -> list.forEach(o -> pending.put(o, r)));
                }
            }
        }
        return pending;
    }

    @Override
    protected void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        List<Object> now = elements();
        List<Object> added = new ArrayList<>(now);
        added.removeAll(shown);
        shown.clear();
        shown.addAll(now);
        marked = pendingObjects();
        redrawn.clear();
        // Objects committed elsewhere reach this view's sessions through their stores' loads.
        viewer.refresh();
        now.forEach(e -> {
            if (e instanceof Repository r) {
                rootsRead(r);
            }
        });
        // A repository configured meanwhile (e.g. by Import XMI…) opens, so its objects show; so does a past state.
        added.forEach(r -> viewer.setExpandedState(r, true));
    }

    /** An edit ran: show it now rather than at the next bus refresh, with what it made or moved selected. */
    private void edited(java.util.Collection<?> affected) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        refresh(java.util.Set.of(EDITED));
        List<Object> shownObjects = new ArrayList<>();
        for (Object o : affected) {
            dev.strata.core.Session s = o instanceof EObject e ? content.sessionOf(e) : null;
            if (s != null && s.state((EObject) o) != dev.strata.core.ObjectState.DELETED) {
                shownObjects.add(o);
            }
        }
        if (!shownObjects.isEmpty()) {
            viewer.setSelection(new StructuredSelection(shownObjects), true);
        }
    }

    /** Selects the object, opening the path to it (its parent chain, up to its repository). */
    @Inject
    @Optional
    void reveal(@UIEventTopic(REVEAL) EObject object) {
        if (viewer == null || viewer.getControl().isDisposed() || sessions().isBusy()) {
            return;
        }
        viewer.setSelection(new StructuredSelection(object), true);
    }

    @Focus
    void focus() {
        viewer.getControl().setFocus();
    }

    @PreDestroy
    void dispose() {
        if (content != null) {
            content.dispose();
        }
        edits.select(List.of());
        edits.onEdit(objects -> { });
        pasts.removeListener(pastChanged);
        watchedRoots.forEach((resource, watcher) -> resource.eAdapters().remove(watcher));
        watchedRoots.clear();
    }
}
