package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Creatable;
import org.eclipse.emf.common.command.Command;
import org.eclipse.emf.common.command.CompoundCommand;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.edit.command.AddCommand;
import org.eclipse.emf.edit.command.CommandActionDelegate;
import org.eclipse.emf.edit.command.CopyToClipboardCommand;
import org.eclipse.emf.edit.command.CreateChildCommand;
import org.eclipse.emf.edit.command.CutToClipboardCommand;
import org.eclipse.emf.edit.command.DeleteCommand;
import org.eclipse.emf.edit.command.DragAndDropCommand;
import org.eclipse.emf.edit.command.PasteFromClipboardCommand;
import org.eclipse.emf.edit.command.RemoveCommand;
import org.eclipse.emf.edit.domain.EditingDomain;

import dev.strata.core.ObjectState;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What the Model Explorer's selection is, and the EMF.Edit commands a user can run on it: new
 * children, siblings and roots, cut, copy, paste, delete and drag and drop. The context menu and the
 * workbench's Delete/Cut/Copy/Paste handlers both ask here, and every command goes on the workbench
 * sessions' command stack, so Undo and Redo walk it. A command that cannot execute here is null.
 * <p>
 * Root objects are the contents of their session's resource, for which EMF.Edit has no item
 * provider: adding and removing them is done on that list directly.
 */
@Creatable
@Singleton
public final class ExplorerEdits {

    private final WorkbenchSessions sessions;
    private final PastStates pasts;
    /** The explorer's selection (repositories, objects, placeholders), as the view last reported it. */
    private List<?> selection = List.of();
    /** Shows the objects an edit created or moved (the view refreshes and selects them). */
    private Consumer<Collection<?>> show = objects -> { };

    @Inject
    public ExplorerEdits(WorkbenchSessions sessions, PastStates pasts) {
        this.sessions = sessions;
        this.pasts = pasts;
    }

    /**
     * Why the selection cannot be edited because it holds an object of a past state (read-only),
     * naming the first such object; null if it holds none.
     */
    String readOnly(List<?> selected) {
        for (Object o : selected) {
            PastStates.Past past = pasts.of(o);
            if (past != null) {
                return past.readOnly((EObject) o);
            }
        }
        return null;
    }

    void select(List<?> selected) {
        selection = List.copyOf(selected);
    }

    /** The Model Explorer's current selection. */
    public List<?> selection() {
        return selection;
    }

    void onEdit(Consumer<Collection<?>> shower) {
        show = shower;
    }

    private EditingDomain domain() {
        return sessions.domain();
    }

    /**
     * The selected objects a session holds (not repositories or placeholders); empty while a job holds
     * the sessions, and when any is of a past state (read-only).
     */
    private List<EObject> objects(List<?> selected) {
        if (sessions.isBusy() || readOnly(selected) != null) {
            return List.of();
        }
        List<EObject> result = new ArrayList<>();
        for (Object o : selected) {
            if (o instanceof EObject e && sessions.sessionOf(e) != null) {
                result.add(e);
            }
        }
        return result;
    }

    /** Commands creating each kind of child the object can hold (from its item provider). */
    List<Command> newChildren(Object owner) {
        if (!(owner instanceof EObject o) || objects(List.of(o)).isEmpty()) {
            return List.of();
        }
        return create(o, domain().getNewChildDescriptors(o, null), List.of(o));
    }

    /**
     * Commands creating a child in one feature of the owner (for a range row of a long list: a new
     * child at the list's end).
     */
    List<Command> newChildrenIn(EObject owner, org.eclipse.emf.ecore.EStructuralFeature feature) {
        if (objects(List.of(owner)).isEmpty()) {
            return List.of();
        }
        List<Object> descriptors = new ArrayList<>();
        for (Object d : domain().getNewChildDescriptors(owner, null)) {
            if (d instanceof org.eclipse.emf.edit.command.CommandParameter p && p.getFeature() == feature) {
                descriptors.add(d);
            }
        }
        return create(owner, descriptors, List.of(owner));
    }

    /** Commands creating an object beside this one: a child of its container, or a new root. */
    List<Command> newSiblings(Object sibling) {
        if (!(sibling instanceof EObject o) || objects(List.of(o)).isEmpty()) {
            return List.of();
        }
        if (o.eContainer() == null) {
            return newRoots(sessions.sessionOf(o));
        }
        return create(o.eContainer(), domain().getNewChildDescriptors(null, o), List.of(o));
    }

    private List<Command> create(EObject owner, Collection<?> descriptors, Collection<?> selected) {
        List<Command> result = new ArrayList<>();
        for (Object descriptor : descriptors) {
            result.add(CreateChildCommand.create(domain(), owner, descriptor, selected));
        }
        return result;
    }

    /** Commands creating a root object of each class of the repository's model that can be instantiated. */
    List<Command> newRoots(Repository repository) {
        return sessions.isBusy() ? List.of() : newRoots(sessions.existing(repository));
    }

    private List<Command> newRoots(Session session) {
        if (session == null) {
            return List.of(); // still loading
        }
        List<Command> result = new ArrayList<>();
        for (EPackage p : session.repository().packages()) {
            for (EClassifier c : p.getEClassifiers()) {
                if (c instanceof EClass k && !k.isAbstract() && !k.isInterface()) {
                    AddCommand add = new AddCommand(domain(), session.resource().getContents(), EcoreUtil.create(k));
                    add.setLabel("New " + k.getName());
                    result.add(add);
                }
            }
        }
        return result;
    }

    /** The text a menu shows for a command: the item provider's for a new child. */
    static String text(Command command) {
        if (command instanceof CommandActionDelegate d && d.getText() != null) {
            return d.getText();
        }
        String label = command.getLabel();
        return label.startsWith("New ") ? label.substring(4) : label;
    }

    /** The item provider's icon for a new child (a URL or composed image), or null. */
    static Object image(Command command) {
        return command instanceof CommandActionDelegate d ? d.getImage() : null;
    }

    /** Removes the objects from their containers: roots from their session's resource. */
    private Command removal(List<EObject> objects) {
        CompoundCommand remove = new CompoundCommand();
        List<EObject> contained = objects.stream().filter(o -> o.eContainer() != null).toList();
        if (!contained.isEmpty()) {
            remove.append(RemoveCommand.create(domain(), contained));
        }
        for (EObject root : objects) {
            if (root.eContainer() == null) {
                remove.append(new RemoveCommand(domain(), sessions.sessionOf(root).resource().getContents(), root));
            }
        }
        return remove;
    }

    /**
     * Deletes the objects, and the references loaded objects hold to them (a reference to a deleted
     * object could not be committed).
     */
    Command delete(List<?> selected) {
        List<EObject> objects = objects(selected);
        if (objects.isEmpty() || objects.stream().anyMatch(o -> sessions.sessionOf(o).state(o) == ObjectState.DELETED)) {
            return null;
        }
        List<ResourceSet> searched = sessions.all().stream().map(s -> s.resource().getResourceSet())
                .filter(java.util.Objects::nonNull).distinct().toList();
        return new DeleteCommand(domain(), objects) {
            @Override
            protected void prepareCommand() {
                append(removal(objects));
            }

            @Override
            protected Map<EObject, Collection<EStructuralFeature.Setting>> findReferences(Collection<EObject> deleted) {
                // The editing domain's own resource set is empty: the objects live in the sessions' resources.
                return EcoreUtil.UsageCrossReferencer.findAll(deleted, searched);
            }
        };
    }

    Command cut(List<?> selected) {
        List<EObject> objects = objects(selected);
        return objects.isEmpty() ? null : new CutToClipboardCommand(domain(), removal(objects));
    }

    Command copy(List<?> selected) {
        List<EObject> objects = objects(selected);
        return objects.isEmpty() ? null : CopyToClipboardCommand.create(domain(), objects);
    }

    /** Pastes copies of the clipboard into the selected object (the one selected object). */
    Command paste(List<?> selected) {
        List<EObject> objects = objects(selected);
        if (objects.size() != 1 || domain().getClipboard() == null || domain().getClipboard().isEmpty()) {
            return null;
        }
        return PasteFromClipboardCommand.create(domain(), objects.get(0), null);
    }

    /**
     * Moves (or copies, or links) dragged objects onto, before or after the target.
     *
     * @param location where in the target's row, 0.0 (top) to 1.0 (bottom), as EMF.Edit reads it:
     *                 the upper and lower fifth drop beside the target, the middle into it
     */
    Command drop(Object target, float location, int operations, int operation, List<?> dragged) {
        List<EObject> objects = objects(dragged);
        if (!(target instanceof EObject t) || objects.isEmpty() || objects(List.of(t)).isEmpty()) {
            return null;
        }
        Session session = sessions.sessionOf(t);
        if (objects.stream().anyMatch(o -> sessions.sessionOf(o) != session)) {
            return null; // an object cannot move between repositories' sessions; Copy and Paste can copy it
        }
        return DragAndDropCommand.create(domain(), t, location, operations, operation, objects);
    }

    /**
     * Runs a command on the undoable stack and shows what it created or moved.
     *
     * @throws IllegalArgumentException when it cannot execute (or is null); the message names it
     */
    void execute(Command command, String what) {
        if (command == null) {
            String readOnly = readOnly(selection);
            throw new IllegalArgumentException(what + " cannot be done on the selection"
                    + (readOnly == null ? "" : ": " + readOnly));
        }
        sessions.execute(command);
        show.accept(command.getAffectedObjects());
    }

    /**
     * Locks (or, with {@code mode} null, unlocks) the selected objects for the workbench sessions
     * holding them, until their commit or rollback; a store call, on the UI thread as the user asked.
     */
    void lock(List<?> selected, dev.strata.core.LockMode mode) {
        String readOnly = readOnly(selected);
        if (readOnly != null) {
            throw new IllegalArgumentException(readOnly + "; it cannot be locked or unlocked");
        }
        java.util.Map<dev.strata.core.Session, List<EObject>> bySession = new java.util.LinkedHashMap<>();
        for (Object o : selected) {
            if (o instanceof EObject e && sessions.sessionOf(e) != null) {
                bySession.computeIfAbsent(sessions.sessionOf(e), k -> new java.util.ArrayList<>()).add(e);
            }
        }
        bySession.forEach((session, objects) -> {
            if (mode == null) {
                session.unlock(objects);
            } else {
                session.lock(objects, mode);
            }
        });
    }
}
