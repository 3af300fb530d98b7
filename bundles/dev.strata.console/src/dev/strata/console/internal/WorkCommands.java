package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.util.Diagnostician;

import dev.strata.compare.Compare;
import dev.strata.compare.Diff;
import dev.strata.compare.FeatureChange;
import dev.strata.compare.ListEdit;
import dev.strata.compare.ObjectChange;
import dev.strata.core.CommitResult;
import dev.strata.core.LockInfo;
import dev.strata.core.LockMode;
import dev.strata.core.MergeConflict;
import dev.strata.core.MergeConflictException;
import dev.strata.core.ObjectState;
import dev.strata.core.Resolution;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;
import dev.strata.core.StrataException;

/**
 * The unit-of-work commands: {@code status}, {@code diff}, {@code commit}, {@code merge}, {@code rollback},
 * {@code savepoint}, {@code rollbackto} and {@code validate}. Those that report pending work do not
 * open a session to find none.
 */
final class WorkCommands {

    private final Console console;

    WorkCommands(Console console) {
        this.console = console;
    }

    List<String> status() {
        Session session = console.openSession();
        String current = console.currentName();
        if (session == null) {
            return List.of("No pending changes" + (current == null ? "" : " in repository " + current));
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<ObjectState, List<EObject>> e : session.pending().entrySet()) {
            for (EObject o : e.getValue()) {
                lines.add(String.format("%-9s %s", e.getKey(), console.print.label(o)));
            }
        }
        if (lines.isEmpty()) {
            lines.add("No pending changes in repository " + current);
        }
        return lines;
    }

    List<String> diff() {
        Session session = console.openSession();
        if (session == null) {
            return List.of("No pending changes");
        }
        Diff diff = Compare.diff(session.pendingChanges());
        List<String> lines = new ArrayList<>();
        diff.added().forEach(r -> lines.add("+ " + r.type().name() + " " + r.id() + " " + r.values()));
        for (ObjectChange c : diff.changed()) {
            lines.add("~ " + c.type().name() + " " + c.id() + " v" + c.version());
            for (FeatureChange f : c.features()) {
                switch (f) {
                    case FeatureChange.ValueChange v -> lines.add("    " + f.feature() + ": " + v.oldValue() + " -> " + v.newValue());
                    case FeatureChange.ListChange l -> l.edits().forEach(e -> lines.add("    " + f.feature() + ": " + edit(e, String::valueOf)));
                }
            }
            if (c.containerChanged()) {
                lines.add("    container: " + c.oldContainer() + " -> " + c.newContainer());
            }
        }
        diff.removed().forEach(r -> lines.add("- " + r.type().name() + " " + r.id() + " v" + r.version()));
        if (lines.isEmpty()) {
            lines.add("No pending changes");
        }
        return lines;
    }

    /** One step of a list's change: +[index] inserted, -[index] removed, [from] -> [to] moved. */
    static String edit(ListEdit e, Function<Object, String> label) {
        return switch (e) {
            case ListEdit.Insert i -> "+[" + i.index() + "] " + label.apply(i.value());
            case ListEdit.Remove r -> "-[" + r.index() + "] " + label.apply(r.value());
            case ListEdit.Move m -> "[" + m.from() + "] -> [" + m.to() + "] " + label.apply(m.value());
        };
    }

    String commit(String message) {
        Session session = console.openSession();
        if (session == null || !session.isDirty()) {
            return "Nothing to commit";
        }
        int count = session.pendingChanges().size();
        CommitResult r;
        try {
            r = session.commit(message);
        } catch (MergeConflictException e) {
            List<String> lines = new ArrayList<>();
            lines.add("Commit refused: " + e.mergeConflicts().size() + " change(s) conflict with newer commits;"
                    + " everything else merged. Decide each, then strata:commit:");
            lines.addAll(conflictLines(session));
            lines.add("  strata:merge <n> theirs | mine | value <value>   (or strata:merge all theirs | all mine;"
                    + " strata:rollback drops the work)");
            throw new IllegalStateException(String.join(System.lineSeparator(), lines));
        } catch (StrataException e) {
            throw new IllegalStateException(e.getMessage() + " (the changes are still pending: fix them, or strata:rollback)");
        }
        console.endSession();
        return "Committed " + count + " object(s) to " + console.currentName() + " (commit " + r.commitId() + ")";
    }

    /**
     * {@code merge}: the open conflicts, numbered; {@code merge n theirs|mine}, {@code merge n value v}
     * and {@code merge all theirs|mine} decide them.
     */
    List<String> merge(String[] args) {
        Session session = console.openSession();
        List<MergeConflict> open = session == null ? List.of() : session.conflicts();
        if (args.length == 0) {
            if (open.isEmpty()) {
                return List.of("No open conflicts" + (session != null && session.isDirty() ? " (strata:commit to write"
                        + " the pending changes)" : ""));
            }
            return conflictLines(session);
        }
        if (open.isEmpty()) {
            throw fail("No open conflicts to resolve");
        }
        if (args[0].equals("all")) {
            Resolution r = resolution(args.length > 1 ? args[1] : "");
            for (MergeConflict c : open) {
                session.resolve(c, r);
            }
            return List.of("Resolved " + open.size() + " conflict(s): " + args[1] + "; strata:commit to write");
        }
        MergeConflict c = numbered(open, args[0]);
        String how = args.length > 1 ? args[1] : "";
        if (how.equals("value")) {
            if (args.length < 3) {
                throw fail("strata:merge " + args[0] + " value needs the value");
            }
            EObject o = session.get(c.id());
            EStructuralFeature f = o.eClass().getEStructuralFeature(c.feature());
            if (f == null) {
                throw fail("Conflict " + args[0] + " (" + c + ") is not about a feature's value: take theirs or mine");
            }
            String text = String.join(" ", java.util.Arrays.copyOfRange(args, 2, args.length));
            session.resolve(c, console.names.value(f, text));
        } else {
            session.resolve(c, resolution(how));
        }
        int left = session.conflicts().size();
        return List.of("Resolved " + c.label() + " " + c.feature() + " (" + how + "); " + (left == 0
                ? "no conflict left: strata:commit to write" : left + " conflict(s) left"));
    }

    /** {@code lock <obj> [read|write]}: the console session locks an object until commit or rollback. */
    String lock(String ref, String mode) {
        EObject o = console.names.object(ref);
        LockMode m = switch (mode.toLowerCase(java.util.Locale.ROOT)) {
            case "read" -> LockMode.READ;
            case "write", "" -> LockMode.WRITE;
            default -> throw fail("A lock is read or write, not '" + mode + "'");
        };
        Session session = console.session();
        session.lock(List.of(o), m);
        return console.print.label(o) + " is " + m.name().toLowerCase(java.util.Locale.ROOT) + "-locked for "
                + session.lockLease().toMinutes() + " min, until strata:commit or strata:rollback";
    }

    String unlock(String ref) {
        EObject o = console.names.object(ref);
        console.session().unlock(List.of(o));
        return console.print.label(o) + " is no longer locked by this console";
    }

    /** {@code locks}: every lock the current repository's store holds now, with who and until when. */
    List<String> locks() {
        Session session = console.session();
        List<LockInfo> all = session.repository().store().locks();
        if (all.isEmpty()) {
            return List.of("No locks in store '" + session.repository().store().name() + "'");
        }
        List<String> lines = new ArrayList<>();
        for (LockInfo l : all) {
            EObject o = session.find(l.id()).orElse(null);
            lines.add(String.format("%-5s %s by %s%s until %s", l.mode(), o == null ? l.id() : console.print.label(o),
                    l.holder().isEmpty() ? "session " + l.owner() : l.holder(),
                    l.owner().equals(session.id()) ? " (this console)" : "",
                    dev.strata.core.Labels.time(l.expires())));
        }
        return lines;
    }

    /** {@code revert n} or {@code revert n..m}: the session's pending work undoes logged commits; commit writes it. */
    List<String> revert(String sequence) {
        String[] ends = sequence.split("\\.\\.", -1);
        long first;
        long last;
        try {
            first = Long.parseLong(ends[0].trim());
            last = ends.length == 2 ? Long.parseLong(ends[1].trim()) : ends.length == 1 ? first : -1;
        } catch (NumberFormatException e) {
            last = -1;
            first = -1;
        }
        if (first < 0 || last < 0) {
            throw fail("strata:revert takes a commit's sequence number or a range n..m (strata:log shows them), not '"
                    + sequence + "'");
        }
        List<MergeConflict> left = console.session().revert(first, last);
        List<String> lines = new ArrayList<>();
        lines.add((first == last ? "Commit " + first + " is" : "Commits " + first + " to " + last + " are")
                + " undone in the pending changes" + (left.isEmpty() ? "" : ", except what changed"
                + " again since (left as it is now):"));
        left.forEach(c -> lines.add("  " + c));
        lines.add("strata:diff shows it, strata:commit writes it");
        return lines;
    }

    private static Resolution resolution(String text) {
        return switch (text) {
            case "theirs" -> Resolution.THEIRS;
            case "mine" -> Resolution.MINE;
            default -> throw fail("Say theirs, mine or value <value>, not '" + text + "'");
        };
    }

    private static MergeConflict numbered(List<MergeConflict> open, String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= open.size()) {
                return open.get(n - 1);
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw fail("No conflict '" + text + "': the open ones are 1.." + open.size() + " (strata:merge lists them)");
    }

    private static List<String> conflictLines(Session session) {
        List<String> lines = new ArrayList<>();
        List<MergeConflict> open = session.conflicts();
        for (int i = 0; i < open.size(); i++) {
            lines.add(String.format("%3d  %s", i + 1, open.get(i)));
        }
        return lines;
    }

    String rollback() {
        int pending = console.close();
        return "Rolled back " + pending + " pending object(s)";
    }

    String savepoint(String name) {
        console.savepoints().put(name, console.session().savepoint());
        return "Savepoint '" + name + "'";
    }

    String rollbackTo(String name) {
        Savepoint sp = console.savepoints().get(name);
        Session session = console.openSession();
        if (sp == null || session == null) {
            throw fail("No savepoint '" + name + "' (savepoints: " + console.savepoints().keySet() + ")");
        }
        session.rollbackTo(sp);
        return "Rolled back to savepoint '" + name + "'";
    }

    List<String> validate(String ref) {
        List<EObject> targets = new ArrayList<>();
        Session session = console.openSession();
        if (ref != null) {
            targets.add(console.names.object(ref));
        } else if (session != null) {
            session.pending().forEach((state, objects) -> {
                if (state != ObjectState.DELETED) {
                    targets.addAll(objects);
                }
            });
        }
        List<String> lines = new ArrayList<>();
        for (EObject o : targets) {
            Diagnostic d = Diagnostician.INSTANCE.validate(o);
            if (d.getSeverity() >= Diagnostic.WARNING) {
                for (Diagnostic child : d.getChildren()) {
                    lines.add((child.getSeverity() >= Diagnostic.ERROR ? "ERROR   " : "WARNING ") + console.print.label(o)
                            + ": " + child.getMessage());
                }
            }
        }
        lines.add(targets.size() + " object(s) checked, " + lines.size() + " problem(s)");
        return lines;
    }
}
