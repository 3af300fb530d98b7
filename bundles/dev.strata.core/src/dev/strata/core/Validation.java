package dev.strata.core;

import java.util.Locale;

/**
 * What EMF validation does at commit, per repository. It checks the objects a commit creates or
 * changes. Objects brought in with {@link Session#importRoots} are never refused for what they
 * already were: their findings are reported in {@link CommitResult#diagnostics()}, because EMF
 * itself loads and saves such models without complaint.
 */
public enum Validation {
    /** Errors refuse the commit; warnings are reported. The default. */
    VETO_ERRORS,
    /** Errors and warnings refuse the commit. */
    VETO_WARNINGS,
    /** Validation runs and reports; it never refuses a commit. */
    REPORT,
    /** No validation. */
    OFF;

    /** Reads {@code errors}, {@code warnings}, {@code report} or {@code off} (as configuration holds it). */
    public static Validation parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "errors", "veto-errors", "" -> VETO_ERRORS;
            case "warnings", "veto-warnings" -> VETO_WARNINGS;
            case "report" -> REPORT;
            case "off", "none" -> OFF;
            default -> throw new StrataException("Unknown validation setting '" + text
                    + "': use errors (refuse commits with errors), warnings, report (never refuse) or off");
        };
    }
}
