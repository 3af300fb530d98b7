package dev.strata.console.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 * headless, then exits: 0 when everything succeeded, 1 at the first failure (a script that cannot
 * be read included), 2 for bad arguments.
 */
public final class HeadlessApplication implements IApplication {

    static final String GOGO_RUNTIME = "org.apache.felix.gogo.runtime";
    private static final long WAIT_SECONDS = 30;

    /** One unit of work: a command line or the text of a script file. */
    record Step(String label, String text) {
    }

    /** A script file that cannot be run: missing, a directory, unreadable or not UTF-8. */
    static final class ScriptException extends Exception {
        private static final long serialVersionUID = 1L;

        ScriptException(String message) {
            super(message);
        }
    }

    private final PrintStream out;
    private final PrintStream err;

    public HeadlessApplication() {
        // Streams on the process's own descriptors: Gogo points System.out at the session while a
        // command runs, so handing it System.out would make anything a command prints loop back
        // into itself.
        this(new PrintStream(new FileOutputStream(FileDescriptor.out), true),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    }

    HeadlessApplication(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Object start(IApplicationContext appContext) {
        try {
            return launch(appContext);
        } catch (Exception | LinkageError e) {
            // Thrown out of start(), it would only reach the log file and the exit code would not say.
            err.println("strata: " + e);
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int launch(IApplicationContext appContext) throws Exception {
        String[] args = (String[]) appContext.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        List<Step> steps;
        try {
            steps = parse(args == null ? new String[0] : args);
        } catch (ScriptException e) {
            err.println("strata: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("strata: " + e.getMessage());
            err.println("usage: -application dev.strata.console.run (-c \"command\" | -script file.gosh)...");
            return 2;
        }
        appContext.applicationRunning();
        BundleContext context = FrameworkUtil.getBundle(HeadlessApplication.class).getBundleContext();
        CommandProcessor processor = commandProcessor(context);
        if (processor == null) {
            err.println("strata: no Gogo command processor is available (is " + GOGO_RUNTIME + " installed?)");
            return 1;
        }
        CommandSession session = processor.createSession(System.in, out, err);
        StrataFirst.first(session); // a script's set, ls, status are Strata's
        StrataCommands commands = await(context, StrataCommands.class);
        try {
            return run(session, commands, steps, out, err);
        } finally {
            session.close();
        }
    }

    /**
     * Runs the steps; stops at the first failure. Pending changes left at the end (or at a
     * failure) are rolled back, with a warning, so a script never commits half its work.
     *
     * @return 0 when every step succeeded, 1 otherwise
     */
    static int run(CommandSession session, StrataCommands commands, List<Step> steps, PrintStream out,
            PrintStream err) {
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

    /**
     * Script lines, without blank lines and # comments; a line ending in \ continues on the next.
     * Lines end only at \n or \r\n: other Unicode line breaks (U+2028, U+2029, VT, FF, NEL) are
     * ordinary characters that may sit inside a value, never the start of another command.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\\r?\\n", -1)) {
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

    /** The service once DS has registered it (the commands wait for the admin service), or null. */
    private static <T> T await(BundleContext context, Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            return tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } finally {
            tracker.close();
        }
    }

    static List<Step> parse(String[] args) throws ScriptException {
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
                    steps.add(new Step("script " + file, read(file)));
                }
            }
            // Other arguments belong to the launcher (e.g. -consoleLog); they are not ours to reject.
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("nothing to run");
        }
        return steps;
    }

    /** The text of a script file, or why there is none: the message names the file. */
    static String read(Path file) throws ScriptException {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            throw new ScriptException("script " + absolute + " does not exist");
        }
        if (Files.isDirectory(absolute)) {
            throw new ScriptException("script " + absolute + " is a directory, not a file");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(absolute);
        } catch (IOException e) {
            throw new ScriptException("cannot read script " + absolute + ": " + e);
        }
        return decode(bytes, absolute);
    }

    /** Strict UTF-8: a malformed byte is an error naming its offset and line, never a replacement. */
    private static String decode(byte[] bytes, Path file) throws ScriptException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer text = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, text, true);
        if (result.isUnderflow()) {
            result = decoder.flush(text);
        }
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ScriptException(String.format("script %s is not UTF-8: byte 0x%02X at offset %d (line %d);"
                    + " save it as UTF-8", file, bytes[offset] & 0xFF, offset, line));
        }
        return text.flip().toString();
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
