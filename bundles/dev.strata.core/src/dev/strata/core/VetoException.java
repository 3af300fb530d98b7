package dev.strata.core;

import java.util.List;

/**
 * A commit was rejected before it reached the store: by a {@link Veto}, by EMF validation, by a
 * unique index, or because it would write a dangling reference. Nothing was written; the session
 * still holds its changes so they can be fixed and committed again.
 */
public class VetoException extends StrataException {

    private static final long serialVersionUID = 1L;

    private final List<String> reasons;

    public VetoException(String reason) {
        this(List.of(reason));
    }

    public VetoException(List<String> reasons) {
        super(reasons.size() == 1 ? "Commit vetoed: " + reasons.get(0)
                : "Commit vetoed for " + reasons.size() + " reasons:\n  - " + String.join("\n  - ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** Every reason given, one per problem. */
    public List<String> reasons() {
        return reasons;
    }
}
