package dev.strata.core.diagnostics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/** Inspects the Strata bundles of a running framework. */
public final class Health {

    /** Bundles whose symbolic name starts with this are Strata's. */
    public static final String STRATA_PREFIX = "dev.strata.";

    private Health() {
    }

    /**
     * Reports every Strata bundle and DS component.
     *
     * @param requireActive true to require bundles to be ACTIVE (a started product); false to
     *                      accept any resolved state (an IDE where bundles start lazily)
     */
    public static HealthReport check(BundleContext context, boolean requireActive) {
        List<HealthReport.BundleStatus> bundles = new ArrayList<>();
        List<HealthReport.ComponentStatus> components = new ArrayList<>();
        ServiceReference<ServiceComponentRuntime> scrRef = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = scrRef == null ? null : context.getService(scrRef);
        try {
            for (Bundle b : context.getBundles()) {
                String bsn = b.getSymbolicName();
                if (bsn == null || !bsn.startsWith(STRATA_PREFIX)) {
                    continue;
                }
                boolean fragment = b.getHeaders("").get("Fragment-Host") != null;
                int state = b.getState();
                boolean ok = fragment || !requireActive
                        ? (state & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0
                        : state == Bundle.ACTIVE;
                bundles.add(new HealthReport.BundleStatus(bsn, b.getVersion().toString(), stateName(state), ok));
                if (scr != null) {
                    for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                        components.add(componentStatus(scr, bsn, d));
                    }
                }
            }
        } finally {
            if (scr != null) {
                context.ungetService(scrRef);
            }
        }
        bundles.sort(Comparator.comparing(HealthReport.BundleStatus::symbolicName));
        components.sort(Comparator.comparing(HealthReport.ComponentStatus::name));
        // By name: core needs no Config Admin import to ask whether one runs.
        boolean configAdmin = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin") != null;
        return new HealthReport(bundles, components, scr != null, configAdmin);
    }

    private static HealthReport.ComponentStatus componentStatus(ServiceComponentRuntime scr, String bsn,
            ComponentDescriptionDTO d) {
        if (!scr.isComponentEnabled(d)) {
            return new HealthReport.ComponentStatus(bsn, d.name, "DISABLED", false, "component is disabled");
        }
        var configs = scr.getComponentConfigurationDTOs(d);
        if (configs.isEmpty()) {
            boolean waits = "require".equals(d.configurationPolicy);
            return new HealthReport.ComponentStatus(bsn, d.name, waits ? "NO CONFIGURATION" : "NONE", waits,
                    waits ? "" : "no component configuration was created");
        }
        // One description may have several configurations (factory configurations): all must be fine.
        for (ComponentConfigurationDTO c : configs) {
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                List<String> missing = new ArrayList<>();
                for (var r : c.unsatisfiedReferences) {
                    missing.add(r.name + " (" + r.target + ")");
                }
                return new HealthReport.ComponentStatus(bsn, d.name, "UNSATISFIED", false,
                        "missing references " + missing);
            }
            if (c.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION) {
                return new HealthReport.ComponentStatus(bsn, d.name, "UNSATISFIED", false, "missing configuration");
            }
            if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                return new HealthReport.ComponentStatus(bsn, d.name, "FAILED", false, c.failure);
            }
        }
        boolean active = configs.stream().anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE);
        if (d.immediate && !active) {
            // An immediate component is activated as soon as it is satisfied; if it is not, activation failed.
            return new HealthReport.ComponentStatus(bsn, d.name, "NOT ACTIVE", false,
                    "immediate component could not be activated (see the log)");
        }
        return new HealthReport.ComponentStatus(bsn, d.name, active ? "ACTIVE" : "SATISFIED", true, "");
    }

    /** Exceptions that only carry another one: their message says nothing of the store. */
    private static final List<String> WRAPPERS = List.of("ComponentException", "InvocationTargetException",
            "UndeclaredThrowableException", "ExecutionException");

    /**
     * The useful part of an activation failure as the DS runtime reports it (a stack trace): the
     * first message in the cause chain that is not a wrapper's, e.g. the store's "Cannot connect
     * to jdbc:…" rather than the SCR exception around it or the socket error beneath it.
     */
    public static String failureReason(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason given";
        }
        List<String> chain = new ArrayList<>();
        failure.lines().forEach(l -> {
            if (chain.isEmpty()) {
                chain.add(l.trim());
            } else if (l.startsWith("Caused by: ")) {
                chain.add(l.substring("Caused by: ".length()).trim());
            }
        });
        for (String link : chain) {
            int colon = link.indexOf(": ");
            String type = colon > 0 ? link.substring(0, colon) : link;
            if (!type.matches("[\\w.$]+")) {
                return link; // not "Exception: message": take it as it is
            }
            String message = colon > 0 ? link.substring(colon + 2).trim() : "";
            String simple = type.substring(type.lastIndexOf('.') + 1);
            // A message that is only the cause's "Type: message" repeats the next link.
            if (message.isEmpty() || WRAPPERS.contains(simple)
                    || message.matches("[a-z][\\w$]*(\\.[\\w$]+)+(: .*)?")) {
                continue;
            }
            return message;
        }
        String last = chain.get(chain.size() - 1);
        return last.substring(last.lastIndexOf('.') + 1);
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
