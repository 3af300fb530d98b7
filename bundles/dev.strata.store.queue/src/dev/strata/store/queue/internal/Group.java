package dev.strata.store.queue.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.strata.core.ChangeSet;
import dev.strata.core.ObjectId;

/**
 * Acknowledged commits that go to the wrapped store as one: a commit alone, or commits coalesced
 * because each changed exactly the features of exactly the objects the first changed.
 */
final class Group {

    final List<QueueJournal.Entry> members = new ArrayList<>();
    /** The versions the group leaves its objects at, which every member was acknowledged with. */
    final Map<ObjectId, Long> versions;
    /** Set when the drain has taken the group: no commit joins it any more. */
    boolean taken;

    Group(ChangeSet first) {
        this.versions = new HashMap<>();
        first.created().forEach(r -> versions.put(r.id(), 1L));
        first.changed().forEach(c -> versions.put(c.id(), c.expectedVersion() + 1));
    }

    long last() {
        return members.getLast().sequence();
    }

    /** The group as one commit of the wrapped store. */
    ChangeSet toWrapped() {
        return members.size() == 1 ? members.getFirst().changes()
                : merge(members.stream().map(QueueJournal.Entry::changes).toList());
    }

    /** True if {@code next} changes exactly the features of exactly the objects the group changes, from where it left them. */
    boolean takes(ChangeSet next) {
        ChangeSet first = members.getFirst().changes();
        if (taken || !next.created().isEmpty() || !next.deleted().isEmpty() || !first.created().isEmpty()
                || !first.deleted().isEmpty() || next.changed().size() != first.changed().size()
                || next.changed().isEmpty() || !next.session().equals(first.session())) {
            return false;
        }
        Map<ObjectId, ChangeSet.Change> byId = new HashMap<>();
        first.changed().forEach(c -> byId.put(c.id(), c));
        for (ChangeSet.Change c : next.changed()) {
            ChangeSet.Change f = byId.get(c.id());
            if (f == null || c.containerChanged() || f.containerChanged()
                    || !c.newValues().keySet().equals(f.newValues().keySet())
                    || !Long.valueOf(c.expectedVersion()).equals(versions.get(c.id()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Coalesced commits as one: each object changed from the first member's version and values
     * before to the last member's values after. The id is derived from the members' ids, so the same
     * group drained again after a crash has the same id.
     */
    static ChangeSet merge(List<ChangeSet> members) {
        ChangeSet first = members.getFirst();
        ChangeSet last = members.getLast();
        Map<ObjectId, ChangeSet.Change> after = new HashMap<>();
        last.changed().forEach(c -> after.put(c.id(), c));
        List<ChangeSet.Change> changes = new ArrayList<>();
        for (ChangeSet.Change c : first.changed()) {
            ChangeSet.Change l = after.get(c.id());
            changes.add(new ChangeSet.Change(c.id(), l.type(), c.expectedVersion(), l.container(), c.oldContainer(),
                    l.newValues(), c.oldValues()));
        }
        ByteBuffer ids = ByteBuffer.allocate(16 * members.size());
        members.forEach(m -> ids.putLong(m.commitId().getMostSignificantBits())
                .putLong(m.commitId().getLeastSignificantBits()));
        String message = String.join("; ", members.stream().map(ChangeSet::message).filter(m -> !m.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new)));
        return new ChangeSet(UUID.nameUUIDFromBytes(ids.array()), last.session(), message, List.of(), changes,
                List.of(), last.author());
    }
}
