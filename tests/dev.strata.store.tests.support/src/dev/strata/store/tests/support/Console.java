package dev.strata.store.tests.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;

import dev.strata.core.contract.Await;

/** A Gogo session that runs console lines as a user types them and gives back what they print. */
public final class Console implements AutoCloseable {

    private final CommandSession session;

    public Console(BundleContext context) {
        CommandProcessor gogo = Await.service(context, CommandProcessor.class, null);
        this.session = gogo.createSession(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    /** Runs a line; its result as the console shows it. */
    public String run(String line) throws Exception {
        Object result = session.execute(line);
        return result == null ? "" : String.valueOf(session.format(result, Converter.INSPECT));
    }

    /** Removes a store configuration the test may not have got to make. */
    public void unconfigure(String name) {
        try {
            session.execute("strata:unconfigure " + name);
        } catch (Exception e) {
            // not made
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
