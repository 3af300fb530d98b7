package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.core.Packages;
import dev.strata.core.Session;

/** The commands {@code export} and {@code import}: the repository's root objects to and from model files. */
final class ModelFiles {

    private final Console console;

    ModelFiles(Console console) {
        this.console = console;
    }

    /**
     * A resource for the file, in the set: JSON, XMI, Ecore, or any file type a model bundle has
     * registered a resource factory for with EMF (UML2's .uml, for one), so that such a file is
     * read with its own load options and URI mappings.
     */
    private static Resource resourceFor(Path file, ResourceSet set) {
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        String extension = uri.fileExtension() == null ? "" : uri.fileExtension();
        Resource r;
        if (extension.equals("json")) {
            ObjectMapper mapper = new ObjectMapper();
            EMFModule module = new EMFModule();
            module.configure(EMFModule.Feature.OPTION_USE_ID, true);
            mapper.registerModule(module);
            r = new JsonResource(uri, mapper);
        } else if (extension.equals("xmi") || extension.equals("xml")) {
            r = new XMIResourceImpl(uri);
        } else if (extension.equals("ecore")) {
            r = new EcoreResourceFactoryImpl().createResource(uri); // registered only where plug-in.xml files are read
        } else if (Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().containsKey(extension)) {
            return set.createResource(uri);
        } else {
            List<String> known = new ArrayList<>(Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().keySet());
            known.removeIf(k -> k.equals(Resource.Factory.Registry.DEFAULT_EXTENSION));
            known.addAll(List.of("xmi", "xml", "json", "ecore"));
            throw fail("Use a file ending in .xmi or .json, or in another extension EMF has a resource factory for ("
                    + known.stream().distinct().sorted().collect(Collectors.joining(", ")) + "), not "
                    + file.getFileName());
        }
        set.getResources().add(r);
        return r;
    }

    String export(Path file) {
        Session s = console.session();
        List<EObject> roots = s.roots();
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
        List<EObject> copies = new ArrayList<>(copier.copyAll(roots));
        copier.copyReferences();
        Resource r = resourceFor(file, new ResourceSetImpl());
        r.getContents().addAll(copies);
        for (Map.Entry<EObject, EObject> e : copier.entrySet()) {
            String id = s.xmiId(e.getKey()); // the xmi:id it was imported with, if any
            if (r instanceof XMLResource xml) {
                xml.setID(e.getValue(), id);
            } else {
                ((JsonResource) r).setID(e.getValue(), id);
            }
        }
        try {
            r.save(Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage());
        }
        return "Exported " + copier.size() + " object(s) (" + roots.size() + " roots) to " + file;
    }

    String importFile(Path file) {
        Session s = console.session();
        Resource r = resourceFor(file, new ResourceSetImpl());
        try {
            r.load(Map.of());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage());
        }
        if (!r.getErrors().isEmpty()) {
            throw new IllegalStateException("Cannot read " + file + ": " + r.getErrors().get(0).getMessage());
        }
        List<EObject> roots = new ArrayList<>(r.getContents());
        // Refused before anything enters the session: the commit would refuse it later, less clearly.
        Set<String> known = new HashSet<>();
        Packages.withSubpackages(console.repository().packages()).forEach(p -> known.add(p.getNsURI()));
        Map<String, Integer> unknown = new TreeMap<>();
        for (Iterator<EObject> it = EcoreUtil.getAllProperContents(roots, false); it.hasNext();) {
            String nsUri = it.next().eClass().getEPackage().getNsURI();
            if (!known.contains(nsUri)) {
                unknown.merge(nsUri, 1, Integer::sum);
            }
        }
        if (!unknown.isEmpty()) {
            throw fail("Cannot import " + file.getFileName() + " into repository '" + console.repository().name()
                    + "': it holds objects of packages the repository was not made with: " + unknown.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + " objects)").collect(Collectors.joining(", "))
                    + ". Make a repository with them (strata:mkrepo NAME STORE nsURI...); a package must be"
                    + " registered with EMF, by its model bundle, to be named there");
        }
        // As an import: XMI ids are kept, and validation reports instead of refusing the commit.
        s.importRoots(roots);
        return "Imported " + roots.size() + " root object(s) as new; strata:commit keeps them";
    }
}
