package dev.strata.ui.ide.internal;

import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.core.runtime.IPath;

/** A workspace file's place in the file system, for the Strata views that read files (they know no workspace). */
public final class FilePaths implements IAdapterFactory {

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
        if (adaptable instanceof IFile file && adapterType == Path.class) {
            IPath location = file.getLocation(); // null for a file not in the local file system
            return location == null ? null : adapterType.cast(location.toPath());
        }
        return null;
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] { Path.class };
    }
}
