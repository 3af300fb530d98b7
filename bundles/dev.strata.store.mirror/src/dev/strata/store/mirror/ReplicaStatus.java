package dev.strata.store.mirror;

/**
 * How far one replica of a mirror has got.
 *
 * @param name     the replica's store name
 * @param copiedTo the primary's sequence up to which the replica holds every commit; -1 until the
 *                 mirror has found out (after a start, a failure or while refilling)
 * @param behind   the primary's newest sequence this mirror knows of, less {@code copiedTo}
 * @param copied   commits copied to the replica by this mirror
 * @param retries  attempts that failed and were tried again later
 * @param refills  times the replica was refilled from a full copy of the primary
 * @param failing  why the last attempt failed; empty while copying works
 * @param note     what the mirror last had to do beyond copying (a refill and why); empty if nothing
 */
public record ReplicaStatus(String name, long copiedTo, long behind, long copied, long retries, long refills,
        String failing, String note) {
}
