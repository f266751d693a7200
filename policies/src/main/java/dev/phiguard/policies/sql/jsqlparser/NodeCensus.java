package dev.phiguard.policies.sql.jsqlparser;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllTableColumns;

/**
 * The check that keeps the analysis closed: after a statement is analysed, every node of its syntax
 * tree is visited once more (by reflection, so none is missed) and
 * <ul>
 *   <li>a node of a class the analyser does not support is reported as unsupported syntax;</li>
 *   <li>a column, table, function or sub-query the analysers did not look at (because it sits in a
 *       clause they do not handle) is reported as not analysed.</li>
 * </ul>
 * Both go to {@code unresolved}, so a policy that denies on uncertainty denies the statement.
 */
final class NodeCensus {

    private NodeCensus() {
    }

    /**
     * @param root the statement's syntax tree
     * @param ctx the statement's context, whose consumed nodes are checked
     */
    static void check(Object root, Context ctx) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        visit(root, ctx, seen);
    }

    private static void visit(Object node, Context ctx, Set<Object> seen) {
        if (!seen.add(node)) {
            return;
        }
        Class<?> type = node.getClass();
        if (!SupportedSyntax.isSupported(type)) {
            ctx.note("unsupported syntax (" + type.getSimpleName() + ")");
        } else if (SupportedSyntax.REFERENCES.contains(type) && !ctx.isConsumed(node)) {
            ctx.note("not analysed: " + describe(node) + " in a clause the analyser does not support");
        }
        if (node instanceof Column || node instanceof AllTableColumns) {
            return;
        }
        NodeWalker.forEachChild(node, child -> visit(child, ctx, seen));
    }

    private static String describe(Object node) {
        if (node instanceof Column column) {
            return "column " + column.getColumnName();
        }
        if (node instanceof Table table) {
            return "relation " + table.getName();
        }
        return node.getClass().getSimpleName();
    }
}
