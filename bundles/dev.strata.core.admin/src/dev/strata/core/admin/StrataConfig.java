package dev.strata.core.admin;

import dev.strata.core.ModelStore;
import dev.strata.core.Repository;

/**
 * The Config Admin PIDs and configuration keys of Strata's components, so that no consumer spells
 * them. Existing configurations use exactly these, so they may never change.
 */
public final class StrataConfig {

    /** Factory PID of repositories (one {@link Repository} per configuration). */
    public static final String REPOSITORY_PID = Repository.PID;

    /** A repository's name; also its service property. */
    public static final String REPOSITORY_NAME = Repository.NAME;

    /** A repository's model: the namespace URIs of its EPackages (String[]). */
    public static final String REPOSITORY_PACKAGES = "packages";

    /** Repository configuration: absolute paths or URIs of .ecore files read as the model (dynamic EMF). */
    public static final String REPOSITORY_MODELS = "models";

    /** The filter choosing a repository's store, e.g. {@code (strata.store=tasks)}. */
    public static final String REPOSITORY_STORE_TARGET = "store.target";

    /** A repository's validation: errors, warnings, report or off. */
    public static final String REPOSITORY_VALIDATION = "validation";

    /** A store's name; also its service property. */
    public static final String STORE_NAME = ModelStore.NAME;

    /**
     * What a store or repository name may be: letters, digits, '_' and '-', starting with a letter
     * or digit (it becomes part of filters and event topics).
     */
    public static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]*";

    /** A store's type (file, jdbc, ...): a service property of every store. */
    public static final String STORE_TYPE = ModelStore.TYPE;

    /** Strata's store components are configured by factory PIDs {@code dev.strata.store.<type>}. */
    public static final String STORE_PID_PREFIX = "dev.strata.store.";

    /** Factory PID of the file store. */
    public static final String FILE_STORE_PID = STORE_PID_PREFIX + "file";

    /** Factory PID of the JDBC store. */
    public static final String JDBC_STORE_PID = STORE_PID_PREFIX + "jdbc";

    /** Factory PID of the REST store. */
    public static final String REST_STORE_PID = STORE_PID_PREFIX + "rest";

    /** The file store's directory; empty means {@code <user home>/.strata/stores/<name>}. */
    public static final String FILE_DIRECTORY = "directory";

    /** PID of the Strata server's configuration. */
    public static final String SERVER_PID = "dev.strata.server";

    private StrataConfig() {
    }

    /** The filter a repository configuration uses to pick the store of this name. */
    public static String storeTarget(String store) {
        return "(" + STORE_NAME + "=" + store + ")";
    }
}
