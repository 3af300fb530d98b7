package dev.strata.ui.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.XMIException;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The model file kinds File > Import and Export read and write, chosen by file extension: each is
 * only the EMF resource factory for it, so loading and saving is one code path for all.
 */
public enum ModelFormat {

    /** XMI as any EMF tool writes it. */
    XMI("XMI", XMIResourceFactoryImpl::new, "xmi", "xml"),
    /** Ecore's XMI flavour (e.g. Ecore.ecore: a model whose objects are EPackages and EClasses). */
    ECORE("Ecore", EcoreResourceFactoryImpl::new, "ecore"),
    /** JSON as the file store and the console's export write it (emfjson, ids as "@id"). */
    JSON("JSON", () -> uri -> new JsonResource(uri, jsonMapper()), "json");

    private final String label;
    private final java.util.function.Supplier<Resource.Factory> factory;
    private final List<String> extensions;

    ModelFormat(String label, java.util.function.Supplier<Resource.Factory> factory, String... extensions) {
        this.label = label;
        this.factory = factory;
        this.extensions = List.of(extensions);
    }

    private static ObjectMapper jsonMapper() {
        ObjectMapper mapper = new ObjectMapper();
        EMFModule module = new EMFModule();
        module.configure(EMFModule.Feature.OPTION_USE_ID, true);
        mapper.registerModule(module);
        return mapper;
    }

    /** File dialog filters: every model file, then one per format. */
    static String[] filters() {
        String all = Arrays.stream(values()).flatMap(f -> f.extensions.stream()).map(e -> "*." + e)
                .collect(Collectors.joining(";"));
        return new String[] { all, "*.*" };
    }

    /**
     * The format of a file, by its extension.
     *
     * @throws IllegalArgumentException naming the extensions understood
     */
    public static ModelFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String extension = name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1);
        for (ModelFormat f : values()) {
            if (f.extensions.contains(extension.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException(name + ": use a file ending in "
                + Arrays.stream(values()).flatMap(f -> f.extensions.stream()).map(e -> "." + e)
                        .collect(Collectors.joining(", "))
                + " (the format follows the extension)");
    }

    /** The format's name for people. */
    public String label() {
        return label;
    }

    /** An empty resource of this format for the file, in a resource set of its own. */
    Resource resource(Path file) {
        Resource r = factory.get().createResource(URI.createFileURI(file.toAbsolutePath().toString()));
        new ResourceSetImpl().getResources().add(r);
        return r;
    }

    /**
     * Reads a model file.
     *
     * @throws IOException saying which file, and the line and column where EMF or the JSON
     *                     parser says the problem is (an unknown package's namespace URI, bad XML…)
     */
    public static Resource load(Path file) throws IOException {
        Resource r = of(file).resource(file);
        try {
            r.load(Map.of());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot read " + file + where(e) + ": " + message(e), e);
        }
        if (!r.getErrors().isEmpty()) {
            Resource.Diagnostic d = r.getErrors().get(0);
            throw new IOException("Cannot read " + file + (d.getLine() > 0 ? ", line " + d.getLine()
                    + (d.getColumn() > 0 ? ", column " + d.getColumn() : "") : "") + ": " + d.getMessage());
        }
        return r;
    }

    /**
     * Writes copies of objects (with their own ids, e.g. the xmi:id they were imported with) to a
     * model file of the format its extension names; the objects themselves are left where they are.
     */
    public static void save(Path file, List<EObject> roots, Function<EObject, String> ids) throws IOException {
        Resource r = of(file).resource(file);
        org.eclipse.emf.ecore.util.EcoreUtil.Copier copier = new org.eclipse.emf.ecore.util.EcoreUtil.Copier();
        r.getContents().addAll(copier.copyAll(roots));
        copier.copyReferences();
        copier.forEach((original, copy) -> {
            String id = ids.apply(original);
            if (r instanceof XMLResource xml) {
                xml.setID(copy, id);
            } else if (r instanceof JsonResource json) {
                json.setID(copy, id);
            }
        });
        r.save(Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
    }

    /** Where in the file a load failure is, as EMF's XMI parser or Jackson report it. */
    private static String where(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XMIException x && x.getLine() > 0) {
                return ", line " + x.getLine() + ", column " + x.getColumn();
            }
            if (t instanceof org.xml.sax.SAXParseException x && x.getLineNumber() > 0) {
                return ", line " + x.getLineNumber() + ", column " + x.getColumnNumber();
            }
            if (t instanceof JsonProcessingException j && j.getLocation() != null) {
                return ", line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        return "";
    }

    /** The innermost message: EMF wraps the parser's. */
    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        if (t instanceof JsonProcessingException j) {
            m = j.getOriginalMessage();
        }
        return m;
    }
}
