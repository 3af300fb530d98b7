package dev.strata.ui.internal;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.edit.provider.ComposedImage;
import org.eclipse.emf.edit.provider.IItemLabelProvider;
import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;

import dev.strata.core.Labels;
import dev.strata.core.ObjectState;
import dev.strata.core.Repository;
import dev.strata.core.Session;

/** Labels and icons from EMF.Edit item providers, with each object's state shown beside it. */
final class ExplorerLabels extends LabelProvider {

    private final ExplorerContent content;
    private final Map<Object, Image> images = new HashMap<>();

    ExplorerLabels(ExplorerContent content) {
        this.content = content;
    }

    @Override
    public String getText(Object element) {
        if (element instanceof Repository r) {
            String problem = content.unreadable(r);
            return r.name() + "  [" + r.store().name() + "]"
                    + (problem == null ? "" : "  (not up to date, the store cannot be read: " + problem + ")");
        }
        if (element instanceof ExplorerContent.Placeholder p) {
            return p.text();
        }
        if (element instanceof ExplorerContent.NotRead n) {
            return n.text();
        }
        if (element instanceof ExplorerContent.Range r) {
            return r.label();
        }
        if (element instanceof PastStates.Past p) {
            return p.label();
        }
        if (element instanceof EObject o) {
            String text = text(content.adapters, o);
            // While a job holds the sessions, states are left out until the refresh that follows it.
            Session s = content.sessionOf(o);
            ObjectState state = s == null ? null : s.state(o);
            return state == null || state == ObjectState.CLEAN ? text
                    : (state == ObjectState.DIRTY ? "> " : "") + text + "  [" + state.name().toLowerCase(java.util.Locale.ROOT) + "]";
        }
        if (element instanceof IItemLabelProvider wrapper) {
            return wrapper.getText(element); // a mixed-content text entry, as its wrapper labels it
        }
        return String.valueOf(element);
    }

    /** An object's label as its item provider gives it ({@code Task Write docs}), or Strata's own. */
    static String text(org.eclipse.emf.common.notify.AdapterFactory adapters, EObject o) {
        IItemLabelProvider labels = (IItemLabelProvider) adapters.adapt(o, IItemLabelProvider.class);
        return labels != null ? labels.getText(o) : Labels.of(o);
    }

    @Override
    public Image getImage(Object element) {
        if (!(element instanceof EObject o)) {
            return null;
        }
        IItemLabelProvider labels = (IItemLabelProvider) content.adapters.adapt(o, IItemLabelProvider.class);
        URL url = url(labels == null ? null : labels.getImage(o));
        if (url == null) {
            return null;
        }
        return images.computeIfAbsent(url.toString(), k -> ImageDescriptor.createFromURL(url).createImage(false));
    }

    /** An item provider's image (a URL, or a composed image of URLs shown by its first part), or null. */
    private static URL url(Object image) {
        if (image instanceof ComposedImage composed) {
            List<Object> parts = composed.getImages();
            image = parts.isEmpty() ? null : parts.get(0);
        }
        return image instanceof URL url ? url : null;
    }

    /** The descriptor of an item provider's image, for a menu item; null if it has none. */
    static ImageDescriptor descriptor(Object image) {
        URL url = url(image);
        return url == null ? null : ImageDescriptor.createFromURL(url);
    }

    @Override
    public void dispose() {
        images.values().forEach(i -> {
            if (i != null) {
                i.dispose();
            }
        });
        images.clear();
        super.dispose();
    }
}
