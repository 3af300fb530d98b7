package dev.strata.compare;

import java.util.List;

/** How one feature of a changed object differs between the two states. */
public sealed interface FeatureChange {

    /** The feature's name, as records key it. */
    String feature();

    /**
     * A single-valued feature, or a feature whose value is a list on one side only. Null stands for
     * unset, as in a record.
     */
    record ValueChange(String feature, Object oldValue, Object newValue) implements FeatureChange {
    }

    /**
     * A many-valued feature (references as ids, attribute values, feature map entries): both lists
     * and the script that turns the old into the new one ({@link ListEdits#apply}).
     */
    record ListChange(String feature, List<?> oldValue, List<?> newValue, List<ListEdit> edits)
            implements FeatureChange {
        public ListChange {
            edits = List.copyOf(edits);
        }
    }
}
