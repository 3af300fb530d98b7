package dev.strata.core.contract;

import java.io.IOException;
import java.net.URL;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

/**
 * Models nobody at Strata wrote, loaded by plain EMF: what stores must give back exactly.
 * <ul>
 * <li>{@link #ecoreMetamodel()}: {@code model/Ecore.ecore} from the {@code org.eclipse.emf.ecore}
 * bundle (generic types, eType/eGenericType, super types, annotations, data types with instance
 * class names).</li>
 * </ul>
 * To add a model of one's own, load it the same way (a resource set with the file's resource
 * factory) and hand its roots to {@code ModelStoreContractTest.assertRoundTrip}.
 */
public final class Corpus {

    private Corpus() {
    }

    /** The roots of Ecore's own metamodel as EMF loads it from the Ecore bundle. */
    public static List<EObject> ecoreMetamodel() throws IOException {
        URL url = EcorePackage.class.getResource("/model/Ecore.ecore");
        if (url == null) {
            throw new IOException("model/Ecore.ecore is not in the org.eclipse.emf.ecore bundle");
        }
        return load(URI.createURI(url.toString()));
    }

    /** The roots of an Ecore or XMI file as EMF loads it, in a resource set of its own. */
    public static List<EObject> load(URI uri) throws IOException {
        ResourceSet set = new ResourceSetImpl();
        Resource r = new EcoreResourceFactoryImpl().createResource(uri);
        set.getResources().add(r);
        r.load(null);
        if (!r.getErrors().isEmpty()) {
            throw new IOException("EMF cannot load " + uri + ": " + r.getErrors().get(0).getMessage());
        }
        return List.copyOf(r.getContents());
    }
}
