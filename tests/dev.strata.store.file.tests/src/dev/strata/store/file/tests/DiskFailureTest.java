package dev.strata.store.file.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.strata.core.ObjectState;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.StoreException;
import dev.strata.core.contract.ContractModel;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * A full disk and a read-only file system, for real: the store directory lives on a small tmpfs
 * mounted for the test (which needs root; CI runs as root).
 */
class DiskFailureTest {

    private static final ContractModel M = ContractModel.INSTANCE;
    private Path mount;

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        // In CI (CI=true, run as root) this test must run: only a developer's non-root run may skip it.
        if (System.getenv("CI") != null && !root) {
            throw new IllegalStateException("CI must run the disk-failure tests as root (they mount a small tmpfs)");
        }
        assumeTrue(root, "mounting a test tmpfs needs root; CI runs as root, so CI always runs this test");
        EPackage.Registry.INSTANCE.put(ContractModel.NS_URI, M.ePackage);
        mount = Files.createTempDirectory("strata-small-fs");
        run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", mount.toString());
            Files.deleteIfExists(mount);
        }
    }

    @Test
    void aFullDiskIsAClearErrorAndTheSessionKeepsItsChanges() {
        FileStoreOptions options = FileStoreOptions.defaults(mount.resolve("store")).withCompactAfterBytes(0);
        int committed = 0;
        EObject pending = null;
        try (FileModelStore store = FileStores.open("small", options)) {
            Repository repo = Repositories.builder("r", store).packages(M.ePackage).build();
            try (Session s = repo.openSession()) {
                StoreException failure = null;
                for (int i = 0; i < 1000 && failure == null; i++) {
                    EObject item = s.add(M.newItem("big-" + i));
                    item.eSet(M.text, "x".repeat(20_000));
                    try {
                        s.commit();
                        committed++;
                    } catch (StoreException e) {
                        failure = e;
                        pending = item;
                    }
                }
                assertTrue(failure != null, "the disk never filled up");
                assertTrue(failure.getMessage().contains("disk is full"), failure.getMessage());
                assertEquals(ObjectState.NEW, s.state(pending), "the session keeps the change");
            }
        }
        try (FileModelStore store = FileStores.open("small", options)) {
            assertEquals(committed, store.roots().size(), "every acknowledged commit, and nothing else");
        }
    }

    @Test
    void aReadOnlyDirectoryIsAClearErrorAndTheDataStaysReadable() throws Exception {
        FileStoreOptions options = FileStoreOptions.defaults(mount.resolve("store")).withCompactAfterBytes(0);
        try (FileModelStore store = FileStores.open("ro", options)) {
            store.initModelVersion("http://strata.dev/example/ro", 1);
        }
        // A file system cannot turn read-only under an open writer, so the store meets it on open.
        run("mount", "-o", "remount,ro", mount.toString());
        try {
            StoreException e = assertThrows(StoreException.class, () -> FileStores.open("ro", options));
            assertTrue(e.getMessage().contains(mount.resolve("store").toString())
                    && e.getMessage().contains("not writable"), e.getMessage());
        } finally {
            run("mount", "-o", "remount,rw", mount.toString());
        }
        try (FileModelStore store = FileStores.open("ro", options)) {
            assertEquals(1, store.modelVersions().get("http://strata.dev/example/ro"));
        }
    }
}
