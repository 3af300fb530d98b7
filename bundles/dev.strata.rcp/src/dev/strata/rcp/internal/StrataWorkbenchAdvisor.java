package dev.strata.rcp.internal;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.diagnostics.Health;
import dev.strata.core.diagnostics.HealthReport;

final class StrataWorkbenchAdvisor extends WorkbenchAdvisor {

    private final boolean selfCheck;
    private final boolean startupReport;
    private volatile boolean selfCheckFailed;
    /** How long the self-check waits for the Model Explorer to show the default repository. */
    private static final long EXPLORER_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    StrataWorkbenchAdvisor(boolean selfCheck, boolean startupReport) {
        this.selfCheck = selfCheck;
        this.startupReport = startupReport;
    }

    boolean selfCheckFailed() {
        return selfCheckFailed;
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return dev.strata.ui.StrataViews.PERSPECTIVE;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WorkbenchWindowAdvisor(configurer) {
            @Override
            public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer actionBars) {
                return new StrataActionBarAdvisor(actionBars);
            }

            @Override
            public void preWindowOpen() {
                configurer.setInitialSize(new org.eclipse.swt.graphics.Point(1200, 800));
                configurer.setShowStatusLine(true);
                configurer.setShowProgressIndicator(true);
                configurer.setTitle("Strata");
            }
        };
    }

    @Override
    public void postStartup() {
        if (!selfCheck && !startupReport) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        // Measured once the window has painted (the first idle turn after opening), before any wait.
        display.asyncExec(() -> System.out.println(StartupFigures.now()));
        if (!selfCheck) {
            display.asyncExec(() -> PlatformUI.getWorkbench().close());
            return;
        }
        // Let the window finish opening and painting before judging it.
        long deadline = System.nanoTime() + EXPLORER_WAIT_NANOS;
        display.asyncExec(() -> display.timerExec(500, () -> runSelfCheck(deadline)));
    }

    private void runSelfCheck(long explorerDeadline) {
        var window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        boolean windowOpen = window != null && window.getShell() != null && window.getShell().isVisible();
        // The default store starts and the explorer fills in the background: wait for its row.
        boolean defaults = Boolean.parseBoolean(FrameworkUtil.getBundle(getClass()).getBundleContext()
                .getProperty("strata.defaults"));
        java.util.List<String> rows = windowOpen ? ExplorerCheck.rows(window.getShell()) : java.util.List.of();
        boolean explorerShown = !defaults || rows.contains(ExplorerCheck.EXPECTED);
        if (windowOpen && !explorerShown && System.nanoTime() < explorerDeadline) {
            window.getShell().getDisplay().timerExec(250, () -> runSelfCheck(explorerDeadline));
            return;
        }
        HealthReport report = Health.check(FrameworkUtil.getBundle(getClass()).getBundleContext(), true);
        System.out.println("Strata self-check: workbench window " + (windowOpen ? "open" : "NOT open")
                + " (" + (window == null ? "none" : window.getShell().getText()) + ")");
        java.util.List<String> missingMenus = java.util.List.of("the whole menu bar");
        if (windowOpen) {
            var menus = MenuCheck.shown(window.getShell());
            missingMenus = MenuCheck.missing(menus);
            System.out.println("Strata self-check: menus " + menus);
            if (!missingMenus.isEmpty()) {
                System.out.println("Strata self-check: menu items MISSING: " + String.join(", ", missingMenus));
            }
        }
        if (defaults) {
            System.out.println("Strata self-check: Model Explorer rows " + rows
                    + (explorerShown ? "" : " -- MISSING the default repository row '" + ExplorerCheck.EXPECTED + "'"));
        }
        System.out.print(report.format());
        System.out.flush();
        selfCheckFailed = !windowOpen || !missingMenus.isEmpty() || !explorerShown || !report.healthy();
        PlatformUI.getWorkbench().close();
    }
}
