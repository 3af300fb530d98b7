package dev.strata.console.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    final ModelNames names = new ModelNames(this);
    final Printing print = new Printing(this);
    final QueryCommands query = new QueryCommands(this);
    final EditCommands edit = new EditCommands(this);
    final WorkCommands work = new WorkCommands(this);
    final StoreCommands store = new StoreCommands(this);
    final ModelFileCommands files = new ModelFileCommands(this);

    Console(Supplier<List<Repository>> repositories) {
        this.repositories = repositories;
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
            session = repository().openSession();
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
            throw fail("No repository '" + name + "' (one of " + names(all) + ")");
        }
        if (session != null && session.isDirty() && !name.equals(current)) {
            throw fail("Repository '" + current + "' has pending changes: strata:commit or strata:rollback first");
        }
        if (!name.equals(current)) {
            endSession();
        }
        current = name;
        return "Using repository " + name + " (store " + repository().store().name() + ")";
    }

    synchronized void repositoryGone(Repository repository) {
        if (repository.name().equals(current)) {
            endSession();
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
