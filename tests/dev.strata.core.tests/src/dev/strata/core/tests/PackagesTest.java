package dev.strata.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcoreFactory;
import org.junit.jupiter.api.Test;

import dev.strata.core.Packages;

class PackagesTest {

    private static EPackage pkg(String name, EPackage... subs) {
        EPackage p = EcoreFactory.eINSTANCE.createEPackage();
        p.setName(name);
        p.setNsURI("http://test/" + name);
        p.getESubpackages().addAll(List.of(subs));
        return p;
    }

    @Test
    void aModelIsItsPackagesAndTheirSubpackagesAtAnyDepthEachOnce() {
        EPackage deep = pkg("deep");
        EPackage inner = pkg("inner", deep);
        EPackage top = pkg("top", inner, pkg("side"));
        EPackage other = pkg("other");
        List<String> names = Packages.withSubpackages(List.of(top, other, top)).stream().map(EPackage::getName).toList();
        assertEquals(List.of("top", "other", "inner", "side", "deep"), names);
        assertEquals(List.of(deep), Packages.withSubpackages(List.of(deep)));
    }
}
