package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.Packages;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.wire.ModelFiles;

/**
 * File > Import: reads a model file (XMI, Ecore, JSON, UML…: {@link ModelFiles}) and commits its root
 * objects, as new objects, to an existing repository or to a new one made on a running store for
 * the packages the file uses. The file's ids are kept (as xmi ids), and validation reports what
 * it finds instead of refusing the commit, as for any import. Nothing is committed if the file
 * cannot be read or holds objects of packages the repository lacks, and a repository this job made
 * is removed again if the import fails.
 */
public final class ImportModelJob extends Job {

    private final StrataAdmin admin;
    private final Path file;
    private final String repository;
    private final String newOnStore;
    private volatile String outcome;
    /** Whether this job configured the repository (and so removes it if the import fails). */
    private boolean made;

    /**
     * @param newOnStore the running store to make the repository on, or null to import into the
     *                   existing repository of that name
     */
    public ImportModelJob(StrataAdmin admin, Path file, String repository, String newOnStore) {
        super("Importing " + file.getFileName() + " into repository " + repository);
        this.admin = admin;
        this.file = file;
        this.repository = repository;
        this.newOnStore = newOnStore;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        IStatus status = importFile(SubMonitor.convert(monitor, getName(), 100));
        if (!status.isOK() && made) {
            // A failed import leaves no empty repository behind to be mistaken for its result.
            admin.remove(repository);
            admin.awaitGone(repository, StrataAdmin.WAIT); // a retry under the name must not see this one
            return failed(outcome + " Repository '" + repository + "' was removed again.");
        }
        return status;
    }

    private IStatus importFile(SubMonitor progress) {
        try {
            progress.subTask("Reading " + file);
            List<EObject> roots = new ArrayList<>(ModelFiles.load(file).getContents());
            progress.worked(40);
            if (roots.isEmpty()) {
                return failed(file + " holds no objects: nothing to import.");
            }
            Set<EPackage> used = new LinkedHashSet<>();
            int objects = 0;
            for (Iterator<EObject> it = EcoreUtil.getAllProperContents(roots, false); it.hasNext(); objects++) {
                used.add(it.next().eClass().getEPackage());
            }
            if (newOnStore != null) {
                String problem = configure(used);
                if (problem != null) {
                    return failed(problem);
                }
            }
            progress.setWorkRemaining(60);
            Repository repo = admin.repository(repository).orElse(null);
            if (repo == null) {
                return failed("Repository '" + repository + "' is not running: its store may have stopped.");
            }
            Set<String> known = new TreeSet<>();
            Packages.withSubpackages(repo.packages()).forEach(p -> known.add(p.getNsURI()));
            List<String> unknown = used.stream().map(EPackage::getNsURI).filter(u -> !known.contains(u)).toList();
            if (!unknown.isEmpty()) {
                return failed("Cannot import " + file.getFileName() + " into repository '" + repository
                        + "': it holds objects of packages the repository was not made with: "
                        + String.join(", ", unknown) + ". Import it into a new repository instead.");
            }
            progress.subTask("Committing " + objects + " objects");
            try (Session s = repo.openSession()) {
                s.importRoots(roots);
                s.commit("Import " + file.getFileName());
            }
            progress.worked(60);
            outcome = "Imported " + roots.size() + " root object(s), " + objects + " in all, from " + file.getFileName()
                    + " into repository '" + repository + "'.";
            return Status.OK_STATUS;
        } catch (IOException | RuntimeException e) {
            return failed(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** Makes the new repository for the packages the file uses; says why not, or null. */
    private String configure(Set<EPackage> used) {
        List<String> nsUris = new ArrayList<>();
        for (EPackage p : used) {
            // A repository is made of registered packages: a package only the file declares has no code here.
            if (EPackage.Registry.INSTANCE.getEPackage(p.getNsURI()) == null) {
                return "Package " + p.getNsURI() + " used in " + file.getFileName() + " is not registered here: make a"
                        + " repository with its .ecore (File > New > Strata Repository…) and import into that.";
            }
            nsUris.add(p.getNsURI());
        }
        admin.configureRepository(repository, newOnStore, nsUris);
        made = true;
        if (!admin.awaitRepository(repository, StrataAdmin.WAIT)) {
            return "Repository '" + repository + "' was configured on store '" + newOnStore + "' but did not start "
                    + admin.repositoryFailure(repository).map(why -> "(" + why + ")")
                            .orElse("within " + StrataAdmin.WAIT.toSeconds() + " s") + "; nothing was imported.";
        }
        return null;
    }

    private IStatus failed(String message) {
        outcome = message;
        return Status.error(message);
    }

    /** What happened, for the user. Read once the job is done. */
    public String outcome() {
        return outcome;
    }

    @Override
    public boolean belongsTo(Object family) {
        return StrataJobs.belongs(family, StrataJobs.IMPORT);
    }
}
