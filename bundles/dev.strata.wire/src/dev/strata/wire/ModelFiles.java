package dev.strata.wire;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMIException;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emfcloud.jackson.annotations.EcoreTypeInfo;
import org.eclipse.emfcloud.jackson.databind.EMFContext;
import org.eclipse.emfcloud.jackson.module.EMFModule;
import org.eclipse.emfcloud.jackson.resource.JsonResource;
import org.xml.sax.SAXParseException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;

/**
 * Model files as the console, the workbench and the file store read and write them, the format
 * following the file's extension: {@code .xmi} and {@code .xml} (XMI as any EMF tool writes it),
 * {@code .ecore} (Ecore's XMI), {@code .json} (emfjson, ids as {@code "@id"}), and any other
 * extension a model bundle has registered an EMF resource factory for (UML2's {@code .uml}, for
 * one), read with that factory's own options. An XMI document with another extension is read as
 * XMI (a {@code .uml} file where UML2 is not installed).
 *
 * @since 0.4
 */
public final class ModelFiles {

    /** The extensions read and written here whatever EMF has registered. */
    public static final List<String> OWN_EXTENSIONS = List.of("xmi", "xml", "ecore", "json");

    private ModelFiles() {
    }

    /**
     * An emfjson mapper. A mapper of its own each time: the default one carries a module
     * configured otherwise.
     *
     * @param ids whether each object's id is written as {@code "@id"} (its xmi id, else its URI
     *            fragment) and read back, as model files and file store snapshots need
     */
    public static ObjectMapper jsonMapper(boolean ids) {
        ObjectMapper mapper = new ObjectMapper();
        EMFModule module = new EMFModule();
        module.configure(EMFModule.Feature.OPTION_USE_ID, ids);
        module.setTypeInfo(new EcoreTypeInfo(EcoreTypeInfo.PROPERTY, ModelFiles::readType, ModelFiles::writeType));
        mapper.registerModule(module);
        return mapper;
    }

    /**
     * The class of an object whose package is in no resource (built in code) and registered under its
     * namespace URI, as {@code nsURI#//Name}: emfjson's own choice, the class's URI, is then the bare
     * {@code #//Name}, and reading that back asks for the working directory. Every other class keeps
     * emfjson's URI (a generated subpackage's is its root package's resource and path, which other
     * readers resolve).
     */
    private static String writeType(EClass eClass, SerializerProvider context) {
        EPackage p = eClass.getEPackage();
        String ns = p == null ? null : p.getNsURI();
        if (p != null && p.eResource() == null && ns != null && !ns.isEmpty() && registry(context).getEPackage(ns) == p) {
            return ns + "#//" + eClass.getName();
        }
        return EcoreTypeInfo.DEFAULT_VALUE_WRITER.writeValue(eClass, context);
    }

    /** A class written as {@code nsURI#//Name} is looked up in the package registry, any other as emfjson does. */
    private static EClass readType(String value, DeserializationContext context) {
        int hash = value == null ? -1 : value.indexOf("#//");
        if (hash > 0 && value.indexOf('/', hash + 3) < 0) {
            EPackage p = registry(context).getEPackage(value.substring(0, hash));
            if (p != null && p.getEClassifier(value.substring(hash + 3)) instanceof EClass eClass) {
                return eClass;
            }
        }
        return EcoreTypeInfo.DEFAULT_VALUE_READER.readValue(value, context);
    }

    private static EPackage.Registry registry(DatabindContext context) {
        ResourceSet set = EMFContext.getResourceSet(context);
        return set != null ? set.getPackageRegistry() : EPackage.Registry.INSTANCE;
    }

    /** Every extension a model file may have here: our own, then those EMF has factories for, sorted. */
    public static List<String> extensions() {
        List<String> all = new ArrayList<>(OWN_EXTENSIONS);
        registered().stream().filter(e -> !all.contains(e)).forEach(all::add);
        return List.copyOf(all);
    }

    /** Whether a file's extension names a format read here. */
    public static boolean understands(Path file) {
        return extensions().contains(extension(file));
    }

    /**
     * Checks that a file's extension names a format read here, as a form does before it offers to
     * read or write the file.
     *
     * @throws IllegalArgumentException naming the extensions understood
     */
    public static void checkExtension(Path file) {
        if (!understands(file)) {
            throw new IllegalArgumentException(unknownExtension(file));
        }
    }

    /**
     * Whether {@link #load} reads the file: its extension names a format read here, or it is an XMI
     * document (whatever its extension).
     *
     * @since 0.6
     */
    public static boolean readable(Path file) {
        return understands(file) || isXmi(file);
    }

    /**
     * Checks that {@link #load} reads the file, as a form does before it offers to import it.
     *
     * @throws IllegalArgumentException naming the extensions understood
     * @since 0.6
     */
    public static void checkReadable(Path file) {
        if (!readable(file)) {
            throw new IllegalArgumentException(notReadable(file));
        }
    }

    /**
     * An empty resource for the file, of the format its extension names, in a resource set of its
     * own (so a registered factory's resource finds that set's URI mappings, as for
     * {@code pathmap://} references).
     *
     * @throws IllegalArgumentException naming the extensions understood
     */
    public static Resource resource(Path file) {
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        ResourceSet set = new ResourceSetImpl();
        Resource r = switch (extension(file)) {
            case "json" -> new JsonResource(uri, jsonMapper(true));
            case "xmi", "xml" -> new XMIResourceImpl(uri);
            // Registered for .ecore only where plug-in.xml files are read.
            case "ecore" -> new EcoreResourceFactoryImpl().createResource(uri);
            default -> {
                if (!registered().contains(extension(file))) {
                    throw new IllegalArgumentException(unknownExtension(file));
                }
                yield set.createResource(uri);
            }
        };
        if (r.getResourceSet() == null) {
            set.getResources().add(r);
        }
        return r;
    }

    /**
     * Reads a model file.
     *
     * @throws IOException              saying which file, the line and column where the XML or
     *                                  JSON parser says the problem is (an unknown package's
     *                                  namespace URI, a malformed element…), and the parser's own
     *                                  words
     * @throws IllegalArgumentException if the extension names no format read here and the file is not XMI
     */
    public static Resource load(Path file) throws IOException {
        checkReadable(file);
        Resource r = understands(file) ? resource(file) : asXmi(file);
        try {
            r.load(Map.of());
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot read " + file + where(e) + ": " + innermost(e) + notAValue(e), e);
        }
        if (!r.getErrors().isEmpty()) {
            Resource.Diagnostic d = r.getErrors().get(0);
            throw new IOException("Cannot read " + file + (d.getLine() > 0 ? ", line " + d.getLine()
                    + (d.getColumn() > 0 ? ", column " + d.getColumn() : "") : "") + ": " + d.getMessage()
                    + (d instanceof Throwable t ? notAValue(t) : ""));
        }
        return r;
    }

    /**
     * Writes copies of objects to a model file of the format its extension names; the objects stay
     * where they are. Each copy gets its original's id (an xmi id, or a JSON {@code "@id"}), such as
     * the id it was imported with, so that other files referring to it still do.
     *
     * @param ids an object's id, or null for none
     * @return how many objects were written, the roots' contents included
     * @throws IllegalArgumentException if the extension names no format written here
     */
    public static int save(Path file, List<? extends EObject> roots, Function<EObject, String> ids) throws IOException {
        Resource r = resource(file);
        EcoreUtil.Copier copier = new EcoreUtil.Copier();
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
        return copier.size();
    }

    /**
     * True if the file is an XMI document, whatever its extension: a model bundle's own extension
     * ({@code .uml} without UML2 installed, a tool's {@code .sysml}) still names XMI, which is read
     * so. Its first 4 KB (UTF-8, a byte order mark allowed) must declare XMI's namespace.
     */
    private static boolean isXmi(Path file) {
        byte[] head = new byte[4096];
        int n;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false; // not readable: the usual refusal says which file
        }
        String start = new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8).replace("\uFEFF", "");
        return start.stripLeading().startsWith("<")
                && (start.contains("xmlns:xmi=\"http://www.omg.org/") || start.contains("xmlns:xmi='http://www.omg.org/"));
    }

    private static Resource asXmi(Path file) {
        Resource r = new XMIResourceImpl(URI.createFileURI(file.toAbsolutePath().toString()));
        new ResourceSetImpl().getResources().add(r);
        return r;
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.lastIndexOf('.') < 0 ? "" : name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }

    /** The extensions model bundles registered factories for (with plug-in.xml or in code), without the catch-all. */
    private static List<String> registered() {
        return Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().keySet().stream()
                .filter(e -> !e.equals(Resource.Factory.Registry.DEFAULT_EXTENSION)).sorted().toList();
    }

    private static String unknownExtension(Path file) {
        List<String> others = registered().stream().filter(e -> !OWN_EXTENSIONS.contains(e)).toList();
        return "Cannot tell the format of " + file.getFileName() + ": use a file ending in .xmi or .json (or .xml, .ecore"
                + (others.isEmpty() ? "" : ", or another extension EMF has a resource factory for here: "
                        + others.stream().map(e -> "." + e).collect(Collectors.joining(", ")))
                + "); the format follows the extension";
    }

    private static String notReadable(Path file) {
        return unknownExtension(file) + ", or any extension for an XMI document (this file is not one)";
    }

    /** Where in the file a load failure is, as EMF's XMI parser, SAX or Jackson report it. */
    private static String where(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XMIException x && x.getLine() > 0) {
                return ", line " + x.getLine() + ", column " + x.getColumn();
            }
            if (t instanceof SAXParseException x && x.getLineNumber() > 0) {
                return ", line " + x.getLineNumber() + ", column " + x.getColumnNumber();
            }
            if (t instanceof JsonProcessingException j && j.getLocation() != null) {
                return ", line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
            }
        }
        return "";
    }

    /**
     * What a value that EMF could not convert means (EMF says only "For input string: ..."), or "".
     * Typically a model read from its .ecore alone: its generated code, which reads such values
     * (UML2's UnlimitedNatural reads '*'), is not there, so EMF converts them as plain Java types.
     */
    private static String notAValue(Throwable e) {
        boolean illegalValue = false; // EMF's word for a value its data type's conversion refused
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            illegalValue |= t instanceof org.eclipse.emf.ecore.xmi.IllegalValueException;
            if (illegalValue && t instanceof NumberFormatException) {
                return " (a value that does not fit its data type; where a model's generated code reads such values,"
                        + " as UML2's reads '*' for UnlimitedNatural, install that model's bundle rather than its .ecore alone)";
            }
        }
        return "";
    }

    /** The innermost message: EMF wraps the parser's, and Jackson's own adds the location again. */
    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof JsonProcessingException j) {
            return j.getOriginalMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
