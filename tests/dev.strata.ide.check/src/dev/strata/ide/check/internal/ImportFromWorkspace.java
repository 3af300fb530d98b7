package dev.strata.ide.check.internal;

import java.time.Duration;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.osgi.framework.FrameworkUtil;

import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.core.admin.StrataAdmin;
import dev.strata.example.tasks.TasksPackage;

/** Imports a workspace file into a new repository on the first-use store. Runs off the UI thread. */
final class ImportFromWorkspace {

    private ImportFromWorkspace() {
    }

    static void run(IFile file, String repository) throws Exception {
        var context = FrameworkUtil.getBundle(ImportFromWorkspace.class).getBundleContext();
        StrataAdmin admin = context.getService(context.getServiceReference(StrataAdmin.class));
        admin.configureRepository(repository, "default", List.of(TasksPackage.eNS_URI));
        if (!admin.awaitRepository(repository, Duration.ofSeconds(30))) {
            throw new AssertionError("repository " + repository + " did not come up");
        }
        Repository r = admin.repository(repository).orElseThrow();
        ResourceSetImpl set = new ResourceSetImpl();
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("xmi", new XMIResourceFactoryImpl());
        Resource resource = set.getResource(URI.createFileURI(file.getLocation().toOSString()), true);
        try (Session s = r.openSession()) {
            for (EObject root : List.copyOf(resource.getContents())) {
                s.add(EcoreUtil.copy(root));
            }
            s.commit("imported " + file.getFullPath());
        }
    }
}
