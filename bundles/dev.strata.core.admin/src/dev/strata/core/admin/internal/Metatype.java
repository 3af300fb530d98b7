package dev.strata.core.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Bundle;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import dev.strata.core.admin.Setting;

/**
 * Reads a bundle's metatype resources ({@code OSGI-INF/metatype/*.xml}, the OSGi Metatype format
 * that bnd writes from {@code @ObjectClassDefinition}): the object class each PID or factory PID is
 * designated with. This is the part of a metatype service Strata needs; the framework has none.
 */
final class Metatype {

    /** An object class definition as designated for a PID. */
    record ObjectClass(String name, String description, List<Setting> settings) {
    }

    private Metatype() {
    }

    /**
     * The object classes of a bundle by (factory) PID.
     *
     * @throws IllegalStateException naming the bundle and the file if a resource cannot be read
     */
    static Map<String, ObjectClass> of(Bundle bundle) {
        Map<String, ObjectClass> result = new HashMap<>();
        Enumeration<URL> entries = bundle.findEntries("OSGI-INF/metatype", "*.xml", false);
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            try (InputStream in = url.openStream()) {
                read(builder().parse(in), result);
            } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
                throw new IllegalStateException("Bundle " + bundle.getSymbolicName() + ": cannot read metatype "
                        + url.getPath() + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static DocumentBuilder builder() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder();
    }

    private static void read(org.w3c.dom.Document doc, Map<String, ObjectClass> result) {
        Map<String, ObjectClass> byId = new HashMap<>();
        for (Element ocd : children(doc.getDocumentElement(), "OCD")) {
            List<Setting> settings = new ArrayList<>();
            for (Element ad : children(ocd, "AD")) {
                settings.add(setting(ad));
            }
            byId.put(ocd.getAttribute("id"), new ObjectClass(ocd.getAttribute("name"), ocd.getAttribute("description"),
                    settings));
        }
        for (Element designate : children(doc.getDocumentElement(), "Designate")) {
            String pid = designate.hasAttribute("factoryPid") ? designate.getAttribute("factoryPid")
                    : designate.getAttribute("pid");
            for (Element object : children(designate, "Object")) {
                ObjectClass oc = byId.get(object.getAttribute("ocdref"));
                if (oc == null) {
                    throw new IllegalArgumentException("Designate " + pid + " refers to OCD '"
                            + object.getAttribute("ocdref") + "', which the file does not define");
                }
                result.put(pid, oc);
            }
        }
    }

    private static Setting setting(Element ad) {
        String id = ad.getAttribute("id");
        Setting.Kind kind = switch (ad.getAttribute("type")) {
            case "Password" -> Setting.Kind.PASSWORD;
            case "Integer", "Short", "Byte" -> Setting.Kind.INTEGER;
            case "Long" -> Setting.Kind.LONG;
            case "Boolean" -> Setting.Kind.BOOLEAN;
            default -> Setting.Kind.STRING;
        };
        String defaultValue = ad.hasAttribute("default") ? ad.getAttribute("default") : null;
        boolean required = !"false".equals(ad.getAttribute("required")) && defaultValue == null;
        List<String> choices = new ArrayList<>();
        for (Element option : children(ad, "Option")) {
            choices.add(option.getAttribute("value"));
        }
        Long min = null;
        if (ad.hasAttribute("min")) {
            try {
                min = Long.valueOf(ad.getAttribute("min").trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("AD " + id + ": min '" + ad.getAttribute("min") + "' is not a number");
            }
        }
        String label = ad.hasAttribute("name") ? ad.getAttribute("name") : id;
        return new Setting(id, label, ad.getAttribute("description"), kind, defaultValue, required, choices, min);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && localName.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) {
                result.add(e);
            }
        }
        return result;
    }
}
