package dev.strata.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
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
        ResourceSet set = new ResourceSetImpl();
        set.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new EcoreResourceFactoryImpl());
        Map<String, URI> byFileName = new LinkedHashMap<>();
        Map<Resource, String> given = new LinkedHashMap<>();
        for (String location : locations) {
            String l = location.trim();
            if (l.isEmpty()) {
                continue;
            }
            Resource r;
            try {
                r = set.getResource(uri(repository, l), true);
            } catch (RuntimeException e) {
                files.close();
                throw new StrataException("Repository '" + repository + "': cannot read model file '" + l + "': "
                        + rootMessage(e), e);
            }
            given.put(r, l);
            byFileName.putIfAbsent(r.getURI().lastSegment(), r.getURI());
            int before = files.packages.size();
            for (EObject root : r.getContents()) {
                if (root instanceof EPackage p) {
                    files.add(p);
                }
            }
            if (files.packages.size() == before) {
                files.close();
                throw new StrataException("Repository '" + repository + "': model file '" + l
                        + "' holds no EPackage; is it an .ecore file?");
            }
        }
        try {
            resolveAcrossFiles(repository, set, given, byFileName);
        } catch (RuntimeException e) {
            files.close();
            throw e;
        }
        return files;
    }

    /**
     * Resolves every reference of the files. One file may name another by a location of the tool
     * that wrote it ({@code platform:/plugin/org.eclipse.uml2.types/model/Types.ecore} in UML.ecore):
     * a given file of that name stands for it. A reference that still leads nowhere is refused here,
     * naming it, rather than failing later where an object of the model is made.
     */
    private static void resolveAcrossFiles(String repository, ResourceSet set, Map<Resource, String> given,
            Map<String, URI> byFileName) {
        for (EObject proxy : EcoreUtil.ProxyCrossReferencer.find(set).keySet()) {
            URI target = ((InternalEObject) proxy).eProxyURI().trimFragment();
            URI file = byFileName.get(target.lastSegment());
            if (file != null && !file.equals(target) && !set.getURIConverter().getURIMap().containsKey(target)) {
                set.getURIConverter().getURIMap().put(target, file);
            }
        }
        EcoreUtil.resolveAll(set);
        Map<EObject, Collection<EStructuralFeature.Setting>> unresolved = EcoreUtil.UnresolvedProxyCrossReferencer.find(set);
        if (!unresolved.isEmpty()) {
            Map.Entry<EObject, Collection<EStructuralFeature.Setting>> first = unresolved.entrySet().iterator().next();
            URI target = ((InternalEObject) first.getKey()).eProxyURI();
            Resource from = first.getValue().iterator().next().getEObject().eResource();
            throw new StrataException("Repository '" + repository + "': model file '" + given.getOrDefault(from,
                    String.valueOf(from == null ? null : from.getURI())) + "' refers to " + target + ", which cannot be read"
                    + (unresolved.size() > 1 ? " (and " + (unresolved.size() - 1) + " more unresolved references)" : "")
                    + "; give the .ecore file that defines it too, a file of the same name stands for it (" + target.lastSegment() + ")");
        }
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

    private void add(EPackage p) {
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
