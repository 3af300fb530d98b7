package dev.strata.console.internal;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Where the framework property {@code strata.console.first} is true (the Strata product sets it),
 * a console finds Strata's commands before others of the same name. Gogo's shell looks in scope
 * {@code gogo} first, so {@code set} was Gogo's variable assignment and {@code ls} its file listing,
 * and Equinox answered {@code status}: each ran, silently, as something else. The other commands
 * stay reachable by their scope ({@code gogo:set}, {@code equinox:status}).
 */
@Component(service = CommandSessionListener.class)
public final class StrataFirst implements CommandSessionListener {

    static final String PROPERTY = "strata.console.first";

    private boolean enabled;

    @Activate
    void activate(BundleContext context) {
        enabled = Boolean.parseBoolean(context.getProperty(PROPERTY));
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence command) {
        if (enabled) {
            first(session);
        }
    }

    /** Puts scope strata first in the session's search order (its SCOPE variable), once. */
    static void first(CommandSession session) {
        // SCOPE is a list of scope names separated by ':', '*' for any; Gogo's shell sets 'gogo:*'.
        Object scope = session.get("SCOPE");
        String now = scope == null ? "*" : scope.toString();
        if (!now.startsWith("strata:")) {
            session.put("SCOPE", "strata:" + now);
        }
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
        // nothing to undo: a user's own SCOPE set later is kept behind strata's
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence command, Object result) {
        // as above
    }
}
