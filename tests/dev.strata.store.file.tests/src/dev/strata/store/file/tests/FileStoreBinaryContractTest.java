package dev.strata.store.file.tests;

import dev.strata.store.file.FileStoreOptions;

/** The contract again with binary snapshots. */
class FileStoreBinaryContractTest extends FileStoreContractTest {

    @Override
    protected FileStoreOptions.Format format() {
        return FileStoreOptions.Format.BINARY;
    }
}
