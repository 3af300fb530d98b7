package dev.strata.core.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

import dev.strata.core.StrataException;

/**
 * A repository's model read from {@code .ecore} files (dynamic EMF): no generated code, no bundle.
 * The packages found are registered under their namespace URIs, so that everything that looks a
 * package up by URI (sessions, imports, the console) finds them; a URI already registered keeps the
 * package it has (a generated model wins over a copy of its .ecore), and only what was registered
 * here is unregistered again.
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
        return files;
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
