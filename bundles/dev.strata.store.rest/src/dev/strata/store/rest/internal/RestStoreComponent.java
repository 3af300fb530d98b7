package dev.strata.store.rest.internal;

import java.net.URI;
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
import dev.strata.core.store.ForwardingStore;
import dev.strata.store.rest.RestModelStore;
import dev.strata.store.rest.RestStoreOptions;

/**
 * One REST store per factory configuration of {@code dev.strata.store.rest}. Secrets use private
 * property names ({@code .token}, {@code .password}, {@code .trust.store.password}) so that they are
 * not copied into the service's properties.
 */
@Component(service = { ModelStore.class, RestModelStore.class }, configurationPid = "dev.strata.store.rest",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, property = ModelStore.TYPE + "=rest")
@Designate(ocd = RestStoreComponent.Config.class, factory = true)
public final class RestStoreComponent extends ForwardingStore implements RestModelStore {

    @ObjectClassDefinition(name = "Strata REST store", description = "A store kept on a Strata server")
    @interface Config {
        @AttributeDefinition(name = "Store name", description = "Local store name; part of the commit event topic")
        String strata_store();

        @AttributeDefinition(name = "Server URL", description = "The server's base URL, e.g. http://127.0.0.1:8080/strata")
        String url();

        @AttributeDefinition(name = "Store on the server", description = "The store's name on the server; empty = the local name")
        String remote_store() default "";

        @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD)
        String _token() default "";

        @AttributeDefinition(name = "User (basic authentication)")
        String user() default "";

        @AttributeDefinition(name = "Password (basic authentication)", type = AttributeType.PASSWORD)
        String _password() default "";

        @AttributeDefinition(name = "Trust store", description = "For an https server whose certificate no public"
                + " authority signed (e.g. self-signed): a PKCS12 or JKS file with the certificates to trust, or the"
                + " server's certificate as a PEM or DER file; empty = the JDK's authorities")
        String trust_store() default "";

        @AttributeDefinition(name = "Trust store password", description = "Empty for a certificate file",
                type = AttributeType.PASSWORD)
        String _trust_store_password() default "";

        @AttributeDefinition(name = "Request timeout (ms)")
        long timeout_ms() default 30_000;

        @AttributeDefinition(name = "Retry for (ms)", description = "How long requests that failed on the network are retried")
        long retry_for_ms() default 30_000;
    }

    private final RestStore store;

    @Activate
    public RestStoreComponent(Config config, @Reference EventAdmin events) {
        if (config.url() == null || config.url().isBlank()) {
            throw new IllegalArgumentException("REST store '" + config.strata_store() + "': url is required, e.g."
                    + " http://127.0.0.1:8080/strata");
        }
        RestStoreOptions options = RestStoreOptions.of(URI.create(config.url().trim()))
                .withTrustStore(config.trust_store().isBlank() ? null : Path.of(config.trust_store().trim()),
                        config._trust_store_password().isEmpty() ? null : config._trust_store_password())
                .withRemoteStore(config.remote_store().isBlank() ? null : config.remote_store().trim())
                .withToken(config._token().isBlank() ? null : config._token())
                .withBasic(config.user().isBlank() ? null : config.user(), config._password())
                .withTimeout(Duration.ofMillis(config.timeout_ms()))
                .withRetryFor(Duration.ofMillis(config.retry_for_ms()));
        this.store = new RestStore(config.strata_store(), options, events);
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
    public URI url() {
        return store.url();
    }

    @Override
    public boolean streaming() {
        return store.streaming();
    }

    @Override
    public long streamPosition() {
        return store.streamPosition();
    }

    @Override
    public void close() {
        store.close();
    }
}
