package dev.strata.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static dev.strata.ui.tests.Widgets.expand;
import static dev.strata.ui.tests.Widgets.item;
import static dev.strata.ui.tests.Widgets.waitFor;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Dictionary;
import java.util.Hashtable;

import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventAdmin;

import dev.strata.core.Repositories;
import dev.strata.core.Repository;
import dev.strata.core.Session;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksFactory;
import dev.strata.example.tasks.TasksPackage;
import dev.strata.ui.StrataViews;

/** The Model Explorer shows repositories and their objects, and follows commits made elsewhere. */
class ModelExplorerViewTest {

    @Test
    void showsARepositorysObjectsWithLabelsAndFollowsCommitsMadeElsewhere() throws Exception {
        var context = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext();
        EventAdmin events = context.getService(context.getServiceReference(EventAdmin.class));
        Repository repo = Repositories.builder("uitest", Repositories.memoryStore("uitest", events))
                .packages(TasksPackage.eINSTANCE).events(events).build();
        try (Session s = repo.openSession()) {
            Project p = TasksFactory.eINSTANCE.createProject();
            p.setName("Explored");
            Task t = TasksFactory.eINSTANCE.createTask();
            t.setTitle("Visible task");
            p.getTasks().add(t);
            s.add(p);
            s.commit();
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Repository.NAME, "uitest");
        ServiceRegistration<Repository> reg = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext()
                .registerService(Repository.class, repo, props);
        try {
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "uitest"), "the repository node");
            repoItem.setExpanded(true);
            tree.getDisplay().readAndDispatch();
            // Expanding through SWT does not ask JFace for children; expand the way a user's click does.
            expand(tree, repoItem);
            TreeItem project = waitFor(() -> item(repoItem.getItems(), "Project Explored"), "the project, labelled by its item provider");
            assertNotNull(project.getImage(), "an icon from the item provider");

            // Another session commits a second project: the explorer shows it without a refresh.
            try (Session other = repo.openSession()) {
                Project q = TasksFactory.eINSTANCE.createProject();
                q.setName("Arrived");
                other.add(q);
                other.commit();
            }
            waitFor(() -> item(repoItem.getItems(), "Project Arrived"), "a project committed by another session");
        } finally {
            reg.unregister();
        }
    }

    /**
     * In the product a repository service is a DS component that delegates to the repository its
     * sessions name: the workbench must still keep one session for it, and the explorer show it.
     */
    @Test
    void aRepositoryServiceDelegatingToAnotherKeepsOneWorkbenchSession() throws Exception {
        try (Fixtures f = Fixtures.memoryRepository("delegated-inner")) {
            try (Session s = f.repository().openSession()) {
                Project p = TasksFactory.eINSTANCE.createProject();
                p.setName("Behind a component");
                s.add(p);
                s.commit();
            }
            Repository inner = f.repository();
            Repository service = new Repository() {
                @Override
                public String name() {
                    return "delegated";
                }

                @Override
                public dev.strata.core.ModelStore store() {
                    return inner.store();
                }

                @Override
                public java.util.List<org.eclipse.emf.ecore.EPackage> packages() {
                    return inner.packages();
                }

                @Override
                public java.util.Set<dev.strata.core.IndexDef> indexes() {
                    return inner.indexes();
                }

                @Override
                public Session openSession() {
                    return inner.openSession();
                }

                @Override
                public org.eclipse.emf.ecore.resource.Resource openResource(org.eclipse.emf.common.util.URI uri) {
                    return inner.openResource(uri);
                }
            };
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Repository.NAME, "delegated");
            ServiceRegistration<Repository> reg = FrameworkUtil.getBundle(ModelExplorerViewTest.class).getBundleContext()
                    .registerService(Repository.class, service, props);
            try {
                IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
                page.showView(StrataViews.EXPLORER);
                Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                        t -> item(t.getItems(), "delegated") != null), "the repository node");
                TreeItem repoItem = item(tree.getItems(), "delegated");
                expand(tree, repoItem);
                waitFor(() -> item(repoItem.getItems(), "Project Behind a component"), "its project, loaded once");
                Session session = Injected.sessions().session(service);
                assertSame(session,
                        Injected.sessions().session(service), "one session per repository");
            } finally {
                reg.unregister();
            }
        }
    }


    /**
     * Children held in a feature map (a group of elements, as EMF's XML Schema mapping makes a
     * repeated choice) show as the objects they are, labelled by their item provider — they showed
     * as {@code org.eclipse.emf.edit.provider.FeatureMapEntryWrapperItemProvider@…} until 2026-12-06.
     */
    @Test
    void childrenHeldInAFeatureMapShowAsTheObjects() throws Exception {
        org.eclipse.emf.ecore.EcoreFactory f = org.eclipse.emf.ecore.EcoreFactory.eINSTANCE;
        org.eclipse.emf.ecore.util.ExtendedMetaData meta = org.eclipse.emf.ecore.util.ExtendedMetaData.INSTANCE;
        org.eclipse.emf.ecore.EPackage p = f.createEPackage();
        p.setName("outline");
        p.setNsURI("urn:strata:uitest:outline");
        p.setNsPrefix("outline");
        org.eclipse.emf.ecore.EClass entry = f.createEClass();
        entry.setName("Entry");
        org.eclipse.emf.ecore.EAttribute title = f.createEAttribute();
        title.setName("title");
        title.setEType(org.eclipse.emf.ecore.EcorePackage.Literals.ESTRING);
        entry.getEStructuralFeatures().add(title);
        org.eclipse.emf.ecore.EClass outline = f.createEClass();
        outline.setName("Outline");
        org.eclipse.emf.ecore.EAttribute group = f.createEAttribute();
        group.setName("group");
        group.setEType(org.eclipse.emf.ecore.EcorePackage.Literals.EFEATURE_MAP_ENTRY);
        group.setUpperBound(-1);
        outline.getEStructuralFeatures().add(group);
        meta.setFeatureKind(group, org.eclipse.emf.ecore.util.ExtendedMetaData.GROUP_FEATURE);
        meta.setName(group, "group:0");
        org.eclipse.emf.ecore.EReference entries = f.createEReference();
        entries.setName("entries");
        entries.setEType(entry);
        entries.setUpperBound(-1);
        entries.setContainment(true);
        entries.setDerived(true);
        entries.setVolatile(true);
        entries.setTransient(true);
        outline.getEStructuralFeatures().add(entries);
        meta.setFeatureKind(entries, org.eclipse.emf.ecore.util.ExtendedMetaData.ELEMENT_FEATURE);
        meta.setName(entries, "entry");
        meta.setGroup(entries, group);
        p.getEClassifiers().add(entry);
        p.getEClassifiers().add(outline);
        org.eclipse.emf.ecore.EPackage.Registry.INSTANCE.put(p.getNsURI(), p);
        try (Fixtures fx = Fixtures.memoryRepository("outline-uitest", p)) {
            try (Session s = fx.repository().openSession()) {
                org.eclipse.emf.ecore.EObject o = org.eclipse.emf.ecore.util.EcoreUtil.create(outline);
                @SuppressWarnings("unchecked")
                java.util.List<org.eclipse.emf.ecore.EObject> list = (java.util.List<org.eclipse.emf.ecore.EObject>) o.eGet(entries);
                for (String t : java.util.List.of("first entry", "second entry")) {
                    org.eclipse.emf.ecore.EObject e = org.eclipse.emf.ecore.util.EcoreUtil.create(entry);
                    e.eSet(title, t);
                    list.add(e);
                }
                s.add(o);
                s.commit();
            }
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            assertNotNull(page.showView(StrataViews.EXPLORER));
            Tree tree = waitFor(() -> Widgets.find(page.getWorkbenchWindow().getShell(), Tree.class,
                    t -> t.getItemCount() > 0 && t.getItem(0).getText().contains("[")), "the explorer tree");
            TreeItem repoItem = waitFor(() -> item(tree.getItems(), "outline-uitest"), "the repository node");
            expand(tree, repoItem);
            TreeItem root = waitFor(() -> item(repoItem.getItems(), "Outline"), "the outline");
            expand(tree, root);
            waitFor(() -> item(root.getItems(), "Entry first entry"), "the first entry, labelled by its item provider");
            waitFor(() -> item(root.getItems(), "Entry second entry"), "the second entry");
            for (TreeItem child : root.getItems()) {
                org.junit.jupiter.api.Assertions.assertFalse(child.getText().contains("ItemProvider"),
                        "a row labelled by a wrapper's toString: " + child.getText());
            }
        }
    }
}
