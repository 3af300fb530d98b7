package dev.strata.store.log.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.ModelStore;
import dev.strata.core.Repositories;
import dev.strata.core.contract.ModelStoreContractTest;
import dev.strata.store.log.LogModelStore;
import dev.strata.store.log.LogStores;

/** The store contract on a log store over a memory store, logging every operation. */
class LogOverMemoryContractTest extends ModelStoreContractTest {

    private final List<LogModelStore> made = new ArrayList<>();

    @Override
    protected ModelStore createStore(String name) throws IOException {
        Path file = Files.createTempDirectory("strata-log-contract").resolve(name + ".jsonl");
        LogModelStore[] log = new LogModelStore[1];
        // The wrapped store's events reach the log store at once, which announces them under its own name.
        EventAdmin relay = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                log[0].handleEvent(event);
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        log[0] = LogStores.open(name, Repositories.memoryStore(name + "_wrapped", relay), file,
                LogModelStore.Operations.ALL, events);
        made.add(log[0]);
        return log[0];
    }

    @Override
    protected void disposeStore(ModelStore s) throws IOException {
        LogModelStore log = (LogModelStore) s;
        log.close();
        Files.deleteIfExists(log.file());
        Files.deleteIfExists(log.file().getParent());
    }

    /** Every operation of the test has its line, and no line was lost. */
    @AfterEach
    final void everyOperationWasWritten() throws IOException {
        for (LogModelStore log : made) {
            long lines = log.figures().get("lines");
            assertEquals(0L, log.figures().get("unwritten"), log.name());
            assertTrue(lines > 0, "no line written for " + log.name());
            assertEquals(lines, Files.readAllLines(log.file()).size(), "lines in " + log.file());
        }
    }
}
