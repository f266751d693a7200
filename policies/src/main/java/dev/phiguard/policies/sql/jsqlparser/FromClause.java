package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;

/**
 * Builds a query block's scope from its FROM items and joins: tables and views through the
 * {@link RelationResolver}, sub-queries (LATERAL ones seeing the items before them), functions
 * (implicitly lateral), VALUES lists and parenthesised joins; USING and NATURAL columns merged; join
 * conditions analysed.
 */
final class FromClause {

    private final Context ctx;

    FromClause(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param first the first FROM item, may be {@code null}
     * @param joins the following items and joins, may be {@code null}
     * @param scope the block's scope, to fill
     * @param outer the enclosing block's scope (visible to non-lateral sub-queries), may be {@code null}
     * @param ctes the common table expressions visible
     * @param hasWhere whether the block has a WHERE clause (for {@code readsWithoutWhere})
     */
    void build(FromItem first, List<Join> joins, Scope scope, Scope outer, CteScope ctes, boolean hasWhere) {
        if (first != null) {
            scope.addItem(item(first, scope, outer, ctes, hasWhere));
        }
        if (joins != null) {
            for (Join join : joins) {
                join(join, scope, outer, ctes, hasWhere);
            }
        }
    }

    private void join(Join join, Scope scope, Scope outer, CteScope ctes, boolean hasWhere) {
        ctx.consume(join);
        FromNode right = item(join.getFromItem(), scope, outer, ctes, hasWhere);
        boolean merging = join.isNatural() || (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty());
        if (join.isSimple() || scope.items().isEmpty()) {
            // a comma: a new top-level item
            scope.addItem(right);
        } else if (!merging) {
            FromNode left = scope.removeLastItem();
            scope.addItem(FromNode.Joined.of(left, right, List.of(), FromNode.Joined.Side.LEFT));
        } else {
            FromNode left = scope.removeLastItem();
            List<String> merged = new ArrayList<>();
            if (join.isNatural()) {
                if (left.uncertainty().isPresent() || right.uncertainty().isPresent()) {
                    ctx.note("NATURAL JOIN over relations with unknown columns");
                }
                for (OutputColumn column : left.columns()) {
                    if (right.columns().stream().anyMatch(c -> c.name().equals(column.name()))) {
                        merged.add(column.name());
                    }
                }
            } else {
                for (Column column : join.getUsingColumns()) {
                    ctx.consume(column);
                    merged.add(Identifiers.normalise(column.getColumnName()));
                }
            }
            FromNode.Joined.Side side = join.isFull() ? FromNode.Joined.Side.BOTH
                    : join.isRight() ? FromNode.Joined.Side.RIGHT : FromNode.Joined.Side.LEFT;
            FromNode.Joined joined = FromNode.Joined.of(left, right, merged, side);
            scope.addItem(joined);
            for (String name : merged) {
                for (FromNode input : List.of(left, right)) {
                    Lookup lookup = input.lookup(name);
                    if (lookup instanceof Lookup.Found found) {
                        ctx.reference(found.lineage());
                    } else {
                        ctx.note("join column \"" + name + "\" cannot be resolved on both sides");
                    }
                }
            }
        }
        if (join.getOnExpressions() != null) {
            for (Object condition : join.getOnExpressions()) {
                ctx.expressions.use(condition, scope);
            }
        }
    }

    private FromNode item(FromItem item, Scope scope, Scope outer, CteScope ctes, boolean hasWhere) {
        ctx.consume(item);
        Relation relation;
        if (item instanceof Table table) {
            relation = ctx.relations.fromTable(table, ctes, hasWhere);
        } else if (item instanceof LateralSubSelect lateral) {
            relation = derived(lateral, lateral.getAlias(), scope, ctes);
        } else if (item instanceof ParenthesedSelect query) {
            relation = derived(query, query.getAlias(), outer, ctes);
        } else if (item instanceof Select query) {
            relation = derived(query, item.getAlias(), outer, ctes);
        } else if (item instanceof TableFunction function) {
            relation = function(function, scope);
        } else if (item instanceof ParenthesedFromItem parenthesed) {
            return parenthesed(parenthesed, scope, outer, ctes, hasWhere);
        } else {
            String reason = "unsupported FROM item (" + item.getClass().getSimpleName() + ")";
            ctx.note(reason);
            relation = Relation.unknown(alias(item.getAlias()), reason);
        }
        if (item.getPivot() != null || item.getUnPivot() != null) {
            ctx.note("PIVOT and UNPIVOT are not supported");
        }
        scope.addRelation(relation);
        return new FromNode.Single(relation);
    }

    private Relation derived(Select query, Alias alias, Scope visible, CteScope ctes) {
        List<OutputColumn> columns = ctx.queries.analyze(query, visible, ctes).outputs();
        if (alias != null) {
            ctx.consume(alias);
        }
        if (columns.stream().anyMatch(c -> c.name().equals("*"))) {
            Lineage unknown = columns.stream().map(OutputColumn::lineage).filter(l -> l instanceof Lineage.Unknown)
                    .findFirst().orElse(new Lineage.Unknown("unknown columns"));
            return Relation.unknown(alias(alias), ((Lineage.Unknown) unknown).reason());
        }
        return Relation.derived(alias(alias), columns, wholeRowOf(columns)).renamed(aliasColumns(alias));
    }

    private Relation function(TableFunction item, Scope scope) {
        String alias = alias(item.getAlias());
        if (item.isRowsFrom() || item.getFunction() == null) {
            String reason = "ROWS FROM (...) is not supported";
            ctx.note(reason);
            if (item.getRowsFromFunctions() != null) {
                item.getRowsFromFunctions().forEach(f -> ctx.expressions.use(f, scope));
            }
            return Relation.unknown(alias, reason);
        }
        Function function = item.getFunction();
        // functions in FROM are implicitly LATERAL: they see the items before them
        Lineage lineage = ctx.expressions.lineage(function, scope);
        String name = ExpressionAnalyzer.functionName(function).map(n -> n.substring(n.lastIndexOf('.') + 1)).orElse("?column?");
        List<String> names = new ArrayList<>(aliasColumns(item.getAlias()));
        boolean ordinality = item.getWithClause() != null && item.getWithClause().toLowerCase(Locale.ROOT).contains("ordinality");
        List<OutputColumn> columns = new ArrayList<>();
        int count = Math.max(names.size(), ordinality ? 2 : 1);
        for (int i = 0; i < count; i++) {
            String columnName = i < names.size() ? names.get(i)
                    : ordinality && i == count - 1 ? "ordinality" : alias != null ? alias : name;
            columns.add(new OutputColumn(columnName, lineage));
        }
        if (item.getAlias() != null) {
            ctx.consumeTree(item.getAlias());
        }
        return Relation.derived(alias != null ? alias : name, columns, lineage);
    }

    private FromNode parenthesed(ParenthesedFromItem item, Scope scope, Scope outer, CteScope ctes, boolean hasWhere) {
        boolean noJoins = item.getJoins() == null || item.getJoins().isEmpty();
        if (noJoins && item.getFromItem() instanceof Select query) {
            ctx.consume(query);
            Relation relation = derived(query, item.getAlias(), outer, ctes);
            scope.addRelation(relation);
            return new FromNode.Single(relation);
        }
        if (item.getAlias() == null) {
            // a parenthesised join: its items are visible as if written without parentheses
            int before = scope.items().size();
            build(item.getFromItem(), item.getJoins(), scope, outer, ctes, hasWhere);
            FromNode combined = scope.removeLastItem();
            while (scope.items().size() > before) {
                combined = FromNode.Joined.of(scope.removeLastItem(), combined, List.of(), FromNode.Joined.Side.LEFT);
            }
            return combined;
        }
        // (a JOIN b) AS j: only j is visible, with the join's columns
        Scope hidden = new Scope(outer, ctes);
        build(item.getFromItem(), item.getJoins(), hidden, outer, ctes, hasWhere);
        ctx.consume(item.getAlias());
        List<OutputColumn> columns = new ArrayList<>();
        Optional<String> uncertainty = Optional.empty();
        for (FromNode node : hidden.items()) {
            columns.addAll(node.columns());
            uncertainty = uncertainty.or(node::uncertainty);
        }
        Relation relation = uncertainty.isPresent() ? Relation.unknown(alias(item.getAlias()), uncertainty.get())
                : Relation.derived(alias(item.getAlias()), columns, wholeRowOf(columns)).renamed(aliasColumns(item.getAlias()));
        scope.addRelation(relation);
        return new FromNode.Single(relation);
    }

    /** The lineage of a derived relation used as a value: everything its columns carry. */
    Lineage wholeRowOf(List<OutputColumn> columns) {
        LineageBuilder builder = new LineageBuilder();
        columns.forEach(column -> builder.add(column.lineage()));
        builder.fromDatabase();
        return builder.build(ctx::shape);
    }

    static String alias(Alias alias) {
        return alias == null || alias.getName() == null ? null : Identifiers.normalise(alias.getName());
    }

    static List<String> aliasColumns(Alias alias) {
        if (alias == null || alias.getAliasColumns() == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Alias.AliasColumn column : alias.getAliasColumns()) {
            names.add(Identifiers.normalise(column.name));
        }
        return names;
    }
}
