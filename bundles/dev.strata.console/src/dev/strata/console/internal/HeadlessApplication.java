package dev.strata.console.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs Gogo commands ({@code -c "command"}, repeatable) and script files ({@code -script file})
 * headless, then exits: 0 when everything succeeded, 1 at the first failure, 2 for bad arguments.
 */
public final class HeadlessApplication implements IApplication {

    static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime";
    private static final long WAIT_SECONDS = 30;

    /** One unit of work: a command line or the text of a script file. */
    record Step(String label, String text) {
    }

    @Override
    public Object start(IApplicationContext appContext) throws Exception {
        String[] args = (String[]) appContext.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<Step> steps;
        try {
            steps = parse(args == null ? new String[0] : args);
        } catch (IllegalArgumentException e) {
            System.err.println("strata: " + e.getMessage());
            System.err.println("usage: -application dev.strata.console.run (-c \"command\" | -script file.gosh)...");
            return 2;
        }
        appContext.applicationRunning();
        BundleContext context = FrameworkUtil.getBundle(HeadlessApplication.class).getBundleContext();
        CommandProcessor processor = commandProcessor(context);
        if (processor == null) {
            System.err.println("strata: no Gogo command processor is available (is " + GOGO_RUNTIME
                    + " installed?)");
            return 1;
        }
        CommandSession session = processor.createSession(System.in, System.out, System.err);
        try {
            for (Step step : steps) {
                try {
                    Object result = session.execute(step.text());
                    if (result != null) {
                        System.out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    System.err.println("strata: " + step.label() + " failed: " + e.getMessage());
                    return 1;
                }
            }
            return IApplication.EXIT_OK;
        } finally {
            session.close();
            System.out.flush();
        }
    }

    static List<Step> parse(String[] args) throws IOException {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-c") || a.equals("-script")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String value = args[++i];
                if (a.equals("-c")) {
                    steps.add(new Step("command '" + value + "'", value));
                } else {
                    Path file = Path.of(value);
                    if (!Files.isReadable(file)) {
                        throw new IllegalArgumentException("cannot read script " + file.toAbsolutePath());
                    }
                    steps.add(new Step("script " + file, Files.readString(file)));
                }
            }
            // Other arguments belong to the launcher (e.g. -consoleLog); they are not ours to reject.
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("nothing to run");
        }
        return steps;
    }

    /** The Gogo runtime is not started by every installation (an IDE starts it only with -console). */
    private static CommandProcessor commandProcessor(BundleContext context) throws InterruptedException {
        ServiceTracker<CommandProcessor, CommandProcessor> tracker = new ServiceTracker<>(context,
                CommandProcessor.class, null);
        tracker.open();
        try {
            if (tracker.getService() == null) {
                for (Bundle b : context.getBundles()) {
                    if (GOGO_RUNTIME.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                        try {
                            b.start(Bundle.START_TRANSIENT);
                        } catch (BundleException e) {
                            System.err.println("strata: cannot start " + GOGO_RUNTIME + ": " + e.getMessage());
                        }
                    }
                }
            }
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } finally {
            tracker.close();
        }
    }

    @Override
    public void stop() {
        // Commands run to completion; nothing to interrupt.
    }
}
