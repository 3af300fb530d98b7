package dev.strata.wire;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.InternalEObject;
import org.eclipse.emf.ecore.impl.EPackageRegistryImpl;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.URIConverter;
import org.eclipse.emf.ecore.resource.impl.ExtensibleURIConverterImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.emf.ecore.util.InternalEList;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;

import dev.strata.core.Packages;

/**
 * Models on the wire: EPackages as Ecore XMI text, read without reaching outside the document.
 */
public final class JsonModels {

    /**
     * EPackages as the text of one Ecore XMI document (copies are written: the packages stay in
     * their resources). References to classifiers outside these packages, such as Ecore's data
     * types, are written by namespace URI.
     */
    public static String ecore(List<EPackage> packages) {
        XMIResourceImpl r = new XMIResourceImpl(org.eclipse.emf.common.util.URI.createURI("strata-model.ecore"));
        r.getContents().addAll(EcoreUtil.copyAll(packages));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            r.save(out, Map.of(XMLResource.OPTION_ENCODING, "UTF-8"));
        } catch (IOException e) {
            throw new WireException("", "cannot write the packages as Ecore XMI: " + e.getMessage(), e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The EPackages of an Ecore XMI document (new, unregistered instances), its references resolved
     * against EMF's package registry only (see {@link #ecore(String, String, Collection)}).
     */
    public static List<EPackage> ecore(String xmi, String field) {
        return ecore(xmi, field, List.of());
    }

    /**
     * The EPackages of an Ecore XMI document (new, unregistered instances). A reference to another
     * package resolves only against packages already at hand: the given ones, EMF's package
     * registry and the document's own packages, each by namespace URI. Nothing is ever opened or
     * fetched to resolve a reference (an {@code http:}, {@code file:}, {@code jar:} or
     * {@code platform:} href is refused, not read): a model posted by a client must not make this
     * side read its files or reach other hosts.
     *
     * @param known packages references may name besides the registry's (e.g. a store's model)
     * @throws WireException naming the field when the text is not Ecore XMI whose references all
     *                       resolve that way; the message names the first href refused
     */
    public static List<EPackage> ecore(String xmi, String field, Collection<EPackage> known) {
        if (xmi.contains("<!DOCTYPE") || xmi.contains("<!ENTITY")) {
            throw new WireException(field, "Ecore XMI has no DOCTYPE or entities; this text has one");
        }
        EPackage.Registry registry = new EPackageRegistryImpl(EPackage.Registry.INSTANCE);
        // Generated Ecore files sometimes name Ecore by its plug-in location: the same package.
        registry.put(ECORE_IN_PLUGIN, EcorePackage.eINSTANCE);
        // A copy never shadows a registered package: the document's own "ecore:" types are Ecore's.
        for (EPackage p : Packages.withSubpackages(known)) {
            if (registry.getEPackage(p.getNsURI()) == null) {
                registry.put(p.getNsURI(), p);
            }
        }
        ResourceSet set = new ResourceSetImpl();
        set.setPackageRegistry(registry);
        List<org.eclipse.emf.common.util.URI> opened = new ArrayList<>();
        set.setURIConverter(new NoFetching(opened));
        XMIResourceImpl r = new XMIResourceImpl(org.eclipse.emf.common.util.URI.createURI("strata-model.ecore"));
        set.getResources().add(r);
        try {
            r.load(new java.io.ByteArrayInputStream(xmi.getBytes(java.nio.charset.StandardCharsets.UTF_8)), Map.of());
        } catch (IOException | RuntimeException e) {
            if (!opened.isEmpty()) {
                throw refusedHref(field, opened.get(0).toString());
            }
            throw new WireException(field, "not a readable Ecore XMI document: " + readable(e), e);
        }
        List<EPackage> packages = new ArrayList<>();
        for (EObject o : r.getContents()) {
            if (!(o instanceof EPackage p) || p.getNsURI() == null) {
                throw new WireException(field, "the document must hold EPackages with namespace URIs, not " + o);
            }
            packages.add(p);
        }
        for (EPackage p : Packages.withSubpackages(packages)) {
            if (registry.getEPackage(p.getNsURI()) == null) {
                registry.put(p.getNsURI(), p);
            }
        }
        // Every href is checked before anything resolves it.
        for (java.util.Iterator<EObject> i = r.getAllContents(); i.hasNext();) {
            for (EObject proxy : proxies(i.next())) {
                String href = ((InternalEObject) proxy).eProxyURI().toString();
                String target = ((InternalEObject) proxy).eProxyURI().trimFragment().toString();
                if (target.isEmpty()) {
                    continue; // within the document
                }
                if (java.util.Arrays.asList(target.split("[/\\\\]")).contains("..")
                        || target.toLowerCase(java.util.Locale.ROOT).contains("%2e%2e")) {
                    throw new WireException(field, "the packages refer to " + href + ", a path that climbs out"
                            + " of its folder with '..'; refused");
                }
                if (registry.getEPackage(target) == null && !installed(((InternalEObject) proxy).eProxyURI())) {
                    throw refusedHref(field, href);
                }
            }
        }
        EcoreUtil.resolveAll(set);
        if (!opened.isEmpty()) {
            throw refusedHref(field, opened.get(0).toString());
        }
        for (java.util.Iterator<EObject> i = r.getAllContents(); i.hasNext();) {
            for (EObject ref : i.next().eCrossReferences()) {
                if (ref.eIsProxy()) {
                    throw new WireException(field, "the packages refer to " + EcoreUtil.getURI(ref)
                            + ", which this side does not know");
                }
            }
        }
        return packages;
    }

    /** What went wrong, for a client: the parser's own words, without Java class names. */
    private static String readable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !JAVA_NAMES.matcher(m).find()) {
                return m;
            }
        }
        return "the XML does not describe EPackages";
    }

    private static final java.util.regex.Pattern JAVA_NAMES = java.util.regex.Pattern.compile(
            "java\\.|javax\\.|org\\.|com\\.|Exception|\\bat [a-z]+\\.");

    private static final String ECORE_IN_PLUGIN = "platform:/plugin/org.eclipse.emf.ecore/model/Ecore.ecore";

    private static WireException refusedHref(String field, String href) {
        return new WireException(field, "the packages refer to " + href + ", which is not a package this side"
                + " knows; references resolve only against known packages by namespace URI (e.g. "
                + EcorePackage.eNS_URI + "#//EString) and nothing is fetched or opened to resolve them");
    }

    /** The unresolved targets of an object's references, read without resolving them. */
    private static List<EObject> proxies(EObject o) {
        List<EObject> found = new ArrayList<>();
        for (EReference ref : o.eClass().getEAllReferences()) {
            if (ref.isContainment() || ref.isContainer() || ref.isDerived() || !o.eIsSet(ref)) {
                continue;
            }
            Object v = o.eGet(ref, false);
            if (v instanceof InternalEList<?> list) {
                for (java.util.Iterator<?> i = list.basicIterator(); i.hasNext();) {
                    if (i.next() instanceof EObject e && e.eIsProxy()) {
                        found.add(e);
                    }
                }
            } else if (v instanceof EObject e && e.eIsProxy()) {
                found.add(e);
            }
        }
        return found;
    }

    /**
     * True for a model the server's own bundles carry: a {@code pathmap:} URI that the server's
     * URI map turns into another location (UML's profiles), or a {@code platform:/plugin/} URI,
     * neither climbing out with {@code ..}. Reading one reads an installed bundle, nothing a
     * client chose.
     */
    private static boolean installed(org.eclipse.emf.common.util.URI uri) {
        org.eclipse.emf.common.util.URI resource = uri.trimFragment();
        if (resource.segments().length == 0 || resource.segmentsList().contains("..")
                || resource.toString().toLowerCase(java.util.Locale.ROOT).contains("%2e")) {
            return false;
        }
        if ("pathmap".equals(resource.scheme())) {
            return !URIConverter.INSTANCE.normalize(resource).equals(resource);
        }
        return resource.isPlatformPlugin();
    }

    /** A URI converter that opens only {@link #installed} models: every other attempt is recorded and fails. */
    private static final class NoFetching extends ExtensibleURIConverterImpl {

        private final List<org.eclipse.emf.common.util.URI> refused;

        NoFetching(List<org.eclipse.emf.common.util.URI> refused) {
            this.refused = refused;
        }

        private IOException refuse(org.eclipse.emf.common.util.URI uri) {
            synchronized (refused) {
                refused.add(uri);
            }
            return new IOException("not opened: " + uri);
        }

        @Override
        public InputStream createInputStream(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            if (installed(uri)) {
                return super.createInputStream(uri, options);
            }
            throw refuse(uri);
        }

        @Override
        public java.io.OutputStream createOutputStream(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            throw refuse(uri);
        }

        @Override
        public void delete(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) throws IOException {
            throw refuse(uri);
        }

        @Override
        public Map<String, ?> contentDescription(org.eclipse.emf.common.util.URI uri, Map<?, ?> options)
                throws IOException {
            if (installed(uri)) {
                return super.contentDescription(uri, options);
            }
            throw refuse(uri);
        }

        @Override
        public boolean exists(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) {
            return installed(uri) && super.exists(uri, options);
        }

        @Override
        public Map<String, ?> getAttributes(org.eclipse.emf.common.util.URI uri, Map<?, ?> options) {
            return installed(uri) ? super.getAttributes(uri, options) : Map.of();
        }

        @Override
        public void setAttributes(org.eclipse.emf.common.util.URI uri, Map<String, ?> attributes, Map<?, ?> options)
                throws IOException {
            throw refuse(uri);
        }
    }

    private JsonModels() {
    }
}
