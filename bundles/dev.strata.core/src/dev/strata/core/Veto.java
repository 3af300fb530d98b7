package dev.strata.core;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A check that runs before every commit and may reject it. Register one as an OSGi service to
 * check every repository's commits (filter on {@link PendingCommit#repository()} if needed), or
 * add one to a single session with {@link Session#addVeto}.
 */
@ConsumerType
@FunctionalInterface
public interface Veto {

    /**
     * Rejects the commit by throwing.
     *
     * @throws VetoException with one reason per problem; the commit is not attempted
     */
    void check(PendingCommit commit) throws VetoException;
}
