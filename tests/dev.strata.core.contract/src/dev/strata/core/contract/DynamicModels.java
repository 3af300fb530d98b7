package dev.strata.core.contract;

import java.nio.file.Path;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EcoreFactory;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

/** Models as a user brings them: .ecore files with no generated code, read with dynamic EMF. */
public final class DynamicModels {

    private DynamicModels() {
    }

    /** Library (name, books) containing Books (title, pages), saved as an .ecore file. */
    public static Path writeLibrary(Path file, String nsUri) throws java.io.IOException {
        EcoreFactory f = EcoreFactory.eINSTANCE;
        EPackage p = f.createEPackage();
        p.setName("library");
        p.setNsPrefix("library");
        p.setNsURI(nsUri);
        EClass book = f.createEClass();
        book.setName("Book");
        book.getEStructuralFeatures().add(attribute("title", EcorePackage.Literals.ESTRING));
        book.getEStructuralFeatures().add(attribute("pages", EcorePackage.Literals.EINT));
        EClass libraryClass = f.createEClass();
        libraryClass.setName("Library");
        libraryClass.getEStructuralFeatures().add(attribute("name", EcorePackage.Literals.ESTRING));
        EReference books = f.createEReference();
        books.setName("books");
        books.setEType(book);
        books.setContainment(true);
        books.setUpperBound(-1);
        libraryClass.getEStructuralFeatures().add(books);
        p.getEClassifiers().add(libraryClass);
        p.getEClassifiers().add(book);
        Resource r = new EcoreResourceFactoryImpl().createResource(URI.createFileURI(file.toString()));
        r.getContents().add(p);
        r.save(null);
        return file;
    }

    private static EAttribute attribute(String name, org.eclipse.emf.ecore.EDataType type) {
        EAttribute a = EcoreFactory.eINSTANCE.createEAttribute();
        a.setName(name);
        a.setEType(type);
        return a;
    }
}
