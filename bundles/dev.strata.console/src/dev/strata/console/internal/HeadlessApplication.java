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
        // Streams on the process's own descriptors: Gogo points System.out at the session while a
        // command runs, so handing it System.out would make anything a command prints loop back
        // into itself.
        java.io.PrintStream out = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        java.io.PrintStream err = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        CommandSession session = processor.createSession(System.in, out, err);
        StrataCommands commands = service(context, StrataCommands.class);
        try {
            return run(session, commands, steps, out, err);
        } finally {
            session.close();
            out.flush();
        }
    }

    /**
     * Runs the steps; stops at the first failure. Pending changes left at the end (or at a
     * failure) are rolled back, with a warning, so a script never commits half its work.
     *
     * @return 0 when every step succeeded, 1 otherwise
     */
    static int run(CommandSession session, StrataCommands commands, List<Step> steps, java.io.PrintStream out,
            java.io.PrintStream err) {
        int status = 0;
        run: for (Step step : steps) {
            List<String> lines = lines(step.text());
            for (int i = 0; i < lines.size(); i++) {
                try {
                    Object result = session.execute(lines.get(i));
                    if (result != null) {
                        out.println(session.format(result, Converter.INSPECT));
                    }
                } catch (Exception e) {
                    String where = lines.size() == 1 ? step.label() : step.label() + ", command " + (i + 1) + " '"
                            + lines.get(i) + "'";
                    err.println("strata: " + where + " failed: " + e.getMessage());
                    status = 1;
                    break run;
                }
            }
        }
        int pending = commands == null ? 0 : commands.discard(session);
        if (pending > 0) {
            err.println("strata: " + pending + " object(s) had uncommitted changes; they were rolled back");
        }
        return status;
    }

    /** Script lines, without blank lines and # comments; a line ending in \ continues on the next. */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            lines.add(pending.toString());
            pending.setLength(0);
        }
        if (!pending.isEmpty()) {
            lines.add(pending.toString());
        }
        return lines;
    }

    private static <T> T service(BundleContext context, Class<T> type) {
        var ref = context.getServiceReference(type);
        return ref == null ? null : context.getService(ref);
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
