package dev.strata.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.eclipse.emf.ecore.EAnnotation;
import org.eclipse.emf.ecore.EPackage;

/**
 * A declared change of a model's stored data from one model version to the next: features added
 * (with a default), renamed or removed, classes renamed. A store applies a migration atomically,
 * once, and records it together with the new model version.
 * <p>
 * A model's version is declared on its EPackage with an EAnnotation of source
 * {@link #VERSION_ANNOTATION} and detail {@code version} (default 1). When a repository opens a
 * store holding an older version, it applies the declared migrations in order; a store holding a
 * newer version, or an older one with no migration path, is refused with a message saying which.
 *
 * <pre>
 * Migration.of(TasksPackage.eNS_URI, 1, 2)
 *         .renameFeature("Task", "name", "title")
 *         .addFeature("Task", "priority", 0)
 *         .build();
 * </pre>
 */
public final class Migration {

    /** EAnnotation source on an EPackage declaring its model version (detail key {@code version}). */
    public static final String VERSION_ANNOTATION = "http://strata.dev/model";

    /** One step of a migration. */
    public sealed interface Step {
    }

    /** Adds a feature to every record of a class that lacks it, with a record-form default value. */
    public record AddFeature(String className, String feature, Object defaultValue) implements Step {
    }

    public record RenameFeature(String className, String from, String to) implements Step {
    }

    public record RemoveFeature(String className, String feature) implements Step {
    }

    public record RenameClass(String from, String to) implements Step {
    }

    private final String nsUri;
    private final int fromVersion;
    private final int toVersion;
    private final List<Step> steps;

    private Migration(String nsUri, int fromVersion, int toVersion, List<Step> steps) {
        this.nsUri = Objects.requireNonNull(nsUri, "nsUri");
        if (toVersion <= fromVersion) {
            throw new IllegalArgumentException("A migration must go to a higher version: " + fromVersion + " -> " + toVersion);
        }
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
        this.steps = List.copyOf(steps);
    }

    public static Builder of(String nsUri, int fromVersion, int toVersion) {
        return new Builder(nsUri, fromVersion, toVersion);
    }

    /** The version a package declares (1 when it declares none). */
    public static int versionOf(EPackage ePackage) {
        EAnnotation a = ePackage.getEAnnotation(VERSION_ANNOTATION);
        String v = a == null ? null : a.getDetails().get("version");
        if (v == null) {
            return 1;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new StrataException("EPackage " + ePackage.getNsURI() + " declares model version '" + v
                    + "'; it must be a whole number");
        }
    }

    public String nsUri() {
        return nsUri;
    }

    public int fromVersion() {
        return fromVersion;
    }

    public int toVersion() {
        return toVersion;
    }

    public List<Step> steps() {
        return steps;
    }

    /** A stable id, recorded by the store once applied. */
    public String id() {
        return nsUri + "@" + fromVersion + "->" + toVersion;
    }

    /** True if this migration changes records of this type (before renames). */
    public boolean affects(TypeRef type) {
        return type.nsUri().equals(nsUri);
    }

    /** The record after this migration (same id; the store decides its version). */
    public Record apply(Record record) {
        if (!affects(record.type())) {
            return record;
        }
        String className = record.type().name();
        Map<String, Object> values = new LinkedHashMap<>(record.values());
        for (Step step : steps) {
            if (step instanceof AddFeature a && a.className().equals(className)) {
                values.putIfAbsent(a.feature(), a.defaultValue());
            } else if (step instanceof RenameFeature r && r.className().equals(className)) {
                if (values.containsKey(r.from())) {
                    values.put(r.to(), values.remove(r.from()));
                }
            } else if (step instanceof RemoveFeature r && r.className().equals(className)) {
                values.remove(r.feature());
            } else if (step instanceof RenameClass r && r.from().equals(className)) {
                className = r.to();
            }
        }
        return new Record(record.id(), new TypeRef(nsUri, className), record.version(), record.container(), values);
    }

    @Override
    public String toString() {
        return "migration " + id() + " " + steps;
    }

    /** Collects the steps of a migration in the order they apply. */
    public static final class Builder {
        private final String nsUri;
        private final int from;
        private final int to;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String nsUri, int from, int to) {
            this.nsUri = nsUri;
            this.from = from;
            this.to = to;
        }

        public Builder addFeature(String className, String feature, Object defaultRecordValue) {
            steps.add(new AddFeature(className, feature, defaultRecordValue));
            return this;
        }

        public Builder renameFeature(String className, String from, String to) {
            steps.add(new RenameFeature(className, from, to));
            return this;
        }

        public Builder removeFeature(String className, String feature) {
            steps.add(new RemoveFeature(className, feature));
            return this;
        }

        public Builder renameClass(String from, String to) {
            steps.add(new RenameClass(from, to));
            return this;
        }

        public Migration build() {
            return new Migration(nsUri, from, to, steps);
        }
    }
}
