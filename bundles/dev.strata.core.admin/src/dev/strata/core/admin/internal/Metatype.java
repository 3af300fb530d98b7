package dev.strata.core.admin.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.equinox.metatype.EquinoxAttributeDefinition;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import dev.strata.core.admin.Setting;

/**
 * A store type's settings as the Metatype service describes its component's (factory) PID: what
 * the forms and {@code mkstore} offer and check.
 */
final class Metatype {

    /** An object class definition as designated for a PID. */
    record ObjectClass(String name, String description, List<Setting> settings) {
    }

    private Metatype() {
    }

    /** The object class the bundle designates for a PID or factory PID, if it has one. */
    static Optional<ObjectClass> of(MetaTypeService service, Bundle bundle, String pid) {
        MetaTypeInformation info = service.getMetaTypeInformation(bundle);
        if (info == null || !designates(info, pid)) {
            return Optional.empty();
        }
        ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
        Set<String> required = ids(ocd.getAttributeDefinitions(ObjectClassDefinition.REQUIRED));
        List<Setting> settings = new ArrayList<>();
        AttributeDefinition[] all = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
        for (AttributeDefinition ad : all == null ? new AttributeDefinition[0] : all) {
            settings.add(setting(ad, required.contains(ad.getID())));
        }
        return Optional.of(new ObjectClass(text(ocd.getName()), text(ocd.getDescription()), settings));
    }

    private static boolean designates(MetaTypeInformation info, String pid) {
        return Arrays.asList(info.getFactoryPids()).contains(pid) || Arrays.asList(info.getPids()).contains(pid);
    }

    private static Set<String> ids(AttributeDefinition[] ads) {
        Set<String> ids = new HashSet<>();
        for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) {
            ids.add(ad.getID());
        }
        return ids;
    }

    private static Setting setting(AttributeDefinition ad, boolean required) {
        Setting.Kind kind = switch (ad.getType()) {
            case AttributeDefinition.PASSWORD -> Setting.Kind.PASSWORD;
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> Setting.Kind.INTEGER;
            case AttributeDefinition.LONG -> Setting.Kind.LONG;
            case AttributeDefinition.BOOLEAN -> Setting.Kind.BOOLEAN;
            default -> Setting.Kind.STRING;
        };
        String[] defaults = ad.getDefaultValue();
        // An empty default (default="") is a default all the same: the component then reads "".
        String defaultValue = defaults == null ? null : defaults.length == 0 ? "" : String.join(",", defaults);
        String[] options = ad.getOptionValues();
        List<String> choices = options == null ? List.of() : List.of(options);
        Long min = null;
        // The Metatype API has no getter for min; Equinox's extension of it has.
        if (ad instanceof EquinoxAttributeDefinition e && e.getMin() != null && !e.getMin().isBlank()) {
            try {
                min = Long.valueOf(e.getMin().trim());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("Setting " + ad.getID() + ": min '" + e.getMin() + "' is not a number");
            }
        }
        String label = ad.getName() == null || ad.getName().isBlank() ? ad.getID() : ad.getName();
        return new Setting(ad.getID(), label, text(ad.getDescription()), kind, defaultValue,
                required && defaultValue == null, choices, min);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
