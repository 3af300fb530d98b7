package dev.strata.console.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.strata.core.diagnostics.Health;
import dev.strata.core.diagnostics.HealthReport;

/** Gogo commands in scope {@code strata}. They return values so Gogo can format and pipe them. */
@Component(service = StrataCommands.class, property = { "osgi.command.scope=strata",
        "osgi.command.function=doctor" })
public final class StrataCommands {

    private final BundleContext context;

    @Activate
    public StrataCommands(BundleContext context) {
        this.context = context;
    }

    @Descriptor("check that every Strata bundle is resolved and its components satisfied; fails if not")
    public String doctor() {
        HealthReport report = Health.check(context, false);
        if (!report.healthy()) {
            throw new IllegalStateException("\n" + report.format());
        }
        return report.format();
    }
}
