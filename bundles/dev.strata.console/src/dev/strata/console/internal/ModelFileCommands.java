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

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;

import dev.strata.core.Packages;
import dev.strata.core.Session;
import dev.strata.wire.ModelFiles;

/**
 * The commands {@code export} and {@code import}: the repository's root objects to and from model
 * files, in the formats {@link ModelFiles} reads and writes.
 */
final class ModelFileCommands {

    private final Console console;

    ModelFileCommands(Console console) {
        this.console = console;
    }

    String export(Path file) {
        Session s = console.session();
        List<EObject> roots = s.roots();
        int objects;
        try {
            objects = ModelFiles.save(file, roots, s::xmiId); // the xmi:ids objects were imported with
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage());
        }
        return "Exported " + objects + " object(s) (" + roots.size() + " roots) to " + file;
    }

    String importFile(Path file) {
        Session s = console.session();
        List<EObject> roots;
        try {
            roots = new ArrayList<>(ModelFiles.load(file).getContents());
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage());
        }
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
