package dev.strata.console.internal;

import static dev.strata.console.internal.Console.fail;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EAttribute;
import org.eclipse.emf.ecore.EClass;

import dev.strata.core.ChangeSet;
import dev.strata.core.IndexDef;
import dev.strata.core.Labels;
import dev.strata.core.LoggedCommit;
import dev.strata.core.Repository;
import dev.strata.core.TypeRef;

/** The commands on the current repository's store: {@code log} and {@code reindex}. */
final class StoreCommands {

    private final Console console;

    StoreCommands(Console console) {
        this.console = console;
    }

    List<String> log(int count) {
        Repository r = console.repository();
        List<LoggedCommit> recent = r.store().recentLog(Math.max(1, count));
        if (recent.isEmpty()) {
            return List.of("Store '" + r.store().name() + "' has no commits in its log (a file store keeps those"
                    + " since its last compaction)");
        }
        List<String> lines = new ArrayList<>();
        for (LoggedCommit c : recent) {
            ChangeSet cs = c.changes();
            lines.add(String.format("#%-6d %-19s  %-12s %s  +%d ~%d -%d  %s", c.sequence(), Labels.time(c.time()),
                    Labels.author(c), cs.commitId(), cs.created().size(), cs.changed().size(), cs.deleted().size(),
                    cs.message().isEmpty() ? "" : "\"" + cs.message() + "\""));
        }
        return lines;
    }

    String reindex(String className, String featureName) {
        EClass c = console.names.eClass(className);
        EAttribute a = ModelNames.attribute(c, featureName);
        Repository r = console.repository();
        IndexDef index = r.store().indexes().stream()
                .filter(i -> i.type().equals(TypeRef.of(c)) && i.feature().equals(a.getName())).findFirst()
                .orElseThrow(() -> fail("No index is declared on " + c.getName() + "." + a.getName() + " (declare one: "
                        + IndexDef.of(a, IndexDef.Kind.EQUALITY).howToDeclare() + ")"));
        r.store().rebuildIndex(index);
        return "Rebuilt the " + index;
    }
}
