package dev.strata.rcp.internal;

import java.util.Arrays;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/**
 * The Strata workbench. With {@code -strata.selfcheck} it opens the workbench window, checks that
 * every Strata bundle is ACTIVE and its components satisfied, prints the report, closes and
 * exits non-zero if anything is wrong: how the build proves the product really starts. With
 * {@code -strata.startupreport} it prints the start-up figures once the window is up and closes.
 */
public final class StrataApplication implements IApplication {

    static final String SELF_CHECK = "-strata.selfcheck";
    /** Prints how long the window took to open and what it cost, then closes: the start-up benchmark. */
    static final String STARTUP_REPORT = "-strata.startupreport";

    @Override
    public Object start(IApplicationContext context) {
        List<String> args = Arrays.asList((String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS));
        Display display = PlatformUI.createDisplay();
        try {
            StrataWorkbenchAdvisor advisor = new StrataWorkbenchAdvisor(args.contains(SELF_CHECK),
                    args.contains(STARTUP_REPORT));
            int code = PlatformUI.createAndRunWorkbench(display, advisor);
            if (advisor.selfCheckFailed()) {
                return 1;
            }
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
