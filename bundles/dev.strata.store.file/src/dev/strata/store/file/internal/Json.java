package dev.strata.store.file.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.strata.core.StoreException;

/** JSON snapshots through emfjson-jackson, with object ids written as "@id". */
final class Json {

    private Json() {
    }

    private static ObjectMapper mapper() {
        // One module, configured here: the default mapper already carries one without ids.
        ObjectMapper mapper = new ObjectMapper();
        EMFModule module = new EMFModule();
        module.configure(EMFModule.Feature.OPTION_USE_ID, true);
        mapper.registerModule(module);
        return mapper;
    }

    static Resource resource(URI uri) {
        return new JsonResource(uri, mapper());
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
