/** Ids of Strata's workbench contributions, for perspectives and products that place them. */
package dev.strata.ui;
