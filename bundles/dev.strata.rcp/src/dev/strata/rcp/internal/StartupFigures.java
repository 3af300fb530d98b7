package dev.strata.rcp.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What starting the product cost up to now: wall time since the JVM started, the process's CPU time
 * (all threads), heap in use and, on Linux, the resident set size. One line, read by the start-up
 * benchmark (releng/dev.strata.product/checks/startup-benchmark.sh).
 */
final class StartupFigures {

    private StartupFigures() {
    }

    static String now() {
        long wallMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        long cpuMs = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        Runtime rt = Runtime.getRuntime();
        long heapMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        return String.format("Strata start-up: window after %d ms, CPU %d ms, heap %d MB, RSS %s MB, %d bundles active",
                wallMs, cpuMs, heapMb, rssMb(), activeBundles());
    }

    private static String rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return String.valueOf(Long.parseLong(line.replaceAll("\\D", "")) >> 10);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs: the figure is left out, the others still count.
        }
        return "?";
    }

    private static long activeBundles() {
        var context = org.osgi.framework.FrameworkUtil.getBundle(StartupFigures.class).getBundleContext();
        return java.util.Arrays.stream(context.getBundles())
                .filter(b -> b.getState() == org.osgi.framework.Bundle.ACTIVE).count();
    }
}
