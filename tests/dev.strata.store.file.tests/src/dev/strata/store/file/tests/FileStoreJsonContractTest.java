package dev.strata.store.file.tests;

import dev.strata.store.file.FileStoreOptions;

/** The contract again with json snapshots. */
class FileStoreJsonContractTest extends FileStoreContractTest {

    @Override
    protected FileStoreOptions.Format format() {
        return FileStoreOptions.Format.JSON;
    }
}
