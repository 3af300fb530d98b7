package dev.strata.store.file.internal;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ChangeSet;
import dev.strata.core.CommitResult;
import dev.strata.core.IndexDef;
import dev.strata.core.Migration;
import dev.strata.core.ModelStore;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Query;
import dev.strata.core.Record;
import dev.strata.core.TypeRef;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;

/** One file store per factory configuration of {@code dev.strata.store.file}. */
@Component(service = { ModelStore.class, FileModelStore.class }, configurationPid = "dev.strata.store.file",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=file")
@Designate(ocd = FileStoreComponent.Config.class, factory = true)
public final class FileStoreComponent implements FileModelStore {

    @ObjectClassDefinition(name = "Strata file store", description = "A snapshot plus a journal in one directory")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Directory", description = "Default: <user home>/.strata/stores/<name>")
        String directory() default "";

        @AttributeDefinition(name = "Snapshot format", description = "xmi (readable by any EMF tool), binary or json")
        String format() default "xmi";

        @AttributeDefinition(name = "Durability", description = "sync: force each commit to disk before acknowledging it; none: let the OS flush")
        String durability() default "sync";

        @AttributeDefinition(name = "Compact after (MB)", description = "Journal size that triggers compaction; 0 = never")
        long compact_after_mb() default 64;
    }

    private final FileStore store;

    @Activate
    public FileStoreComponent(Config config, @Reference EventAdmin events) {
        String dir = config.directory().isBlank()
                ? Path.of(System.getProperty("user.home"), ".strata", "stores", config.strata_store()).toString()
                : config.directory();
        boolean sync = switch (config.durability().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sync" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("Store '" + config.strata_store() + "': durability '"
                    + config.durability() + "' is not sync or none");
        };
        FileStoreOptions options = new FileStoreOptions(Path.of(dir), FileStoreOptions.Format.parse(config.format()),
                sync, config.compact_after_mb() << 20);
        this.store = FileStore.open(config.strata_store(), options, events, Progress.NONE);
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public Set<Capability> capabilities() {
        return store.capabilities();
    }

    @Override
    public Optional<Record> load(ObjectId id) {
        return store.load(id);
    }

    @Override
    public Map<ObjectId, Record> loadAll(Collection<ObjectId> ids) {
        return store.loadAll(ids);
    }

    @Override
    public void declareIndexes(Collection<IndexDef> indexes) {
        store.declareIndexes(indexes);
    }

    @Override
    public Collection<IndexDef> indexes() {
        return store.indexes();
    }

    @Override
    public List<Record> query(Query query) {
        return store.query(query);
    }

    @Override
    public Map<Object, Long> countBy(TypeRef type, String feature) {
        return store.countBy(type, feature);
    }

    @Override
    public Map<String, Integer> modelVersions() {
        return store.modelVersions();
    }

    @Override
    public List<String> appliedMigrations() {
        return store.appliedMigrations();
    }

    @Override
    public void initModelVersion(String nsUri, int version) {
        store.initModelVersion(nsUri, version);
    }

    @Override
    public void migrate(Migration migration) {
        store.migrate(migration);
    }

    @Override
    public List<dev.strata.core.LoggedCommit> log(long afterSequence, int max) {
        return store.log(afterSequence, max);
    }

    @Override
    public void rebuildIndex(IndexDef index) {
        store.rebuildIndex(index);
    }

    @Override
    public List<Record> roots() {
        return store.roots();
    }

    @Override
    public CommitResult commit(ChangeSet changes) {
        return store.commit(changes);
    }

    @Override
    public Path directory() {
        return store.directory();
    }

    @Override
    public long journalSize() {
        return store.journalSize();
    }

    @Override
    public void compact() {
        store.compact();
    }

    @Override
    public void close() {
        store.close();
    }
}
