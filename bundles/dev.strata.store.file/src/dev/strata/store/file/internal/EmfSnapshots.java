package dev.strata.store.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

import org.eclipse.emf.common.util.TreeIterator;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EClassifier;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emf.ecore.xmi.impl.XMLParserPoolImpl;

import dev.strata.core.EmfRecords;
import dev.strata.core.ExternalRef;
import dev.strata.core.ObjectId;
import dev.strata.core.Progress;
import dev.strata.core.Record;
import dev.strata.core.StoreException;
import dev.strata.core.TypeRef;
import dev.strata.core.UriRef;
import dev.strata.store.file.FileStoreOptions.Format;

/**
 * Records as an EMF resource and back, for XMI and JSON snapshots and XMI imports: saving builds
 * EObjects from records (object ids as xmi:id, references to other stores as strata: proxies);
 * reading turns every stored object of a resource into a record.
 */
final class EmfSnapshots {

    private EmfSnapshots() {
    }

    /** Builds EObjects from records and saves them as XMI or JSON; returns the file's checksum. */
    static long write(Path file, Format format, String storeName, List<Record> records,
            Progress progress) throws IOException {
        Map<ObjectId, EObject> objects = new HashMap<>(records.size() * 2);
        ResourceSet set = new ResourceSetImpl();
        URI uri = URI.createFileURI(file.toAbsolutePath().toString());
        Resource resource = format == Format.JSON ? Json.resource(uri) : new XMIResourceImpl(uri);
        set.getResources().add(resource);
        for (Record r : records) {
            EObject o = EcoreUtil.create(eClass(r.type()));
            objects.put(r.id(), o);
        }
        int done = 0;
        for (Record r : records) {
            EObject o = objects.get(r.id());
            EmfRecords.fillContents(o, r, id -> child(id, objects, r));
            if (++done % 10_000 == 0) {
                progress.worked("Preparing XMI snapshot", done, records.size());
            }
        }
        // Cross references last, once every object exists (supersets filled by subsets stay single).
        for (Record r : records) {
            EmfRecords.fillReferences(objects.get(r.id()), r,
                    (ref, v) -> target(ref, v, objects, storeName, r));
        }
        for (Record r : records) {
            EObject o = objects.get(r.id());
            if (r.isRoot()) {
                resource.getContents().add(o);
            }
        }
        for (Map.Entry<ObjectId, EObject> e : objects.entrySet()) {
            setId(resource, e.getValue(), e.getKey().toString());
        }
        CRC32C crc = new CRC32C();
        try (OutputStream out = new CheckedOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                crc)) {
            Map<Object, Object> options = new HashMap<>();
            options.put(XMLResource.OPTION_ENCODING, "UTF-8");
            options.put(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, Boolean.TRUE);
            options.put(XMLResource.OPTION_SKIP_ESCAPE_URI, Boolean.FALSE);
            // Mixed text and the order of a feature map's entries are kept only with extended metadata.
            options.put(XMLResource.OPTION_EXTENDED_META_DATA, Boolean.TRUE);
            if (format == Format.XMI && needsXml11(records)) {
                // XML 1.0 cannot hold control characters; EMF writes them as character references in 1.1.
                options.put(XMLResource.OPTION_XML_VERSION, "1.1");
            }
            resource.save(out, options);
        }
        progress.worked("Writing " + format + " snapshot", records.size(), records.size());
        return crc.getValue();
    }

    /** True if a string value holds a control character XML 1.0 cannot carry. */
    private static boolean needsXml11(List<Record> records) {
        for (Record r : records) {
            for (Object v : r.values().values()) {
                if (v instanceof String s && hasControl(s)
                        || v instanceof List<?> l && l.stream().anyMatch(x -> x instanceof String s && hasControl(s))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    private static EObject child(ObjectId id, Map<ObjectId, EObject> objects, Record owner) {
        EObject child = objects.get(id);
        if (child == null) {
            throw new StoreException("Record " + owner.id() + " contains " + id + ", which does not exist");
        }
        return child;
    }

    private static EObject target(EReference ref, Object value, Map<ObjectId, EObject> objects, String storeName,
            Record owner) {
        if (value instanceof ObjectId id) {
            EObject t = objects.get(id);
            if (t != null) {
                return t;
            }
            if (ref.isContainment()) {
                throw new StoreException("Record " + owner.id() + " contains " + id + ", which does not exist");
            }
            return proxy(ref, storeName, id);
        }
        if (value instanceof ExternalRef ext) {
            return proxy(ref, ext.store(), ext.id());
        }
        if (value instanceof UriRef uri) {
            return EmfRecords.proxy(ref, uri, EmfSnapshots::eClass);
        }
        throw new StoreException("Reference " + ref.getName() + " of " + owner.id() + " holds " + value);
    }

    private static EObject proxy(EReference ref, String store, ObjectId id) {
        InternalEObject p = (InternalEObject) EcoreUtil.create(ref.getEReferenceType());
        p.eSetProxyURI(URI.createURI("strata://" + store + "/#" + id));
        return p;
    }

    static EClass eClass(TypeRef type) {
        EPackage p = EPackage.Registry.INSTANCE.getEPackage(type.nsUri());
        EClassifier c = p == null ? null : p.getEClassifier(type.name());
        if (!(c instanceof EClass eClass)) {
            throw new StoreException("Cannot write " + type + " as XMI: its EPackage is not registered with EMF"
                    + " (install the model bundle, or use the binary snapshot format)");
        }
        return eClass;
    }

    /** Loads XMI the fast way: deferred IDREF resolution and an intrinsic id map (else it is quadratic). */
    static XMIResourceImpl loadXmi(Path file, InputStream in) throws IOException {
        ResourceSet set = new ResourceSetImpl();
        XMIResourceImpl resource = new XMIResourceImpl(URI.createFileURI(file.toAbsolutePath().toString()));
        resource.setIntrinsicIDToEObjectMap(new HashMap<>());
        set.getResources().add(resource);
        Map<Object, Object> options = new HashMap<>();
        options.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        options.put(XMLResource.OPTION_USE_PARSER_POOL, new XMLParserPoolImpl());
        options.put(XMLResource.OPTION_USE_XML_NAME_TO_FEATURE_MAP, new HashMap<>());
        options.put(XMLResource.OPTION_DEFER_ATTACHMENT, Boolean.TRUE);
        // As snapshots are written, and as EMF's XML Schema based models save feature maps.
        options.put(XMLResource.OPTION_EXTENDED_META_DATA, Boolean.TRUE);
        try {
            resource.load(in, options);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("Cannot read XMI file " + file + ": " + e.getMessage(), e);
        }
        if (!resource.getErrors().isEmpty()) {
            Resource.Diagnostic d = resource.getErrors().get(0);
            throw new StoreException("Cannot read XMI file " + file + " (line " + d.getLine() + ", column "
                    + d.getColumn() + "): " + d.getMessage());
        }
        return resource;
    }

    /**
     * Records for every object of a resource. Objects keep a UUID xmi:id as their id; others (a file
     * written by plain EMF) get a new one, and keep their xmi:id in their record ({@link Record#XMI_ID}).
     *
     * @param xmiIds the xmi:ids a snapshot's objects were imported with, by the Strata id the file holds
     */
    static List<Record> toRecords(Resource resource, String storeName, Map<ObjectId, Long> versions,
            Map<ObjectId, String> xmiIds, Progress progress) {
        Map<EObject, ObjectId> ids = new IdentityHashMap<>();
        Map<EObject, String> foreignIds = new IdentityHashMap<>();
        List<EObject> all = new ArrayList<>();
        for (TreeIterator<EObject> it = resource.getAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (!EmfRecords.isStored(o)) {
                it.prune(); // made by EMF for a feature it keeps in step, and not saved
                continue;
            }
            String xmiId = getId(resource, o);
            ObjectId id;
            try {
                id = xmiId == null ? ObjectId.random() : ObjectId.parse(xmiId);
                if (xmiId == null) {
                    foreignIds.put(o, ""); // none in the file: an export writes none either
                } else if (xmiIds.containsKey(id)) {
                    foreignIds.put(o, xmiIds.get(id));
                }
            } catch (IllegalArgumentException e) {
                id = ObjectId.random();
                foreignIds.put(o, xmiId);
            }
            ids.put(o, id);
            all.add(o);
        }
        List<Record> records = new ArrayList<>(all.size());
        int done = 0;
        for (EObject o : all) {
            ObjectId id = ids.get(o);
            Map<String, Object> values = EmfRecords.values(o, (f, t) -> refValue(t, ids, storeName, o, f));
            if (foreignIds.containsKey(o)) {
                values.put(Record.XMI_ID, foreignIds.get(o));
            }
            EObject container = o.eContainer();
            records.add(new Record(id, TypeRef.of(o.eClass()), versions.getOrDefault(id, 1L),
                    container == null ? null : ids.get(container), values));
            if (++done % 10_000 == 0) {
                progress.worked("Reading objects", done, all.size());
            }
        }
        return records;
    }

    private static void setId(Resource resource, EObject o, String id) {
        if (resource instanceof XMLResource xml) {
            xml.setID(o, id);
        } else {
            Json.setId(resource, o, id);
        }
    }

    private static String getId(Resource resource, EObject o) {
        return resource instanceof XMLResource xml ? xml.getID(o) : Json.getId(resource, o);
    }

    private static Object refValue(EObject target, Map<EObject, ObjectId> ids, String storeName, EObject owner,
            EStructuralFeature f) {
        ObjectId id = ids.get(target);
        if (id != null) {
            return id;
        }
        URI uri = target.eIsProxy() ? ((InternalEObject) target).eProxyURI()
                : target.eResource() != null ? EcoreUtil.getURI(target) : null;
        if (uri != null && "strata".equals(uri.scheme()) && uri.fragment() != null) {
            ObjectId ref = ObjectId.parse(uri.fragment());
            return storeName.equals(uri.authority()) ? ref : new ExternalRef(uri.authority(), ref);
        }
        if (uri != null && !uri.isRelative() && !uri.trimFragment().isEmpty()) {
            // Another resource (pathmap:, platform:, a registered package): kept as EMF's href keeps it.
            return new UriRef(uri.toString(), TypeRef.of(target.eClass()));
        }
        throw new StoreException(owner.eClass().getName() + "." + f.getName() + " refers to an object outside the"
                + " file (" + (uri != null ? uri : target.eClass().getName())
                + ") that has no absolute URI; only references inside the file, to other Strata stores or to"
                + " resources with an absolute URI can be imported");
    }
}
