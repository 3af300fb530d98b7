package dev.strata.core.diagnostics;

import java.util.List;

/**
 * The result of {@link Health#check}: one line per Strata bundle and DS component.
 *
 * @param scrPresent whether a Service Component Runtime was found at all
 * @param configAdminPresent whether a Configuration Admin service runs (stores and repositories
 *                           are configurations: without one none can exist)
 */
public record HealthReport(List<BundleStatus> bundles, List<ComponentStatus> components, boolean scrPresent,
        boolean configAdminPresent) {

    public HealthReport {
        bundles = List.copyOf(bundles);
        components = List.copyOf(components);
    }

    public record BundleStatus(String symbolicName, String version, String state, boolean ok) {
    }

    public record ComponentStatus(String bundle, String name, String state, boolean ok, String problem) {
    }

    /** True when Strata bundles exist, DS and Config Admin run and nothing is wrong. */
    public boolean healthy() {
        return scrPresent && configAdminPresent && !bundles.isEmpty() && bundles.stream().allMatch(BundleStatus::ok)
                && components.stream().allMatch(ComponentStatus::ok);
    }

    /** A plain-text table, ending with a verdict line that scripts can grep for. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (BundleStatus b : bundles) {
            sb.append(String.format("bundle    %-12s %-40s %s%s%n", b.state(), b.symbolicName(), b.version(),
                    b.ok() ? "" : "   <-- problem"));
        }
        for (ComponentStatus c : components) {
            sb.append(String.format("component %-12s %-40s %s%n", c.state(), c.name(),
                    c.ok() ? "" : "<-- " + c.problem()));
        }
        if (!scrPresent) {
            sb.append("No Service Component Runtime (Felix SCR) is running.\n");
        }
        if (!configAdminPresent) {
            sb.append("No Configuration Admin service is running: no store or repository can be configured"
                    + " (start org.apache.felix.configadmin).\n");
        }
        sb.append(healthy() ? "STRATA HEALTHY: " : "STRATA UNHEALTHY: ")
                .append(bundles.size()).append(" bundles, ").append(components.size()).append(" components\n");
        return sb.toString();
    }
}
