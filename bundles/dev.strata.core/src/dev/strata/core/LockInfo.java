package dev.strata.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One explicit lock a store holds.
 *
 * @param id      the locked object
 * @param mode    READ or WRITE
 * @param owner   the session holding it ({@link Session#id()}; a commit's {@link ChangeSet#session()})
 * @param holder  who that is, for people (the session's {@link Session#author()})
 * @param expires when the lease ends: the store forgets the lock then (a crashed process's locks
 *                go by themselves)
 * @since 0.5
 */
public record LockInfo(ObjectId id, LockMode mode, String owner, String holder, Instant expires) {

    public LockInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expires, "expires");
        holder = holder == null ? "" : holder;
    }

    /** True while the lease runs. */
    public boolean heldAt(Instant now) {
        return expires.isAfter(now);
    }

    /** True if a session other than this lock's owner may not take {@code wanted} while it is held. */
    public boolean blocks(String otherOwner, LockMode wanted) {
        return !owner.equals(otherOwner) && (mode == LockMode.WRITE || wanted == LockMode.WRITE);
    }

    @Override
    public String toString() {
        return id + " " + mode.name().toLowerCase(java.util.Locale.ROOT) + "-locked by "
                + (holder.isEmpty() ? "session " + owner : holder + " (session " + owner + ")") + " until " + expires;
    }
}
