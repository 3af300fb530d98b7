package dev.strata.ui.internal;

import java.util.function.Function;

import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/** Table (and tree) columns of Strata's views: a title, a width and the text of each row. */
final class Tables {

    private Tables() {
    }

    static <R> TableViewerColumn column(TableViewer viewer, String title, int width, Class<R> rowType,
            Function<R, String> text) {
        return column(viewer, title, width, rowType, text, r -> null);
    }

    /** A column whose rows may also have a background colour (null: the table's). */
    static <R> TableViewerColumn column(TableViewer viewer, String title, int width, Class<R> rowType,
            Function<R, String> text, Function<R, Color> background) {
        TableViewerColumn col = new TableViewerColumn(viewer, SWT.NONE);
        col.getColumn().setText(title);
        col.getColumn().setWidth(width);
        col.setLabelProvider(labels(rowType, text, background));
        return col;
    }

    /** A column of a tree whose rows are all of one type. */
    static <R> TreeViewerColumn column(TreeViewer viewer, String title, int width, Class<R> rowType,
            Function<R, String> text) {
        TreeViewerColumn col = new TreeViewerColumn(viewer, SWT.NONE);
        col.getColumn().setText(title);
        col.getColumn().setWidth(width);
        col.setLabelProvider(labels(rowType, text, r -> null));
        return col;
    }

    private static <R> ColumnLabelProvider labels(Class<R> rowType, Function<R, String> text,
            Function<R, Color> background) {
        return new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return rowType.isInstance(element) ? text.apply(rowType.cast(element)) : "";
            }

            @Override
            public Color getBackground(Object element) {
                return rowType.isInstance(element) ? background.apply(rowType.cast(element)) : null;
            }
        };
    }
}
