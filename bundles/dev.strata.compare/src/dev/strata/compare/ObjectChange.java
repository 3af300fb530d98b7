package dev.strata.compare;

import java.util.List;
import java.util.Objects;

import dev.strata.core.ObjectId;
import dev.strata.core.TypeRef;

/**
 * An object present in both states whose features or container differ.
 *
 * @param version      the object's version in the old state (what a change set expects)
 * @param oldContainer the containing object in the old state, null for a root
 * @param newContainer the containing object in the new state, null for a root
 * @param features     the features that differ, in the order the old record keeps them, then those
 *                     only the new record has
 */
public record ObjectChange(ObjectId id, TypeRef type, long version, ObjectId oldContainer, ObjectId newContainer,
        List<FeatureChange> features) {

    public ObjectChange {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        features = List.copyOf(features);
    }

    /** True if the object moved to another container (or became, or stopped being, a root). */
    public boolean containerChanged() {
        return !Objects.equals(oldContainer, newContainer);
    }

    /** The change of this feature, or null if it did not change. */
    public FeatureChange feature(String name) {
        for (FeatureChange c : features) {
            if (c.feature().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
