package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementTrait;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;

/**
 * Analyses WITH clauses: each common table expression in order (seeing the earlier ones), recursive
 * ones iterated until their column lineage stops growing, data-modifying ones through their
 * RETURNING columns.
 */
final class CommonTableExpressions {

    private static final int MAX_RECURSION_ROUNDS = 8;

    private final Context ctx;

    CommonTableExpressions(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param items the WITH items, may be {@code null}
     * @param outer the enclosing block's scope, may be {@code null}
     * @param ctes the common table expressions visible outside this WITH clause
     * @return the common table expressions visible inside the query the WITH clause belongs to
     */
    CteScope define(List<WithItem<?>> items, Scope outer, CteScope ctes) {
        if (items == null || items.isEmpty()) {
            return ctes;
        }
        CteScope scope = ctes.child();
        boolean recursive = items.stream().anyMatch(WithItem::isRecursive);
        for (WithItem<?> item : items) {
            ctx.consume(item);
            if (item.getAlias() != null) {
                ctx.consume(item.getAlias());
            }
            String name = Identifiers.normalise(item.getAliasName());
            List<String> columnNames = columnNames(item);
            if (item.getSearchClause() != null || item.getCycleClause() != null) {
                ctx.note("SEARCH and CYCLE clauses of common table expressions are not supported");
            }
            Object body = item.getStatement();
            List<OutputColumn> columns;
            if (body instanceof ParenthesedSelect query) {
                columns = recursive ? recursive(name, columnNames, query, outer, scope)
                        : rename(ctx.queries.analyze(query, outer, scope).outputs(), columnNames);
            } else if (body instanceof ParenthesedInsert || body instanceof ParenthesedUpdate || body instanceof ParenthesedDelete) {
                ctx.facts.traits.add(StatementTrait.DATA_MODIFYING_CTE);
                columns = rename(ctx.modifications.nested(body, outer, scope), columnNames);
            } else {
                String reason = "unsupported common table expression body";
                ctx.note(reason);
                columns = List.of(new OutputColumn("*", new Lineage.Unknown(reason)));
            }
            scope.define(name, columns);
        }
        return scope;
    }

    private List<OutputColumn> recursive(String name, List<String> columnNames, ParenthesedSelect query, Scope outer,
            CteScope scope) {
        if (!(query.getSelect() instanceof SetOperationList union)) {
            return rename(ctx.queries.analyze(query, outer, scope).outputs(), columnNames);
        }
        // the first branch cannot refer to the CTE itself; start from it and widen until stable
        CteScope anchorScope = scope.child();
        List<OutputColumn> current = rename(ctx.queries.analyze(union.getSelects().get(0), outer, anchorScope).outputs(),
                columnNames);
        for (int round = 0; round < MAX_RECURSION_ROUNDS; round++) {
            CteScope trial = scope.child();
            trial.define(name, current);
            List<OutputColumn> all = rename(ctx.queries.analyze(query, outer, trial).outputs(), columnNames);
            List<OutputColumn> next = ctx.queries.combine(List.of(current, all));
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        String reason = "the lineage of recursive common table expression \"" + name + "\" did not settle";
        ctx.note(reason);
        List<OutputColumn> unknown = new ArrayList<>();
        for (OutputColumn column : current) {
            unknown.add(new OutputColumn(column.name(), new Lineage.Unknown(reason)));
        }
        return unknown;
    }

    private List<String> columnNames(WithItem<?> item) {
        List<String> names = new ArrayList<>();
        if (item.getWithItemList() != null) {
            for (SelectItem<?> column : item.getWithItemList()) {
                ctx.consumeTree(column);
                names.add(Identifiers.normalise(column.getExpression().toString()));
            }
        }
        return names;
    }

    private List<OutputColumn> rename(List<OutputColumn> columns, List<String> names) {
        if (names.isEmpty() || columns.stream().anyMatch(c -> c.name().equals("*"))) {
            return columns;
        }
        if (names.size() > columns.size()) {
            String reason = "a common table expression names " + names.size() + " columns but returns " + columns.size();
            ctx.note(reason);
            return List.of(new OutputColumn("*", new Lineage.Unknown(reason)));
        }
        List<OutputColumn> renamed = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            renamed.add(i < names.size() ? new OutputColumn(names.get(i), columns.get(i).lineage()) : columns.get(i));
        }
        return renamed;
    }
}
