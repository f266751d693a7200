package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementTrait;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Analyses queries: plain SELECT blocks, set operations, parenthesised queries, VALUES and TABLE,
 * with their WITH clauses, into output columns, recording everything else they read and use.
 */
final class QueryAnalyzer {

    /** What a query returns. */
    record Result(List<OutputColumn> outputs, OptionalLong limit) {
    }

    private final Context ctx;

    QueryAnalyzer(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param select the query
     * @param outer the enclosing block's names (for correlated references), or {@code null}
     * @param ctes the common table expressions visible to the query
     * @return its output columns and constant limit
     */
    Result analyze(Select select, Scope outer, CteScope ctes) {
        ctx.countQueryBlock();
        ctx.consume(select);
        CteScope visible = ctx.ctes.define(select.getWithItemsList(), outer, ctes);
        List<OutputColumn> outputs;
        OptionalLong innerLimit = OptionalLong.empty();
        if (select instanceof PlainSelect plain) {
            outputs = plain(plain, outer, visible);
        } else {
            if (select instanceof SetOperationList setOperation) {
                outputs = setOperation(setOperation, outer, visible);
            } else if (select instanceof ParenthesedSelect parenthesed) {
                Result inner = analyze(parenthesed.getSelect(), outer, visible);
                outputs = inner.outputs();
                innerLimit = inner.limit();
            } else if (select instanceof Values values) {
                outputs = values(values, outer, visible);
            } else if (select instanceof TableStatement table) {
                outputs = table(table, outer, visible);
            } else {
                ctx.note("unsupported query form (" + select.getClass().getSimpleName() + ")");
                outputs = List.of(new OutputColumn("*", new Lineage.Unknown("unsupported query form")));
            }
            Scope byOutput = outputScope(outputs, outer, visible);
            orderBy(select.getOrderByElements(), byOutput);
        }
        Scope limits = new Scope(outer, visible);
        OptionalLong limit = limit(select, limits);
        if (limit.isEmpty()) {
            limit = innerLimit;
        }
        if (select.getForMode() != null) {
            ctx.facts.traits.add(StatementTrait.ROW_LOCKING);
        }
        if (select.getForUpdateTables() != null) {
            select.getForUpdateTables().forEach(ctx::consumeTree);
        }
        return new Result(outputs, limit);
    }

    /**
     * Output columns for a list of select items (also used for RETURNING).
     *
     * @param items the items
     * @param scope the names visible to them
     * @return one or more output columns per item
     */
    List<OutputColumn> selectItems(List<? extends SelectItem<?>> items, Scope scope) {
        List<OutputColumn> outputs = new ArrayList<>();
        for (SelectItem<?> item : items) {
            ctx.consume(item);
            Object expression = item.getExpression();
            if (expression instanceof AllTableColumns all) {
                ctx.consume(all);
                ctx.consumeTree(all.getTable());
                outputs.addAll(expandRelation(all.getTable(), scope));
            } else if (expression instanceof AllColumns all) {
                ctx.consume(all);
                outputs.addAll(expandAll(scope));
            } else {
                String name = item.getAlias() != null ? Identifiers.normalise(item.getAlias().getName())
                        : OutputNames.of(expression);
                if (item.getAlias() != null) {
                    ctx.consume(item.getAlias());
                }
                outputs.add(new OutputColumn(name, ctx.expressions.lineage(expression, scope)));
            }
        }
        return outputs;
    }

    private List<OutputColumn> plain(PlainSelect select, Scope outer, CteScope ctes) {
        boolean hasWhere = select.getWhere() != null;
        Scope scope = new Scope(outer, ctes);
        if (select.getWindowDefinitions() != null) {
            for (WindowDefinition window : select.getWindowDefinitions()) {
                scope.defineWindow(Identifiers.normalise(window.getWindowName()), window);
            }
        }
        ctx.from.build(select.getFromItem(), select.getJoins(), scope, outer, ctes, hasWhere);
        List<OutputColumn> outputs = selectItems(select.getSelectItems(), scope);
        scope.setOutputs(outputs);
        ctx.expressions.use(select.getWhere(), scope);
        GroupByElement groupBy = select.getGroupBy();
        if (groupBy != null) {
            ctx.consume(groupBy);
            groupOrOrder(groupBy.getGroupByExpressionList(), scope, false);
            if (groupBy.getGroupingSets() != null) {
                for (ExpressionList<?> set : groupBy.getGroupingSets()) {
                    ctx.consume(set);
                    groupOrOrder(set, scope, false);
                }
            }
        }
        ctx.expressions.use(select.getHaving(), scope);
        if (select.getDistinct() != null) {
            ctx.consume(select.getDistinct());
            List<SelectItem<?>> on = select.getDistinct().getOnSelectItems();
            if (on != null) {
                for (SelectItem<?> item : on) {
                    ctx.consume(item);
                    groupOrOrder(List.of(item.getExpression()), scope, true);
                }
            }
        }
        if (select.getWindowDefinitions() != null) {
            for (WindowDefinition window : select.getWindowDefinitions()) {
                ctx.expressions.use(window, scope);
            }
        }
        orderBy(select.getOrderByElements(), scope);
        if (select.getIntoTables() != null) {
            select.getIntoTables().forEach(ctx::consumeTree);
        }
        return outputs;
    }

    private List<OutputColumn> setOperation(SetOperationList list, Scope outer, CteScope ctes) {
        List<List<OutputColumn>> branches = new ArrayList<>();
        for (Select branch : list.getSelects()) {
            branches.add(analyze(branch, outer, ctes).outputs());
        }
        if (list.getOperations() != null) {
            list.getOperations().forEach(ctx::consume);
        }
        return combine(branches);
    }

    /**
     * Combines the outputs of set-operation branches column by column: names from the first branch,
     * lineage from all.
     */
    List<OutputColumn> combine(List<List<OutputColumn>> branches) {
        List<OutputColumn> first = branches.get(0);
        for (List<OutputColumn> branch : branches) {
            if (branch.size() != first.size() || branch.stream().anyMatch(c -> c.name().equals("*"))) {
                String reason = "the branches of a set operation have different or unknown numbers of columns";
                return List.of(new OutputColumn("*", new Lineage.Unknown(reason)));
            }
        }
        List<OutputColumn> combined = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            List<Lineage> alternatives = new ArrayList<>(branches.size());
            for (List<OutputColumn> branch : branches) {
                alternatives.add(branch.get(i).lineage());
            }
            combined.add(new OutputColumn(first.get(i).name(), LineageBuilder.union(alternatives, ctx::shape)));
        }
        return combined;
    }

    private List<OutputColumn> values(Values values, Scope outer, CteScope ctes) {
        Scope scope = new Scope(outer, ctes);
        List<List<Object>> rows = rows(values.getExpressions());
        List<List<OutputColumn>> branches = new ArrayList<>();
        for (List<Object> row : rows) {
            List<OutputColumn> columns = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                columns.add(new OutputColumn("column" + (i + 1), ctx.expressions.lineage(row.get(i), scope)));
            }
            branches.add(columns);
        }
        return branches.isEmpty() ? List.of() : combine(branches);
    }

    private List<List<Object>> rows(ExpressionList<?> expressions) {
        ctx.consume(expressions);
        List<List<Object>> rows = new ArrayList<>();
        if (expressions instanceof ParenthesedExpressionList<?>) {
            rows.add(new ArrayList<>(expressions));
            return rows;
        }
        boolean allRows = !expressions.isEmpty() && expressions.stream().allMatch(e -> e instanceof ParenthesedExpressionList<?>);
        if (allRows) {
            for (Object row : expressions) {
                ctx.consume(row);
                rows.add(new ArrayList<>((ParenthesedExpressionList<?>) row));
            }
        } else {
            for (Object value : expressions) {
                rows.add(List.of(value));
            }
        }
        return rows;
    }

    private List<OutputColumn> table(TableStatement statement, Scope outer, CteScope ctes) {
        Scope scope = new Scope(outer, ctes);
        ctx.from.build(statement.getTable(), null, scope, outer, ctes, false);
        return expandAll(scope);
    }

    private List<OutputColumn> expandAll(Scope scope) {
        if (scope.items().isEmpty()) {
            return List.of(new OutputColumn("*", new Lineage.Unknown("SELECT * with no FROM clause")));
        }
        List<OutputColumn> outputs = new ArrayList<>();
        for (FromNode item : scope.items()) {
            if (item.uncertainty().isPresent()) {
                outputs.add(new OutputColumn("*", new Lineage.Unknown("cannot expand *: " + item.uncertainty().get())));
            } else {
                outputs.addAll(item.columns());
            }
        }
        outputs.forEach(output -> ctx.reference(output.lineage()));
        return outputs;
    }

    private List<OutputColumn> expandRelation(Table qualifier, Scope scope) {
        List<String> names = ExpressionAnalyzer.qualifier(qualifier);
        Optional<Relation> relation = scope.relation(names);
        if (relation.isEmpty()) {
            return List.of(new OutputColumn("*",
                    new Lineage.Unknown("missing FROM-clause entry for \"" + String.join(".", names) + "\"")));
        }
        Optional<List<OutputColumn>> columns = relation.get().columns();
        if (columns.isEmpty()) {
            return List.of(new OutputColumn("*",
                    new Lineage.Unknown("cannot expand " + String.join(".", names) + ".*: " + relation.get().unknownReason().orElse(""))));
        }
        columns.get().forEach(output -> ctx.reference(output.lineage()));
        return columns.get();
    }

    /** ORDER BY: a bare name or a position refers to an output column first. */
    private void orderBy(List<OrderByElement> elements, Scope scope) {
        if (elements == null) {
            return;
        }
        List<Object> expressions = new ArrayList<>();
        for (OrderByElement element : elements) {
            ctx.consume(element);
            expressions.add(element.getExpression());
        }
        groupOrOrder(expressions, scope, true);
    }

    /**
     * GROUP BY, ORDER BY and DISTINCT ON: a position refers to an output column; a bare name refers to
     * an output column first for ORDER BY and DISTINCT ON, to an input column first for GROUP BY.
     */
    private void groupOrOrder(List<?> expressions, Scope scope, boolean outputNamesFirst) {
        if (expressions == null) {
            return;
        }
        for (Object expression : expressions) {
            if (!outputNamesFirst && expression instanceof Function grouping && isGroupingConstruct(grouping)) {
                // GROUP BY ROLLUP (...) / CUBE (...): grouping syntax, not function calls
                ctx.consume(grouping);
                if (grouping.getParameters() != null) {
                    ctx.consume(grouping.getParameters());
                    groupOrOrder(grouping.getParameters(), scope, false);
                }
                continue;
            }
            Optional<OutputColumn> output = outputReference(expression, scope, outputNamesFirst);
            if (output.isPresent()) {
                ctx.consume(expression);
                ctx.reference(output.get().lineage());
                if (output.get().lineage() instanceof Lineage.Unknown unknown) {
                    ctx.note(unknown.reason());
                }
            } else {
                ctx.expressions.use(expression, scope);
            }
        }
    }

    private static boolean isGroupingConstruct(Function function) {
        List<String> name = function.getMultipartName();
        if (name == null || name.size() != 1 || Identifiers.isQuoted(name.get(0))) {
            return false;
        }
        String normalised = Identifiers.normalise(name.get(0));
        return normalised.equals("rollup") || normalised.equals("cube");
    }

    private Optional<OutputColumn> outputReference(Object expression, Scope scope, boolean outputNamesFirst) {
        List<OutputColumn> outputs = scope.outputs();
        if (expression instanceof LongValue position) {
            long index = position.getValue();
            if (index >= 1 && index <= outputs.size()) {
                return Optional.of(outputs.get((int) index - 1));
            }
            return Optional.empty();
        }
        if (expression instanceof Column column && column.getTable() == null && column.getArrayConstructor() == null) {
            String name = Identifiers.normalise(column.getColumnName());
            List<OutputColumn> matches = outputs.stream().filter(o -> o.name().equals(name)).toList();
            if (matches.size() != 1) {
                return Optional.empty();
            }
            if (outputNamesFirst) {
                return Optional.of(matches.get(0));
            }
            Lineage asInput = ctx.expressions.resolve(column, scope);
            return asInput instanceof Lineage.Unknown ? Optional.of(matches.get(0)) : Optional.empty();
        }
        return Optional.empty();
    }

    private OptionalLong limit(Select select, Scope scope) {
        OptionalLong constant = OptionalLong.empty();
        Limit limit = select.getLimit();
        if (limit != null) {
            ctx.consume(limit);
            ctx.expressions.use(limit.getRowCount(), scope);
            ctx.expressions.use(limit.getOffset(), scope);
            if (limit.getRowCount() instanceof LongValue value) {
                constant = OptionalLong.of(value.getValue());
            }
        }
        if (select.getOffset() != null) {
            ctx.consume(select.getOffset());
            ctx.expressions.use(select.getOffset().getOffset(), scope);
        }
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            ctx.consume(fetch);
            Expression count = fetch.getExpression();
            ctx.expressions.use(count, scope);
            if (count instanceof LongValue value) {
                constant = OptionalLong.of(value.getValue());
            } else if (count == null) {
                constant = OptionalLong.of(1);
            }
        }
        return constant;
    }

    private static Scope outputScope(List<OutputColumn> outputs, Scope outer, CteScope ctes) {
        Scope scope = new Scope(outer, ctes);
        scope.addItem(new FromNode.Single(Relation.derived(null, outputs, new Lineage.Unknown("not a relation"))));
        scope.setOutputs(outputs);
        return scope;
    }
}
