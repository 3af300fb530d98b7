package dev.strata.store.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import dev.strata.core.StoreException;
import dev.strata.wire.ModelFiles;

/** JSON snapshots through emfjson-jackson, with object ids written as "@id". */
final class Json {

    private Json() {
    }

    static Resource resource(URI uri) {
        return new JsonResource(uri, ModelFiles.jsonMapper(true));
    }

    static Resource load(Path file, InputStream in) throws IOException {
        Resource r = resource(URI.createFileURI(file.toAbsolutePath().toString()));
        new ResourceSetImpl().getResources().add(r);
        try {
            r.load(in, null);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot read JSON file " + file + ": " + e.getMessage(), e);
        }
        return r;
    }

    static void setId(Resource r, EObject o, String id) {
        ((JsonResource) r).setID(o, id);
    }

    static String getId(Resource r, EObject o) {
        return ((JsonResource) r).getID(o);
    }
}
