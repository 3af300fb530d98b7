package dev.strata.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.BasicDiagnostic;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.DiagnosticChain;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.Diagnostician;

import dev.strata.core.PendingCommit;
import dev.strata.core.Validation;
import dev.strata.core.Veto;
import dev.strata.core.VetoException;

/**
 * EMF validation of one commit, run as its first veto: each created and changed object (not its
 * contents: those are checked if they changed). Findings at the repository's veto severity refuse
 * the commit, except for imported objects; the others are kept for the commit's result.
 */
final class ValidationVeto implements Veto {

    /** Most findings a commit reports (a large import can have thousands). */
    private static final int MAX_REPORTED = 1000;

    private final Validation policy;
    private final ChangeTracker tracker;
    private final List<String> reported = new ArrayList<>();

    ValidationVeto(Validation policy, ChangeTracker tracker) {
        this.policy = policy;
        this.tracker = tracker;
    }

    @Override
    public void check(PendingCommit commit) throws VetoException {
        Diagnostician diagnostician = new Diagnostician() {
            @Override
            protected boolean doValidateContents(EObject eObject, DiagnosticChain diagnostics,
                    Map<Object, Object> context) {
                return false;
            }
        };
        int vetoAt = switch (policy) {
            case VETO_ERRORS -> Diagnostic.ERROR;
            case VETO_WARNINGS -> Diagnostic.WARNING;
            default -> Integer.MAX_VALUE;
        };
        List<String> reasons = new ArrayList<>();
        int more = 0;
        List<EObject> objects = new ArrayList<>(commit.created());
        objects.addAll(commit.changed());
        // One context for the commit, as EMF's own validation of a tree shares one for all its objects.
        Map<Object, Object> context = diagnostician.createDefaultContext();
        BasicDiagnostic d = new BasicDiagnostic();
        for (EObject o : objects) {
            diagnostician.validate(o.eClass(), o, d, context);
            if (d.getChildren().isEmpty()) {
                continue; // valid: nothing was built, and the diagnostic serves the next object
            }
            Entry e = tracker.entryOf(o);
            BasicDiagnostic found = d;
            d = new BasicDiagnostic();
            if (found.getSeverity() < Diagnostic.WARNING) {
                continue;
            }
            for (Diagnostic child : found.getChildren()) {
                if (child.getSeverity() < Diagnostic.WARNING) {
                    continue;
                }
                String text = (child.getSeverity() >= Diagnostic.ERROR ? "invalid " : "warning: ")
                        + Features.describe(o) + " (" + e.id + "): " + child.getMessage();
                if (child.getSeverity() >= vetoAt && !e.imported) {
                    reasons.add(text);
                } else if (reported.size() < MAX_REPORTED) {
                    reported.add(text);
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            reported.add("... and " + more + " more findings");
        }
        if (!reasons.isEmpty()) {
            throw new VetoException(reasons);
        }
    }

    /** What the last check found that does not refuse the commit. */
    List<String> reported() {
        return reported;
    }
}
