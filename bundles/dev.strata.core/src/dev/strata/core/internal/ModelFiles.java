package dev.strata.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAnnotation;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EOperation;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

import dev.strata.core.StrataException;

/**
 * A repository's model read from {@code .ecore} files (dynamic EMF): no generated code, no bundle.
 * The packages found are registered under their namespace URIs, so that everything that looks a
 * package up by URI (sessions, imports, the console) finds them; a URI already registered keeps the
 * package it has (a generated model wins over a copy of its .ecore), and only what was registered
 * here is unregistered again. The files are read as one model: a reference from one to another
 * resolves however the tool that wrote it named the other file, and one that resolves nowhere is
 * refused with its URI.
 */
final class ModelFiles implements AutoCloseable {

    private final List<EPackage> packages = new ArrayList<>();
    private final List<String> registered = new ArrayList<>();

    private ModelFiles() {
    }

    /**
     * Loads the files of a repository's configuration.
     *
     * @param repository for messages
     * @param locations  paths or URIs of .ecore files
     * @throws StrataException naming the repository and the file if one cannot be read
     */
    static ModelFiles load(String repository, String[] locations) {
        ModelFiles files = new ModelFiles();
        try {
            files.read(repository, locations);
            return files;
        } catch (RuntimeException e) {
            files.close(); // unregisters what earlier files registered
            throw e;
        }
    }

    private void read(String repository, String[] locations) {
        ResourceSetImpl set = new ResourceSetImpl();
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new EcoreResourceFactoryImpl());
        set.setURIResourceMap(new HashMap<>());
        Given given = new Given();
        for (String location : locations) {
            String l = location.trim();
            if (l.isEmpty()) {
                continue;
            }
            Resource r;
            try {
                r = set.getResource(uri(repository, l), true);
            } catch (RuntimeException e) {
                throw new StrataException("Repository '" + repository + "': cannot read model file '" + l + "': "
                        + rootMessage(e), e);
            }
            given.uris.add(r.getURI());
            given.byName.putIfAbsent(r.getURI().lastSegment(), r.getURI());
            int before = packages.size();
            EPackage stand = null;
            boolean own = false;
            for (EObject root : r.getContents()) {
                if (root instanceof EPackage p) {
                    EPackage used = add(p);
                    own |= used == p;
                    stand = stand == null ? used : stand;
                }
            }
            if (packages.size() == before) {
                throw new StrataException("Repository '" + repository + "': model file '" + l
                        + "' holds no EPackage; is it an .ecore file?");
            }
            if (own || stand.eResource() == null) {
                given.read.put(r, l);
            } else {
                // Its package is registered already (generated code wins): that one is used, and
                // references to this file lead to it, not to an unused copy.
                set.getResources().remove(r);
                given.replaced.put(r.getURI(), stand.eResource());
                set.getURIResourceMap().put(r.getURI(), stand.eResource());
            }
        }
        resolveAcrossFiles(repository, set, given);
    }

    /** The files given, by what the references between them need. */
    private static final class Given {
        final Set<URI> uris = new HashSet<>();
        final Map<String, URI> byName = new LinkedHashMap<>();
        /** The files whose packages are used, with the location as given. */
        final Map<Resource, String> read = new LinkedHashMap<>();
        /** Files whose packages were registered already, and the registered package's resource. */
        final Map<URI, Resource> replaced = new HashMap<>();
    }

    /**
     * Resolves the references of the files. One file may name another by a location of the tool
     * that wrote it ({@code platform:/plugin/org.eclipse.uml2.types/model/Types.ecore} in UML.ecore):
     * a given file of that name stands for it (repeated for files a resolution brought in). A
     * reference the model's objects need (a supertype, a feature's type, an opposite, a key) that
     * still leads nowhere is refused here, naming it, rather than failing where an object is made;
     * one in an operation or an annotation is only logged, as dynamic EMF never follows it.
     */
    private static void resolveAcrossFiles(String repository, ResourceSetImpl set, Given given) {
        for (int round = 0; round < 5; round++) {
            boolean mapped = false;
            for (EObject proxy : EcoreUtil.ProxyCrossReferencer.find(set).keySet()) {
                URI target = ((InternalEObject) proxy).eProxyURI().trimFragment();
                URI file = given.byName.get(target.lastSegment());
                if (file == null || given.uris.contains(target) || set.getURIConverter().getURIMap().containsKey(target)
                        || set.getURIResourceMap().containsKey(target)) {
                    continue; // no file of that name, a given file itself, or mapped already
                }
                Resource stand = given.replaced.get(file);
                if (stand != null) {
                    set.getURIResourceMap().put(target, stand);
                } else {
                    set.getURIConverter().getURIMap().put(target, file);
                }
                mapped = true;
            }
            EcoreUtil.resolveAll(set);
            if (!mapped) {
                break;
            }
        }
        List<Unresolved> needed = new ArrayList<>();
        List<Unresolved> followedNever = new ArrayList<>();
        EcoreUtil.UnresolvedProxyCrossReferencer.find(set).forEach((proxy, settings) -> {
            for (EStructuralFeature.Setting setting : settings) {
                String from = given.read.get(setting.getEObject().eResource());
                if (from != null) {
                    Unresolved u = new Unresolved(from, ((InternalEObject) proxy).eProxyURI());
                    (outsideObjects(setting.getEObject()) ? followedNever : needed).add(u);
                }
            }
        });
        if (!followedNever.isEmpty()) {
            System.getLogger(ModelFiles.class.getName()).log(System.Logger.Level.WARNING, "Repository '" + repository
                    + "': " + followedNever.size() + " reference(s) in operations or annotations of its model files"
                    + " resolve nowhere, first: model file " + followedNever.get(0) + "; objects of the model do not need them");
        }
        if (!needed.isEmpty()) {
            Unresolved first = needed.get(0);
            throw new StrataException("Repository '" + repository + "': model file " + first + ", which cannot be read"
                    + (needed.size() > 1 ? " (and " + (needed.size() - 1) + " more unresolved references)" : "")
                    + "; give the .ecore file that defines it too, a file of the same name stands for it ("
                    + first.target().trimFragment().lastSegment() + ")");
        }
    }

    /** A reference of a model file that resolves nowhere. */
    private record Unresolved(String file, URI target) {
        @Override
        public String toString() {
            return "'" + file + "' refers to " + target;
        }
    }

    /** True inside an operation or an annotation: parts of a model its objects never follow. */
    private static boolean outsideObjects(EObject o) {
        for (EObject c = o; c != null; c = c.eContainer()) {
            if (c instanceof EOperation || c instanceof EAnnotation) {
                return true;
            }
        }
        return false;
    }

    private static URI uri(String repository, String location) {
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !location.matches("[a-zA-Z]:\\\\.*")) {
            return URI.createURI(location);
        }
        Path path = Path.of(location);
        if (!path.isAbsolute()) {
            throw new StrataException("Repository '" + repository + "': model file '" + location
                    + "' is not an absolute path (it would depend on the directory Strata starts in)");
        }
        if (!Files.isRegularFile(path)) {
            throw new StrataException("Repository '" + repository + "': model file '" + location + "' does not exist");
        }
        return URI.createFileURI(path.toString());
    }

    /** Registers the package (and its sub-packages) unless its URI is taken; returns the package used. */
    private EPackage add(EPackage p) {
        String uri = p.getNsURI();
        if (uri == null || uri.isBlank()) {
            throw new StrataException("EPackage '" + p.getName() + "' has no namespace URI");
        }
        EPackage known = EPackage.Registry.INSTANCE.getEPackage(uri);
        if (known == null) {
            EPackage.Registry.INSTANCE.put(uri, p);
            registered.add(uri);
            known = p;
        }
        packages.add(known);
        for (EPackage sub : p.getESubpackages()) {
            add(sub);
        }
        return known;
    }

    /** The packages of the files (sub-packages included), as registered. */
    List<EPackage> packages() {
        return packages;
    }

    @Override
    public void close() {
        registered.forEach(EPackage.Registry.INSTANCE::remove);
        registered.clear();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
