package dev.strata.core.contract;

import java.io.IOException;
import java.net.URL;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.uml2.uml.UMLPackage;
import org.eclipse.uml2.uml.resources.util.UMLResourcesUtil;

/**
 * Models nobody at Strata wrote, loaded by plain EMF: what stores must give back exactly.
 * <ul>
 * <li>{@link #ecoreMetamodel()}: {@code model/Ecore.ecore} from the {@code org.eclipse.emf.ecore}
 * bundle (generic types, eType/eGenericType, super types, annotations, data types with instance
 * class names).</li>
 * <li>{@link #umlMetamodelAsEcore()}: {@code model/UML.ecore} from UML2 (13,298 objects, references to
 * {@code Types.ecore} and Ecore in other resources).</li>
 * <li>{@link #uml(String)}: the {@code .uml} models shipped in {@code org.eclipse.uml2.uml.resources}:
 * UML's own metamodel (stereotype applications as further roots, {@code pathmap://} references,
 * subsets such as {@code Association.ownedEnd} of {@code memberEnd}), profiles and libraries.</li>
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

    /** UML2's metamodel as Ecore, as EMF loads it from the UML2 bundle (other resources left as proxies). */
    public static List<EObject> umlMetamodelAsEcore() throws IOException {
        URL url = UMLPackage.class.getResource("/model/UML.ecore");
        if (url == null) {
            throw new IOException("model/UML.ecore is not in the org.eclipse.uml2.uml bundle");
        }
        return load(URI.createURI(url.toString()));
    }

    /** The shipped UML models, by their pathmap names. */
    public static final List<String> UML_MODELS = List.of("UML_METAMODELS/UML.metamodel.uml",
            "UML_METAMODELS/Ecore.metamodel.uml", "UML_PROFILES/Standard.profile.uml",
            "UML_PROFILES/Ecore.profile.uml", "UML_PROFILES/UML2.profile.uml",
            "UML_LIBRARIES/UMLPrimitiveTypes.library.uml", "UML_LIBRARIES/EcorePrimitiveTypes.library.uml",
            "UML_LIBRARIES/JavaPrimitiveTypes.library.uml", "UML_LIBRARIES/XMLPrimitiveTypes.library.uml");

    /**
     * The roots of a UML model shipped with UML2 ({@code pathmap://} name such as
     * {@code UML_METAMODELS/UML.metamodel.uml}), loaded as UML2 loads it outside Eclipse. UML2's
     * registrations (packages, resource factories, pathmaps, profile packages) go into EMF's global
     * registries, so that sessions resolve the model's references to other resources too.
     */
    public static List<EObject> uml(String pathmap) throws IOException {
        UMLResourcesUtil.initGlobalRegistries();
        ResourceSet set = new ResourceSetImpl();
        Resource r;
        try {
            r = set.getResource(URI.createURI("pathmap://" + pathmap), true);
        } catch (RuntimeException e) {
            throw new IOException("UML2 cannot load pathmap://" + pathmap + ": " + e.getMessage(), e);
        }
        if (!r.getErrors().isEmpty()) {
            throw new IOException("UML2 cannot load pathmap://" + pathmap + ": " + r.getErrors().get(0).getMessage());
        }
        return List.copyOf(r.getContents());
    }

    /** Every EPackage whose classes the objects under these roots are instances of. */
    public static List<EPackage> packagesOf(List<? extends EObject> roots) {
        java.util.Set<EPackage> packages = new java.util.LinkedHashSet<>();
        for (EObject root : roots) {
            packages.add(root.eClass().getEPackage());
            for (var it = root.eAllContents(); it.hasNext();) {
                packages.add(it.next().eClass().getEPackage());
            }
        }
        return List.copyOf(packages);
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
