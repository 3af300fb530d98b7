package dev.strata.core;

import org.osgi.annotation.versioning.ProviderType;

/** A point in a session's uncommitted work that {@link Session#rollbackTo} can return to. */
@ProviderType
public interface Savepoint {
    /** The session that made it; a savepoint is valid only there, until the next commit or rollback. */
    Session session();
}
