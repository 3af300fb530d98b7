package dev.strata.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Text;

import dev.strata.core.IndexDef;
import dev.strata.core.MissingIndexException;
import dev.strata.core.Query;
import dev.strata.core.Repository;
import dev.strata.core.StrataException;
import dev.strata.core.TypeRef;
import dev.strata.core.Values;

/**
 * Search: pick a repository, then either a query over the indexes its model declares (class,
 * conditions on indexed attributes, order, limit) or a text looked for in the objects' string
 * attributes. Input is checked as it is typed; a condition or order no declared index serves is
 * reported here, with the index to declare, before anything runs.
 */
public final class SearchDialog extends TitleAreaDialog {

    /** Rows of conditions offered; they are joined by "and". */
    static final int CONDITIONS = 3;
    /** How many objects found are shown unless the user asks for another number. */
    static final int DEFAULT_MAX = 200;
    private static final String[] OPERATORS = { "=", ">=", "<" };
    private static final String ANY_CLASS = "(any class)";

    private final List<Repository> repositories;
    private final Repository preselectedRepository;
    private final EClass preselectedClass;

    private Combo repository;
    private TabFolder mode;
    private Combo queryClass;
    private final Combo[] features = new Combo[CONDITIONS];
    private final Combo[] operators = new Combo[CONDITIONS];
    private final Text[] values = new Text[CONDITIONS];
    private Combo order;
    private Button descending;
    private Text limit;
    private Label indexes;
    private Text text;
    private Combo textClass;
    private Spinner max;

    /** The classes of the chosen repository's model, in the order of the class combos (Text: after "any"). */
    private List<EClass> classes = List.of();
    private Search search;

    /**
     * @param repository preselected (the one of the Model Explorer's selection), or null
     * @param eClass     preselected class, or null
     */
    SearchDialog(Shell shell, List<Repository> repositories, Repository repository, EClass eClass) {
        super(shell);
        this.repositories = List.copyOf(repositories);
        this.preselectedRepository = repository;
        this.preselectedClass = eClass;
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite area = (Composite) super.createDialogArea(parent);
        getShell().setText("Search");
        setTitle("Search a repository");
        setMessage("A query over the model's declared indexes, or a text in the objects' string attributes.");
        Composite form = new Composite(area, SWT.NONE);
        form.setLayout(new GridLayout(2, false));
        form.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        new Label(form, SWT.NONE).setText("Repository:");
        repository = combo(form, "repository", 1);
        repository.setItems(repositories.stream().map(Repository::name).toArray(String[]::new));
        int at = preselectedRepository == null ? -1 : repositories.indexOf(preselectedRepository);
        repository.select(Math.max(0, at));
        repository.addListener(SWT.Selection, e -> repositoryChosen(null));

        mode = new TabFolder(form, SWT.NONE);
        mode.setData("field", "mode");
        mode.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
        TabItem queryTab = new TabItem(mode, SWT.NONE);
        queryTab.setText("Query");
        queryTab.setControl(queryPage(mode));
        TabItem textTab = new TabItem(mode, SWT.NONE);
        textTab.setText("Text");
        textTab.setControl(textPage(mode));
        mode.addListener(SWT.Selection, e -> check());

        new Label(form, SWT.NONE).setText("Show at most:");
        max = new Spinner(form, SWT.BORDER);
        max.setData("field", "max");
        max.setValues(DEFAULT_MAX, 1, 100_000, 0, 10, 100);
        max.setToolTipText("Objects beyond these are counted, not shown");
        max.addListener(SWT.Modify, e -> check());

        repositoryChosen(preselectedClass);
        return area;
    }

    private Composite queryPage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(3, false));
        new Label(page, SWT.NONE).setText("Class:");
        queryClass = combo(page, "class", 2);
        queryClass.addListener(SWT.Selection, e -> classChosen());
        for (int i = 0; i < CONDITIONS; i++) {
            features[i] = combo(page, "feature" + (i + 1), 1);
            operators[i] = combo(page, "operator" + (i + 1), 1);
            operators[i].setItems(OPERATORS);
            operators[i].select(0);
            operators[i].addListener(SWT.Selection, e -> check());
            values[i] = new Text(page, SWT.BORDER);
            values[i].setData("field", "value" + (i + 1));
            values[i].setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            values[i].addListener(SWT.Modify, e -> check());
            features[i].addListener(SWT.Selection, e -> check());
        }
        new Label(page, SWT.NONE).setText("Order by:");
        order = combo(page, "order", 1);
        order.addListener(SWT.Selection, e -> check());
        descending = new Button(page, SWT.CHECK);
        descending.setText("Descending");
        descending.setData("field", "descending");
        descending.addListener(SWT.Selection, e -> check());
        new Label(page, SWT.NONE).setText("Limit:");
        limit = new Text(page, SWT.BORDER);
        limit.setData("field", "limit");
        limit.setMessage("no limit");
        limit.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        limit.addListener(SWT.Modify, e -> check());
        indexes = new Label(page, SWT.WRAP);
        indexes.setData("field", "indexes");
        GridData hint = new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1);
        hint.widthHint = 420;
        indexes.setLayoutData(hint);
        return page;
    }

    private Composite textPage(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        page.setLayout(new GridLayout(2, false));
        new Label(page, SWT.NONE).setText("Text:");
        text = new Text(page, SWT.BORDER);
        text.setData("field", "text");
        text.setMessage("part of a name, title, description… (case ignored)");
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.addListener(SWT.Modify, e -> check());
        new Label(page, SWT.NONE).setText("Class:");
        textClass = combo(page, "textClass", 1);
        textClass.addListener(SWT.Selection, e -> check());
        return page;
    }

    private static Combo combo(Composite parent, String field, int span) {
        Combo c = new Combo(parent, SWT.READ_ONLY);
        c.setData("field", field);
        c.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, span, 1));
        return c;
    }

    private Repository chosenRepository() {
        int i = repository.getSelectionIndex();
        return i < 0 ? null : repositories.get(i);
    }

    /** Fills the class lists from the repository's model. */
    private void repositoryChosen(EClass preselect) {
        Repository r = chosenRepository();
        classes = r == null ? List.of() : List.copyOf(Search.classes(r).values());
        String[] names = classes.stream().map(EClass::getName).toArray(String[]::new);
        queryClass.setItems(names);
        int at = preselect == null ? -1 : classes.indexOf(preselect);
        if (at < 0 && r != null) {
            // The first class with a declared index, so that the conditions offer something.
            at = classes.stream().filter(c -> !indexed(r, c).isEmpty()).findFirst().map(classes::indexOf).orElse(0);
        }
        queryClass.select(Math.max(0, at));
        textClass.removeAll();
        textClass.add(ANY_CLASS);
        classes.forEach(c -> textClass.add(c.getName()));
        textClass.select(0); // a text is looked for everywhere unless the user narrows it
        classChosen();
    }

    /** Offers the class's indexed attributes for the conditions and the order, and names its indexes. */
    private void classChosen() {
        EClass c = chosenClass();
        Repository r = chosenRepository();
        List<IndexDef> declared = c == null || r == null ? List.of() : indexed(r, c);
        List<String> names = new ArrayList<>();
        names.add("");
        declared.stream().map(IndexDef::feature).distinct().forEach(names::add);
        for (Combo f : features) {
            f.setItems(names.toArray(String[]::new));
            f.select(0);
        }
        order.setItems(names.toArray(String[]::new));
        order.select(0);
        indexes.setText(c == null ? "" : declared.isEmpty()
                ? c.getName() + " declares no index: the query lists all its objects (up to the limit)."
                : "Indexes of " + c.getName() + ": " + declared.stream().map(i -> i.feature() + " (" + i.kind().literal() + ")")
                        .collect(Collectors.joining(", ")) + ". Ranges (>=, <) and order need an ordered index.");
        indexes.getParent().layout(true);
        check();
    }

    private static List<IndexDef> indexed(Repository r, EClass c) {
        TypeRef type = TypeRef.of(c);
        return r.indexes().stream().filter(i -> i.type().equals(type)).toList();
    }

    private EClass chosenClass() {
        int i = queryClass.getSelectionIndex();
        return i < 0 || i >= classes.size() ? null : classes.get(i);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Search");
        check();
    }

    /** Enables Search when the input makes a search, and says what is wrong otherwise. */
    private void check() {
        String problem;
        try {
            search = build();
            problem = null;
        } catch (IllegalArgumentException | StrataException e) {
            search = null;
            problem = e.getMessage();
        }
        setErrorMessage(problem);
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(search != null);
        }
    }

    /**
     * The search the input describes.
     *
     * @throws IllegalArgumentException or {@link StrataException} (a value that does not parse, a
     *                                  missing index) saying what is wrong
     */
    private Search build() {
        Repository r = chosenRepository();
        if (r == null) {
            throw new IllegalArgumentException("No repository to search: configure one in the Stores view.");
        }
        if (mode.getSelectionIndex() == 1) {
            String t = text.getText().trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("Type the text to look for.");
            }
            int i = textClass.getSelectionIndex();
            return new Search.ByText(r, t, i <= 0 ? null : classes.get(i - 1), max.getSelection());
        }
        EClass c = chosenClass();
        if (c == null) {
            throw new IllegalArgumentException("The model of " + r.name() + " has no class to query.");
        }
        Query q = Query.on(c);
        for (int i = 0; i < CONDITIONS; i++) {
            q = condition(q, c, i);
        }
        if (!order.getText().isEmpty()) {
            q = q.orderBy(attribute(c, order.getText()), descending.getSelection());
        }
        String l = limit.getText().trim();
        if (!l.isEmpty()) {
            try {
                q = q.limit(Integer.parseInt(l));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Limit needs a whole number of 0 or more, not '" + l + "'.");
            }
        }
        try {
            q.check(r.indexes());
        } catch (MissingIndexException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new Search.ByQuery(r, q, max.getSelection());
    }

    private Query condition(Query q, EClass c, int row) {
        String feature = features[row].getText();
        if (feature.isEmpty()) {
            return q;
        }
        EAttribute a = attribute(c, feature);
        String op = operators[row].getText();
        String text = values[row].getText();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("Condition " + (row + 1) + " (" + feature + " " + op + ") needs a value: "
                    + Values.describe(a.getEAttributeType()) + ".");
        }
        Object value;
        try {
            value = Values.parse(a, text.trim());
        } catch (StrataException e) {
            throw new IllegalArgumentException("Condition " + (row + 1) + ": " + e.getMessage(), e);
        }
        return switch (op) {
            case ">=" -> q.range(a, value, null);
            case "<" -> q.range(a, null, value);
            default -> q.eq(a, value);
        };
    }

    private static EAttribute attribute(EClass c, String name) {
        if (c.getEStructuralFeature(name) instanceof EAttribute a) {
            return a;
        }
        throw new IllegalArgumentException(c.getName() + " has no attribute '" + name + "'.");
    }

    @Override
    protected void okPressed() {
        check();
        if (search != null) {
            super.okPressed();
        }
    }

    /** What to search for, once the dialog was closed with Search; else null. */
    Search search() {
        return getReturnCode() == OK ? search : null;
    }
}
