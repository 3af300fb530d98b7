package dev.strata.store.file.internal;

import java.nio.file.Path;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;

/** One file store per factory configuration of {@code dev.strata.store.file}. */
@Component(service = { ModelStore.class, FileModelStore.class }, configurationPid = "dev.strata.store.file",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=file")
@Designate(ocd = FileStoreComponent.Config.class, factory = true)
public final class FileStoreComponent extends ForwardingStore implements FileModelStore {

    @ObjectClassDefinition(name = "Strata file store", description = "A snapshot plus a journal in one directory")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "Directory", description = "Empty: <user home>/.strata/stores/<name>")
        String directory() default "";

        @AttributeDefinition(name = "Snapshot format", description = "xmi is readable by any EMF tool; binary opens fastest",
                options = { @Option(value = "xmi"), @Option(value = "binary"), @Option(value = "json") })
        String format() default "xmi";

        @AttributeDefinition(name = "Durability", description = "sync forces each commit to disk before acknowledging it; none lets the OS flush",
                options = { @Option(value = "sync"), @Option(value = "none") })
        String durability() default "sync";

        @AttributeDefinition(name = "Compact after (MB)", description = "Journal size that triggers compaction; 0 = never", min = "0")
        long compact_after_mb() default 64;

        @AttributeDefinition(name = "History kept", description = "Commits the log keeps, also after compaction:"
                + " all, <N> commits or <N> days")
        String history_keep() default "all";
    }

    private final FileStore store;

    @Activate
    public FileStoreComponent(Config config, @Reference EventAdmin events) {
        String dir = config.directory().isBlank()
                ? Path.of(System.getProperty("user.home"), ".strata", "stores", config.strata_store()).toString()
                : config.directory().trim();
        if (!Path.of(dir).isAbsolute()) {
            // Relative to what? The working directory of whatever process started the store is no place for data.
            throw new IllegalArgumentException("Store '" + config.strata_store() + "': directory '" + dir
                    + "' is not an absolute path (~ is not expanded)");
        }
        boolean sync = switch (config.durability().trim().toLowerCase(java.util.Locale.ROOT)) {
            case "sync" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("Store '" + config.strata_store() + "': durability '"
                    + config.durability() + "' is not sync or none");
        };
        FileStoreOptions options = new FileStoreOptions(Path.of(dir), FileStoreOptions.Format.parse(config.format()),
                sync, config.compact_after_mb() << 20,
                HistoryPolicy.parse(config.strata_store(), config.history_keep()));
        this.store = FileStore.open(config.strata_store(), options, events, Progress.NONE);
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    protected ModelStore delegate() {
        return store;
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
    public java.util.Optional<String> notice() {
        return store.notice(); // this service is the store, not a layer over it
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
