package dev.strata.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A lock or a commit was refused because another session holds locks on the objects: each
 * {@link LockInfo} says who and until when. Nothing was locked or committed.
 *
 * @since 0.5
 */
public class LockedException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final transient List<LockInfo> held;

    public LockedException(String store, String what, List<LockInfo> held) {
        super("Store '" + store + "' refused " + what + ": " + held.stream().map(LockInfo::toString)
                .collect(Collectors.joining("; ")));
        this.held = List.copyOf(held);
    }

    /** The other sessions' locks in the way. */
    public List<LockInfo> held() {
        return held;
    }
}
