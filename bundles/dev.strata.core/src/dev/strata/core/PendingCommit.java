package dev.strata.core;

import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.osgi.annotation.versioning.ProviderType;

/** What a {@link Veto} sees: the change set about to be committed and the objects behind it. */
@ProviderType
public interface PendingCommit {

    Repository repository();

    Session session();

    ChangeSet changes();

    /** Objects the commit creates. */
    List<EObject> created();

    /** Objects the commit changes. */
    List<EObject> changed();

    /** Objects the commit deletes (already detached from the model). */
    List<EObject> deleted();
}
