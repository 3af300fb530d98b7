package dev.strata.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.impl.BinaryResourceImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.eclipse.emf.ecore.xmi.impl.XMLParserPoolImpl;
import org.junit.jupiter.api.Test;

import dev.strata.core.CommitResult;
import dev.strata.core.ObjectId;
import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.store.file.FileModelStore;
import dev.strata.store.file.FileStoreOptions;
import dev.strata.store.file.FileStores;

/**
 * File store against plain EMF on 10k, 100k and 1M tasks (+10 % coordinators): persisting one
 * changed title, opening the model, and file size. Writes target/benchmarks/file-store.md.
 */
class FileStoreBenchmark {

    private final List<String> rows = new ArrayList<>();

    private static Project model(int tasks) {
        return Models.project(tasks, tasks / 10);
    }

    static Map<Object, Object> xmiSaveOptions() {
        Map<Object, Object> o = new HashMap<>();
        o.put(XMLResource.OPTION_USE_ENCODED_ATTRIBUTE_STYLE, Boolean.TRUE);
        o.put(XMLResource.OPTION_ENCODING, "UTF-8");
        return o;
    }

    static Map<Object, Object> xmiLoadOptions() {
        Map<Object, Object> o = new HashMap<>();
        o.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        o.put(XMLResource.OPTION_USE_PARSER_POOL, new XMLParserPoolImpl());
        o.put(XMLResource.OPTION_USE_XML_NAME_TO_FEATURE_MAP, new HashMap<>());
        o.put(XMLResource.OPTION_DEFER_ATTACHMENT, Boolean.TRUE);
        return o;
    }

    private static long median(long[] samples) {
        long[] s = samples.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String ms(long nanos) {
        return nanos >= 10_000_000 ? String.format("%.0f ms", nanos / 1e6) : String.format("%.2f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    private static long dirSize(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** Fails unless a model read back is the one written: n tasks, n / 10 coordinators, the changed title. */
    private static void checkLoaded(String step, Resource r, int n) {
        if (r.getContents().size() != 1 || !(r.getContents().get(0) instanceof Project p)) {
            throw new IllegalStateException(step + ": read " + r.getContents().size() + " roots, expected 1 project");
        }
        if (p.getTasks().size() != n || p.getCoordinators().size() != n / 10) {
            throw new IllegalStateException(step + ": read " + p.getTasks().size() + " tasks and " + p.getCoordinators().size()
                    + " coordinators, expected " + n + " and " + n / 10);
        }
        if (!"changed".equals(p.getTasks().get(n / 2).getTitle())) {
            throw new IllegalStateException(step + ": task " + n / 2 + " reads title '" + p.getTasks().get(n / 2).getTitle()
                    + "', expected the changed title 'changed'");
        }
    }

    private static void checkWritten(String step, Path file, long size) {
        if (size == 0) {
            throw new IllegalStateException(step + ": " + file.getFileName() + " is empty");
        }
    }

    @Test
    void run() throws IOException {
        Path work = Files.createTempDirectory("strata-file-bench");
        try {
            for (int n : new int[] { 10_000, 100_000, 1_000_000 }) {
                measure(work.resolve("n" + n), n);
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StringBuilder md = new StringBuilder("# File store benchmark\n\n").append(ZonedDateTime.now())
                .append(", max heap ").append(Runtime.getRuntime().maxMemory() / 1_000_000).append(" MB\n\n")
                .append("| tasks | one changed title: XMI re-save / binary re-save / Strata commit (fsync) / one fsync |"
                        + " open: EMF XMI / EMF binary / Strata XMI / Strata binary / Strata JSON snapshot |"
                        + " size: XMI / binary / Strata XMI / Strata binary / Strata JSON |\n|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        Path out = Path.of(System.getProperty("strata.benchmarks.out", "target/benchmarks"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("file-store.md"), md.toString());
        System.out.println(md);
    }

    private void measure(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        // Plain EMF: the whole file is written for one change.
        Project plain = model(n);
        ResourceSetImpl set = new ResourceSetImpl();
        Path xmiFile = dir.resolve("plain.xmi");
        XMIResourceImpl xmi = new XMIResourceImpl(URI.createFileURI(xmiFile.toString()));
        set.getResources().add(xmi);
        xmi.getContents().add(plain);
        xmi.save(xmiSaveOptions());
        plain.getTasks().get(n / 2).setTitle("changed");
        long t0 = System.nanoTime();
        xmi.save(xmiSaveOptions());
        long xmiSave = System.nanoTime() - t0;
        Path binFile = dir.resolve("plain.bin");
        Resource bin = new BinaryResourceImpl(URI.createFileURI(binFile.toString()));
        set.getResources().add(bin);
        bin.getContents().add(plain);
        t0 = System.nanoTime();
        bin.save(Map.of());
        long binSave = System.nanoTime() - t0;
        long xmiSize = Files.size(xmiFile);
        long binSize = Files.size(binFile);
        checkWritten("EMF XMI re-save, " + n + " tasks", xmiFile, xmiSize);
        checkWritten("EMF binary save, " + n + " tasks", binFile, binSize);
        plain = null;
        xmi = null;
        bin = null;
        set = null;

        ResourceSetImpl loadSet = new ResourceSetImpl();
        XMIResourceImpl xmiLoad = new XMIResourceImpl(URI.createFileURI(xmiFile.toString()));
        xmiLoad.setIntrinsicIDToEObjectMap(new HashMap<>());
        loadSet.getResources().add(xmiLoad);
        t0 = System.nanoTime();
        xmiLoad.load(xmiLoadOptions());
        long xmiOpen = System.nanoTime() - t0;
        Resource binLoad = new BinaryResourceImpl(URI.createFileURI(binFile.toString()));
        loadSet.getResources().add(binLoad);
        t0 = System.nanoTime();
        binLoad.load(Map.of());
        long binOpen = System.nanoTime() - t0;
        checkLoaded("EMF XMI open, " + n + " tasks", xmiLoad, n);
        checkLoaded("EMF binary open, " + n + " tasks", binLoad, n);
        loadSet = null;
        xmiLoad = null;
        binLoad = null;

        // Strata: the same model committed once, then one changed title per commit.
        long[] opens = new long[FileStoreOptions.Format.values().length];
        long[] sizes = new long[opens.length];
        long commitMedian = 0;
        for (FileStoreOptions.Format format : FileStoreOptions.Format.values()) {
            Path storeDir = dir.resolve("strata-" + format.extension());
            FileStoreOptions options = FileStoreOptions.defaults(storeDir).withFormat(format).withCompactAfterBytes(0);
            String label = "Strata " + format.name().toLowerCase() + " store, " + n + " tasks";
            int objects = n + n / 10 + 1; // tasks, coordinators, the project
            ObjectId projectId;
            ObjectId lastChanged = null;
            String lastTitle = null;
            try (FileModelStore store = FileStores.open("bench", options)) {
                Repository repo = Repositories.builder("bench", store).packages(TasksPackage.eINSTANCE).validate(false)
                        .build();
                try (Session s = repo.openSession()) {
                    Project p = model(n);
                    s.add(p);
                    CommitResult created = s.commit();
                    if (created.newVersions().size() != objects) {
                        throw new IllegalStateException(label + ", first commit: versions for "
                                + created.newVersions().size() + " objects, expected " + objects);
                    }
                    projectId = s.idOf(p);
                    if (format == FileStoreOptions.Format.XMI) {
                        long[] samples = new long[200];
                        for (int i = 0; i < samples.length; i++) {
                            Task task = p.getTasks().get((i * 7919) % n);
                            task.setTitle("changed " + i);
                            long c0 = System.nanoTime();
                            CommitResult result = s.commit();
                            samples[i] = System.nanoTime() - c0;
                            lastChanged = s.idOf(task);
                            lastTitle = "changed " + i;
                            if (!result.newVersions().containsKey(lastChanged)) {
                                throw new IllegalStateException(label + ", commit of one changed title (" + i
                                        + "): versions for " + result.newVersions().keySet() + ", expected for the changed task");
                            }
                        }
                        commitMedian = median(samples);
                    }
                }
                store.compact();
            }
            t0 = System.nanoTime();
            try (FileModelStore store = FileStores.open("bench", options)) {
                opens[format.ordinal()] = System.nanoTime() - t0;
                if (store.load(projectId).isEmpty()) {
                    throw new IllegalStateException(label + ", reopen: project missing");
                }
                int roots = store.roots().size();
                int read = store.loadTree(projectId).size();
                if (roots != 1 || read != objects) {
                    throw new IllegalStateException(label + ", reopen: " + roots + " roots and " + read
                            + " objects under the project, expected 1 and " + objects);
                }
                if (lastChanged != null) {
                    Object title = store.load(lastChanged).orElseThrow().value("title");
                    if (!lastTitle.equals(title)) {
                        throw new IllegalStateException(label + ", reopen: the last changed task reads title '" + title
                                + "', expected '" + lastTitle + "'");
                    }
                }
            }
            sizes[format.ordinal()] = dirSize(storeDir, "." + format.extension());
            checkWritten(label + ", snapshot", storeDir, sizes[format.ordinal()]);
        }
        long fsync = fsyncMedian(dir.resolve("fsync.probe"));
        String row = String.format("| %,d | %s / %s / **%s** / %s | %s / %s / **%s** / **%s** / %s | %s / %s / %s / %s / %s |",
                n, ms(xmiSave), ms(binSave), ms(commitMedian), ms(fsync), ms(xmiOpen), ms(binOpen), ms(opens[0]),
                ms(opens[1]), ms(opens[2]), mb(xmiSize), mb(binSize), mb(sizes[0]), mb(sizes[1]), mb(sizes[2]));
        System.out.println(row);
        rows.add(row);
    }

    /** The median time of appending ~200 bytes and forcing them, as the journal does per commit. */
    private static long fsyncMedian(Path file) throws IOException {
        long[] samples = new long[200];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(200);
            long pos = 0;
            for (int i = 0; i < samples.length; i++) {
                buf.clear();
                long t0 = System.nanoTime();
                pos += ch.write(buf, pos);
                ch.force(false);
                samples[i] = System.nanoTime() - t0;
            }
        }
        return median(samples);
    }
}
