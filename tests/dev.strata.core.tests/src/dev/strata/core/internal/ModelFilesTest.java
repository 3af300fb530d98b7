package dev.strata.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.strata.core.StrataException;

/**
 * A repository's model read from .ecore files as users have them: files naming each other by the
 * locations of the tool that wrote them, a copy of a package that is registered already, two files
 * of one name, references that lead nowhere where objects need them and where they do not.
 */
class ModelFilesTest {

    @TempDir
    Path dir;

    private final String n = Long.toString(System.nanoTime());

    private Path ecore(Path file, String name, String body) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="%s" nsURI="http://example.org/%s/%s" nsPrefix="%s">
                %s
                </ecore:EPackage>
                """.formatted(name, name, n, name, body));
    }

    private static EClass classOf(ModelFiles files, String name) {
        return files.packages().stream().map(p -> p.getEClassifier(name)).filter(EClass.class::isInstance)
                .map(EClass.class::cast).findFirst().orElseThrow();
    }

    @Test
    void aCopyOfARegisteredPackageStandsForThatPackage() throws Exception {
        Path copy = dir.resolve("Ecore.ecore");
        try (InputStream in = EcorePackage.class.getResourceAsStream("/model/Ecore.ecore")) {
            Files.copy(in, copy);
        }
        Path notes = ecore(dir.resolve("notes.ecore"), "notes", """
                  <eClassifiers xsi:type="ecore:EClass" name="Note">
                    <eStructuralFeatures xsi:type="ecore:EReference" name="about"
                        eType="ecore:EClass platform:/plugin/acme.meta/model/Ecore.ecore#//EClass"/>
                  </eClassifiers>
                """);
        try (ModelFiles files = ModelFiles.load("notes", new String[] { notes.toString(), copy.toString() })) {
            assertSame(EcorePackage.Literals.ECLASS, classOf(files, "Note").getEStructuralFeature("about").getEType(),
                    "Ecore's registered EClass, not the file's copy of it");
            assertTrue(files.packages().contains(EcorePackage.eINSTANCE));
        }
    }

    @Test
    void aFeaturesTypeThatLeadsNowhereIsRefusedAnOperationsIsNot() throws Exception {
        Path ops = ecore(dir.resolve("ops.ecore"), "ops", """
                  <eClassifiers xsi:type="ecore:EClass" name="Job">
                    <eOperations name="run" eType="ecore:EClass platform:/plugin/nowhere/model/x.ecore#//Result"/>
                  </eClassifiers>
                """);
        try (ModelFiles files = ModelFiles.load("ops", new String[] { ops.toString() })) {
            assertEquals("Job", classOf(files, "Job").getName(), "an operation's type is not needed by objects");
        }
        Path fields = ecore(dir.resolve("fields.ecore"), "fields", """
                  <eClassifiers xsi:type="ecore:EClass" name="Job">
                    <eStructuralFeatures xsi:type="ecore:EReference" name="result"
                        eType="ecore:EClass platform:/plugin/nowhere/model/x.ecore#//Result"/>
                  </eClassifiers>
                """);
        StrataException e = assertThrows(StrataException.class,
                () -> ModelFiles.load("fields", new String[] { fields.toString() }));
        assertTrue(e.getMessage().contains("'" + fields + "' refers to platform:/plugin/nowhere/model/x.ecore#//Result,"
                + " which cannot be read") && e.getMessage().endsWith("(x.ecore)"), e.getMessage());
        assertNull(EPackage.Registry.INSTANCE.getEPackage("http://example.org/fields/" + n), "nothing left registered");
    }

    @Test
    void twoFilesOfOneNameAreEachTheirOwn() throws Exception {
        String money = """
                  <eClassifiers xsi:type="ecore:EDataType" name="Money" instanceClassName="java.math.BigDecimal"/>
                """;
        Path a = ecore(dir.resolve("a/types.ecore"), "typesa", money);
        Path b = ecore(dir.resolve("b/types.ecore"), "typesb", money);
        Path shop = ecore(dir.resolve("shop/shop.ecore"), "shop", """
                  <eClassifiers xsi:type="ecore:EClass" name="Item">
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="exact"
                        eType="ecore:EDataType ../b/types.ecore#//Money"/>
                    <eStructuralFeatures xsi:type="ecore:EAttribute" name="byName"
                        eType="ecore:EDataType platform:/plugin/acme.types/model/types.ecore#//Money"/>
                  </eClassifiers>
                """);
        try (ModelFiles files = ModelFiles.load("shop", new String[] { shop.toString(), a.toString(), b.toString() })) {
            EClass item = classOf(files, "Item");
            assertEquals("typesb", item.getEStructuralFeature("exact").getEType().getEPackage().getName(),
                    "a reference to b/types.ecore stays there");
            assertEquals("typesa", item.getEStructuralFeature("byName").getEType().getEPackage().getName(),
                    "another location of that name: the first file given of it");
        }
    }

    @Test
    void aFailingFileUnregistersWhatTheFilesBeforeItRegistered() throws Exception {
        Path good = ecore(dir.resolve("good.ecore"), "good", "");
        Path bad = Files.writeString(dir.resolve("bad.ecore"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <ecore:EPackage xmi:version="2.0" xmlns:xmi="http://www.omg.org/XMI"
                    xmlns:ecore="http://www.eclipse.org/emf/2002/Ecore" name="bad"/>
                """);
        StrataException e = assertThrows(StrataException.class,
                () -> ModelFiles.load("both", new String[] { good.toString(), bad.toString() }));
        assertTrue(e.getMessage().contains("has no namespace URI"), e.getMessage());
        assertNull(EPackage.Registry.INSTANCE.getEPackage("http://example.org/good/" + n));
    }
}
