package dev.strata.console.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.strata.core.At;
import dev.strata.core.Repository;
import dev.strata.core.Savepoint;
import dev.strata.core.Session;

/**
 * One console's state: its current repository, its Strata session and its named savepoints. The
 * commands work on it in groups ({@link QueryCommands}, {@link EditCommands}, {@link WorkCommands},
 * {@link StoreCommands}, {@link ModelFileCommands}), resolving names through {@link ModelNames} and printing
 * through {@link Printing}; {@link StrataCommands} runs each while holding this console's lock.
 * Every command checks and parses all of its input before it changes anything, so a failed command
 * changes nothing, and failures are one line saying what, where and what was expected.
 */
final class Console {

    private final Supplier<List<Repository>> repositories;
    private final Map<String, Savepoint> savepoints = new HashMap<>();
    private String current;
    private Session session;
    /** Where the console's session stands in the past (strata:at); null for now. */
    private At past;

    final ModelNames names = new ModelNames(this);
    final Printing print = new Printing(this);
    final QueryCommands query = new QueryCommands(this);
    final EditCommands edit = new EditCommands(this);
    final WorkCommands work = new WorkCommands(this);
    final StoreCommands store = new StoreCommands(this);
    final ModelFileCommands files = new ModelFileCommands(this);

    /** Why a repository of that name is configured but not running; null if none is configured. */
    private final java.util.function.Function<String, String> notRunning;

    Console(Supplier<List<Repository>> repositories, java.util.function.Function<String, String> notRunning) {
        this.repositories = repositories;
        this.notRunning = notRunning;
    }

    /** A command's input that is wrong: the message says what, where and what was expected. */
    static IllegalArgumentException fail(String message) {
        return new IllegalArgumentException(message);
    }

    synchronized String currentName() {
        return current;
    }

    /** The current repository, chosen by itself when there is only one. */
    Repository repository() {
        List<Repository> all = repositories.get();
        if (current == null) {
            if (all.size() == 1) {
                current = all.get(0).name();
            } else {
                throw fail(all.isEmpty() ? "No repository is configured (see docs/using.md, 'In OSGi': dev.strata.repository)"
                        : "Choose a repository first: strata:use <name> (one of " + names(all) + ")");
            }
        }
        return all.stream().filter(r -> r.name().equals(current)).findFirst()
                .orElseThrow(() -> fail("Repository '" + current + "' is gone; choose another with strata:use"));
    }

    private static List<String> names(List<Repository> all) {
        return all.stream().map(Repository::name).sorted().toList();
    }

    /** The session on the current repository, opened on first use. */
    Session session() {
        if (session == null || session.isClosed()) {
            session = past == null ? repository().openSession() : repository().openSession(past);
        }
        return session;
    }

    /** The session if one is open, else null: reporting pending work must not open one. */
    Session openSession() {
        return session == null || session.isClosed() ? null : session;
    }

    Map<String, Savepoint> savepoints() {
        return savepoints;
    }

    synchronized String use(String name) {
        List<Repository> all = repositories.get();
        if (all.stream().noneMatch(r -> r.name().equals(name))) {
            String why = notRunning.apply(name);
            throw fail(why != null ? "Repository '" + name + "' is configured but not running: " + why
                    : "No repository '" + name + "' (one of " + names(all) + ")");
        }
        if (session != null && session.isDirty() && !name.equals(current)) {
            throw fail("Repository '" + current + "' has pending changes: strata:commit or strata:rollback first");
        }
        if (!name.equals(current) || past != null) {
            endSession();
        }
        current = name;
        past = null;
        return "Using repository " + name + " (store " + repository().store().name() + ")";
    }

    /**
     * Makes the console's session a read-only one of the repository as it was at a point: a commit
     * sequence, a commit id or an ISO time ({@code 2026-12-04T10:15:00Z}, or without a zone in the
     * local one); {@code now} goes back to the present, as {@code strata:use} does.
     */
    synchronized String at(String name, String point) {
        if (point.equalsIgnoreCase("now")) {
            return use(name);
        }
        At at = parsePoint(point);
        List<Repository> all = repositories.get();
        Repository repository = all.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> fail("No repository '" + name + "' (one of " + names(all) + ")"));
        if (session != null && session.isDirty()) {
            throw fail("Repository '" + current + "' has pending changes: strata:commit or strata:rollback first");
        }
        Session opened = repository.openSession(at); // fails, changing nothing, for a point outside the history
        endSession();
        current = name;
        past = at;
        session = opened;
        return "Using repository " + name + " as of " + at + ", read-only (strata:use " + name + " goes back to now)";
    }

    private static At parsePoint(String point) {
        try {
            return At.parse(point);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage() + " or now");
        }
    }

    synchronized void repositoryGone(Repository repository) {
        if (repository.name().equals(current)) {
            endSession();
            past = null;
        }
    }

    /** Rolls back and closes; returns how many objects had pending changes. */
    synchronized int close() {
        int pending = session == null || session.isClosed() ? 0
                : session.pending().values().stream().mapToInt(List::size).sum();
        endSession();
        return pending;
    }

    void endSession() {
        if (session != null) {
            session.close();
            session = null;
        }
        savepoints.clear();
    }
}
