// SPDX-License-Identifier: EPL-2.0

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.generator.GeneratorAdapterFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.GenPackage;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.URIConverter;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;

/**
 * Runs EMF's own code generator headless on a bundle's genmodel, as "Generate Model Code" and
 * "Generate Edit Code" do in the IDE. Run through ../generate.sh, which puts the generator jars on
 * the class path.
 *
 * <p>Usage: {@code java -cp 'target/lib/*' Generate.java <bundle-dir> <genmodel path in bundle>
 * model|edit...}
 */
public final class Generate {

  private static final List<String> PROJECT_TYPES = List.of("model", "edit");

  public static void main(String[] args) throws IOException {
    List<String> projectTypes = Arrays.asList(args).subList(Math.min(2, args.length), args.length);
    if (args.length < 3 || !PROJECT_TYPES.containsAll(projectTypes)) {
      System.err.println("usage: Generate <bundle-dir> <genmodel path relative to bundle-dir> model|edit...");
      System.exit(2);
    }
    Path bundle = Path.of(args[0]).toAbsolutePath().normalize();
    String genModelPath = args[1];
    // The genmodel addresses its project as a workspace project named like the bundle folder.
    String project = bundle.getFileName().toString();

    // Stand-alone replacements for what the Eclipse workspace and extension registry provide.
    EcorePlugin.getPlatformResourceMap().put(project, URI.createFileURI(bundle + "/"));
    // usedGenPackages points at platform:/plugin/org.eclipse.emf.ecore/model/Ecore.genmodel.
    String ecoreJar = EcorePackage.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    URIConverter.URI_MAP.put(URI.createPlatformPluginURI("/org.eclipse.emf.ecore/", false),
        URI.createURI("archive:" + URI.createFileURI(ecoreJar) + "!/"));
    Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().put("ecore", new EcoreResourceFactoryImpl());
    Resource.Factory.Registry.INSTANCE.getExtensionToFactoryMap().put("genmodel", new EcoreResourceFactoryImpl());
    EPackage.Registry.INSTANCE.put(GenModelPackage.eNS_URI, GenModelPackage.eINSTANCE);
    GeneratorAdapterFactory.Descriptor.Registry.INSTANCE.addDescriptor(GenModelPackage.eNS_URI,
        GenModelGeneratorAdapterFactory.DESCRIPTOR);

    ResourceSet resourceSet = new ResourceSetImpl();
    Resource resource = resourceSet.getResource(
        URI.createPlatformResourceURI("/" + project + "/" + genModelPath, true), true);
    GenModel genModel = (GenModel) resource.getContents().get(0);

    // reconcile() aligns the genmodel with the .ecore; a change means the genmodel on disk is stale.
    byte[] before = serialize(resource);
    genModel.reconcile();
    if (!Arrays.equals(before, serialize(resource))) {
      System.err.println("WARNING: " + genModelPath + " is out of sync with its .ecore; reload it in the IDE.");
    }

    Diagnostic validation = genModel.diagnose();
    if (validation.getSeverity() == Diagnostic.ERROR) {
      print(validation);
      System.exit(1);
    }

    genModel.setCanGenerate(true);
    Generator generator = new Generator();
    generator.setInput(genModel);
    for (String projectType : projectTypes) {
      boolean model = projectType.equals("model");
      // The other projects of the genmodel (e.g. /<bundle>.edit/src) are sibling bundle folders.
      Path target = bundle.resolveSibling(projectName(
          model ? genModel.getModelProjectDirectory() : genModel.getEditProjectDirectory()));
      // With updateClasspath="false" the generator keeps an existing MANIFEST.MF and build.properties
      // but writes its own where they are missing; ours must be in place first.
      for (String handWritten : List.of("META-INF/MANIFEST.MF", "build.properties")) {
        if (!Files.isRegularFile(target.resolve(handWritten))) {
          System.err.println(target.resolve(handWritten) + " is missing; write it before generating.");
          System.exit(1);
        }
      }
      EcorePlugin.getPlatformResourceMap().put(target.getFileName().toString(),
          URI.createFileURI(target + "/"));
      // Ecore is a used package (for its data types) and has an edit plug-in, so the generated edit
      // plug-in class would delegate to EcoreEditPlugin and need org.eclipse.emf.ecore.edit. That only
      // labels Ecore's own classes, which this model never shows; leave Ecore out of the edit pass.
      List<GenPackage> ecore = model ? List.of() : genModel.getUsedGenPackages().stream()
          .filter(used -> EcorePackage.eNS_URI.equals(used.getNSURI())).toList();
      genModel.getUsedGenPackages().removeAll(ecore);
      Diagnostic result = generator.generate(genModel,
          model ? GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE : GenBaseGeneratorAdapter.EDIT_PROJECT_TYPE,
          new BasicMonitor.Printing(System.out));
      genModel.getUsedGenPackages().addAll(ecore);
      if (result.getSeverity() != Diagnostic.OK) {
        print(result);
      }
      if (result.getSeverity() == Diagnostic.ERROR) {
        System.exit(1);
      }
    }
  }

  /** The project name of a genmodel project directory such as {@code /dev.strata.example.tasks.edit}. */
  private static String projectName(String projectDirectory) {
    return URI.createURI(projectDirectory).segment(0);
  }

  private static byte[] serialize(Resource resource) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    resource.save(out, null);
    return out.toByteArray();
  }

  private static void print(Diagnostic diagnostic) {
    System.err.println(diagnostic.getMessage());
    for (Diagnostic child : diagnostic.getChildren()) {
      print(child);
    }
    for (Throwable t = diagnostic.getException(); t != null; t = t.getCause()) {
      System.err.println("  caused by " + t);
    }
  }

  private Generate() {
  }
}
