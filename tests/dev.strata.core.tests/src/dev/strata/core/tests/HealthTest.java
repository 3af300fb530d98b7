package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.strata.core.ModelStore;
import dev.strata.core.diagnostics.Health;
import dev.strata.core.diagnostics.HealthReport;

class HealthTest {

    @Test
    void reportsStrataBundlesAndSatisfiedComponents() {
        Services.await(ModelStore.class, null);
        HealthReport report = Health.check(Services.context(), false);
        assertTrue(report.scrPresent(), report.format());
        assertTrue(report.bundles().stream().anyMatch(b -> b.symbolicName().equals("dev.strata.core")),
                report.format());
        HealthReport.ComponentStatus memory = report.components().stream()
                .filter(c -> c.name().equals("dev.strata.core.internal.MemoryStore")).findFirst().orElseThrow();
        assertTrue(memory.ok(), report.format());
        assertTrue(report.healthy(), report.format());
        assertTrue(report.format().contains("STRATA HEALTHY"), report.format());
    }

    /** Stores and repositories are configurations: a runtime without Config Admin cannot have any. */
    @Test
    void withoutConfigAdminTheReportIsUnhealthyAndSaysWhy() {
        HealthReport running = Health.check(Services.context(), false);
        assertTrue(running.configAdminPresent(), running.format());
        HealthReport without = new HealthReport(running.bundles(), running.components(), true, false);
        assertFalse(without.healthy());
        assertTrue(without.format().contains("No Configuration Admin service is running"), without.format());
        assertTrue(without.format().contains("STRATA UNHEALTHY"), without.format());
    }

    @Test
    void fragmentsAreJudgedByResolutionEvenWhenActiveIsRequired() {
        // The fragment itself can never be ACTIVE, but fragments are judged by resolution only.
        HealthReport report = Health.check(Services.context(), true);
        HealthReport.BundleStatus fragment = report.bundles().stream()
                .filter(b -> b.symbolicName().equals("dev.strata.core.tests")).findFirst().orElseThrow();
        assertEquals("RESOLVED", fragment.state());
        assertTrue(fragment.ok(), report.format());
    }
}
