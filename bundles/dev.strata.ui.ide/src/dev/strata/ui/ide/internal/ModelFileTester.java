package dev.strata.ui.ide.internal;

import java.nio.file.Path;

import org.eclipse.core.expressions.PropertyTester;
import org.eclipse.core.resources.IFile;

import dev.strata.wire.ModelFiles;

/**
 * Property {@code dev.strata.ui.ide.modelFile}: a workspace file Strata can import, by its extension
 * ({@link ModelFiles}: XMI, Ecore, JSON, and any type EMF has a resource factory for, such as UML).
 * or any XMI document whatever its extension. A fixed list in plugin.xml would miss the types model
 * bundles register.
 */
public final class ModelFileTester extends PropertyTester {

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        if (!(receiver instanceof IFile file)) {
            return false;
        }
        // By name first; a file of another extension is read if it is XMI (a .uml without UML2).
        return ModelFiles.understands(Path.of(file.getName()))
                || file.getLocation() != null && ModelFiles.readable(file.getLocation().toPath());
    }
}
