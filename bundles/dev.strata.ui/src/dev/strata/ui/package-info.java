/** Ids of Strata's workbench contributions, for perspectives and products that place them. */
@Export
@Version("0.1.0")
package dev.strata.ui;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
