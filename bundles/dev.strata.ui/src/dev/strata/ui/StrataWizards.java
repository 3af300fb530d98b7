package dev.strata.ui;

/**
 * Ids of the import and export wizards contributed by {@code dev.strata.ui}, for commands that open
 * them (the {@code importWizardId} / {@code exportWizardId} parameter of File > Import / Export).
 *
 * @since 0.2
 */
public final class StrataWizards {

    /** Import > Strata > Model file into a repository: an XMI, Ecore or JSON file into a new or existing repository. */
    public static final String IMPORT = "dev.strata.ui.importModel";

    /** Export > Strata > Repository to a model file: a repository's committed objects to an XMI, Ecore or JSON file. */
    public static final String EXPORT = "dev.strata.ui.exportModel";

    private StrataWizards() {
    }
}
