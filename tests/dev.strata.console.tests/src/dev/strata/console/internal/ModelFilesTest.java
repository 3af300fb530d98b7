package dev.strata.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.emfcloud.jackson.resource.JsonResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.wire.ModelFiles;

/** {@link ModelFiles}, the one reader and writer of model files, on its own: formats, ids, error messages. */
class ModelFilesTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownExtensionIsRefusedNamingTheExtensionsUnderstood() {
        Path notes = dir.resolve("notes.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.resource(notes));
        assertTrue(e.getMessage().startsWith("Cannot tell the format of notes.txt: use a file ending in .xmi or .json"
                + " (or .xml, .ecore"), e.getMessage());
        assertFalse(ModelFiles.understands(notes));
        assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class,
                () -> ModelFiles.checkExtension(notes)).getMessage(), "the forms say the same");
    }

    /** Another tool's extension (or .uml where UML2 is not installed): read as XMI if the file is XMI. */
    @Test
    void anXmiDocumentIsReadWhateverItsExtensionAndAnythingElseIsRefused() throws Exception {
        Path xmi = Files.writeString(dir.resolve("model.sysml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="parts" nsURI="http://example.org/parts"/>
                """);
        assertFalse(ModelFiles.understands(xmi), "not by its extension");
        assertTrue(ModelFiles.readable(xmi));
        EPackage read = (EPackage) ModelFiles.load(xmi).getContents().get(0);
        assertEquals("parts", read.getName());
        Path text = Files.writeString(dir.resolve("notes.sysml"), "<parts/>\n");
        assertFalse(ModelFiles.readable(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.load(text));
        assertTrue(e.getMessage().startsWith("Cannot tell the format of notes.sysml")
                && e.getMessage().endsWith("or any extension for an XMI document (this file is not one)"), e.getMessage());
    }

    @Test
    void anExtensionAModelBundleRegistersIsReadWithItsFactoryAndNamedInTheRefusal() {
        Resource.Factory factory = new XMIResourceFactoryImpl();
        var registry = Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap();
        registry.put("strataprobe", factory);
        try {
            assertTrue(ModelFiles.understands(dir.resolve("m.strataprobe")));
            assertTrue(ModelFiles.extensions().contains("strataprobe"));
            assertTrue(ModelFiles.resource(dir.resolve("m.strataprobe")).getResourceSet() != null, "in a set of its own");
            String refusal = assertThrows(IllegalArgumentException.class,
                    () -> ModelFiles.resource(dir.resolve("notes.txt"))).getMessage();
            assertTrue(refusal.contains("or another extension EMF has a resource factory for here: ")
                    && refusal.contains(".strataprobe"), refusal);
        } finally {
            registry.remove("strataprobe");
        }
    }

    @Test
    void aMalformedXmiFileIsReportedWithItsPathLineAndTheParsersWords() throws Exception {
        Path bad = dir.resolve("broken.xmi");
        Files.writeString(bad, "<?xml version=\"1.0\"?>\n<xmi:XMI xmlns:xmi=\"http://www.omg.org/XMI\">\n<oops\n");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(bad));
        assertTrue(e.getMessage().matches("Cannot read \\Q" + bad + "\\E, line [34], column \\d+: .+"), e.getMessage());
    }

    /** A value EMF cannot convert (as '*' for a UML UnlimitedNatural read through a dynamic UML.ecore): place and meaning. */
    @Test
    void aValueThatDoesNotFitItsDataTypeIsReportedWithItsPlaceAndWhatItMeans() throws Exception {
        dev.strata.example.tasks.TasksPackage.eINSTANCE.getName(); // registered
        Path bad = dir.resolve("unlimited.xmi");
        Files.writeString(bad, """
                <?xml version="1.0" encoding="UTF-8"?>
                <tasks:Project xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI" xmlns:tasks="http://strata.dev/example/tasks/1.0" name="P">
                  <tasks title="t" priority="*"/>
                </tasks:Project>
                """);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(bad));
        assertTrue(e.getMessage().startsWith("Cannot read " + bad + ", line 3, column "), e.getMessage());
        assertTrue(e.getMessage().contains("\"*\"") && e.getMessage().contains("a value that does not fit its data type"),
                e.getMessage());
    }

    @Test
    void aMalformedJsonFileIsReportedWithItsPathAndLine() throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\n  \"name\": \"x\",\n  oops\n}\n");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(bad));
        assertTrue(e.getMessage().startsWith("Cannot read " + bad + ", line 3, column "), e.getMessage());
    }

    @Test
    void copiesAreSavedWithTheirOriginalsIdsAndReadBack() throws Exception {
        Project p = TasksFactory.eINSTANCE.createProject();
        p.setName("Saved");
        Task t = TasksFactory.eINSTANCE.createTask();
        t.setTitle("kept");
        p.getTasks().add(t);
        for (String ext : List.of("xmi", "json")) {
            Path file = dir.resolve("saved." + ext);
            int written = ModelFiles.save(file, List.of(p), o -> o == p ? "_project" : "_task");
            assertEquals(2, written);
            assertEquals(p, t.eContainer(), "the originals stay where they were");
            Resource back = ModelFiles.load(file);
            EObject project = back.getContents().get(0);
            assertEquals("Saved", ((Project) project).getName());
            String id = back instanceof XMLResource xml ? xml.getID(project) : ((JsonResource) back).getID(project);
            assertEquals("_project", id, ext);
            assertEquals("kept", ((Task) back.getEObject("_task")).getTitle(), ext);
        }
    }
}
