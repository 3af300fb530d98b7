package dev.strata.store.jdbc.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import dev.strata.core.ModelStore;
import dev.strata.core.Progress;
import dev.strata.core.TypeRef;
import dev.strata.core.store.ForwardingStore;
import dev.strata.core.store.HistoryPolicy;
import dev.strata.store.jdbc.JdbcModelStore;
import dev.strata.store.jdbc.JdbcStoreOptions;

/** One JDBC store per factory configuration of {@code dev.strata.store.jdbc}. */
@Component(service = { ModelStore.class, JdbcModelStore.class }, configurationPid = "dev.strata.store.jdbc",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=jdbc")
@Designate(ocd = JdbcStoreComponent.Config.class, factory = true)
public final class JdbcStoreComponent extends ForwardingStore implements JdbcModelStore {

    @ObjectClassDefinition(name = "Strata JDBC store", description = "Tables derived from the model in H2, PostgreSQL or MariaDB")
    @interface Config {
        @AttributeDefinition(name = "Store name")
        String strata_store();

        @AttributeDefinition(name = "JDBC URL", description = "Empty: an embedded H2 database in <user home>/.strata/h2/<name>;"
                + " or jdbc:postgresql://…, jdbc:mariadb://…")
        String url() default "";

        @AttributeDefinition(name = "User")
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD)
        String _password() default "";

        @AttributeDefinition(name = "Schema", description = "Schema (database on MariaDB) for the tables; created if missing")
        String schema() default "";

        @AttributeDefinition(name = "Pool size", description = "Connections kept open at most", min = "1")
        int pool_size() default 4;

        @AttributeDefinition(name = "Poll interval (ms)", description = "H2 and MariaDB: how often to look for other processes' commits",
                min = "1")
        long poll_ms() default 500;

        @AttributeDefinition(name = "History kept", description = "Commits strata_commit keeps with their values:"
                + " all, <N> commits or <N> days")
        String history_keep() default "all";
    }

    private final JdbcModelStore store;

    @Activate
    public JdbcStoreComponent(Config config, @Reference EventAdmin events) {
        String name = config.strata_store();
        String url = config.url().trim();
        if (!url.isEmpty() && !url.startsWith("jdbc:")) {
            // Said here, naming the store: this is what the Stores view and strata:stores show as its failure.
            throw new IllegalArgumentException("Store '" + name + "': JDBC URL '" + url + "' does not start with jdbc:"
                    + " (e.g. jdbc:postgresql://host:5432/db); leave it empty for an embedded H2 database");
        }
        JdbcStoreOptions options = url.isEmpty()
                ? JdbcStoreOptions.h2(Path.of(System.getProperty("user.home"), ".strata", "h2"), name)
                : JdbcStoreOptions.of(url);
        options = options.withCredentials(config.user(), config._password()).withSchema(config.schema())
                .withPoolSize(config.pool_size()).withPollInterval(Duration.ofMillis(config.poll_ms()))
                .withHistory(HistoryPolicy.parse(name, config.history_keep()));
        this.store = JdbcStore.open(name, options, events, Progress.NONE);
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
    public JdbcStoreOptions options() {
        return store.options();
    }

    @Override
    public String database() {
        return store.database();
    }

    @Override
    public String tableOf(TypeRef type) {
        return store.tableOf(type);
    }

    @Override
    public boolean preparesCommits() {
        return store.preparesCommits();
    }

    @Override
    public dev.strata.core.CommitResult prepare(dev.strata.core.ChangeSet changes, String txId) {
        return store.prepare(changes, txId);
    }

    @Override
    public void commitPrepared(String txId) {
        store.commitPrepared(txId);
    }

    @Override
    public void rollbackPrepared(String txId) {
        store.rollbackPrepared(txId);
    }

    @Override
    public java.util.List<String> preparedIds(String prefix) {
        return store.preparedIds(prefix);
    }

    @Override
    public void close() {
        store.close();
    }
}
