package dev.strata.core.contract;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Starts a plain JVM (no OSGi) on the code of some bundles: for tests that must kill a process
 * with SIGKILL, or limit its heap. The class path is the code sources of the given classes.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** The code sources of these classes, in the build's layout (a bundle's target/classes when run from source). */
    public static String classPath(List<Class<?>> classes) {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            try {
                Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(p) && Files.isDirectory(p.resolve("target/classes"))) {
                    p = p.resolve("target/classes");
                }
                entries.add(p.toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("Cannot locate the code of " + c.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * A process builder running {@code main} with this JVM's java command on the code of the
     * classes (main's own included), with extra JVM options, standard error merged into output.
     */
    public static ProcessBuilder of(Class<?> main, List<Class<?>> classes, List<String> jvmOptions, String... args) {
        List<Class<?>> all = new ArrayList<>(List.of(main));
        all.addAll(classes);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath(all));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
