/** Ids of Strata's workbench contributions (views, wizards), for perspectives, products and bundles that place or open them. */
package dev.strata.ui;
