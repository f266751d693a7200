package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementTrait;
import java.util.List;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeOperation;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Analyses INSERT, UPDATE, DELETE and MERGE: the relation written, the relations and columns read
 * (sources, filters, SET values, conflict actions), and the RETURNING columns.
 *
 * <p>The target of UPDATE, DELETE and MERGE is also read (rows are matched and may be returned); it
 * counts as read without WHERE when the statement has no WHERE clause (MERGE never has one).
 */
final class Modifications {

    private final Context ctx;

    Modifications(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * A data-modifying statement inside a WITH clause.
     *
     * @return its RETURNING columns (the common table expression's columns)
     */
    List<OutputColumn> nested(Object statement, Scope outer, CteScope ctes) {
        ctx.consume(statement);
        if (statement instanceof ParenthesedInsert insert) {
            return insert(insert.getInsert(), outer, ctes);
        }
        if (statement instanceof ParenthesedUpdate update) {
            return update(update.getUpdate(), outer, ctes);
        }
        if (statement instanceof ParenthesedDelete delete) {
            return delete(delete.getDelete(), outer, ctes);
        }
        throw new IllegalArgumentException("not a data-modifying statement: " + statement.getClass());
    }

    List<OutputColumn> insert(Insert insert, Scope outer, CteScope ctes) {
        ctx.consume(insert);
        CteScope visible = ctx.ctes.define(insert.getWithItemsList(), outer, ctes);
        Relation target = ctx.relations.target(insert.getTable());
        if (insert.getColumns() != null) {
            ctx.consumeTree(insert.getColumns());
        }
        if (insert.getSelect() != null) {
            ctx.queries.analyze(insert.getSelect(), outer, visible);
        }
        if (insert.getConflictTarget() != null) {
            // index inference: names the conflict arbiter, no data flows out of it
            ctx.consumeTree(insert.getConflictTarget());
        }
        Scope scope = new Scope(outer, visible);
        scope.addRelation(target);
        scope.addItem(new FromNode.Single(target));
        InsertConflictAction action = insert.getConflictAction();
        if (action != null) {
            ctx.consume(action);
            if (action.getUpdateSets() != null && !action.getUpdateSets().isEmpty()) {
                ctx.facts.traits.add(StatementTrait.UPSERT);
            }
            target.table().ifPresent(t -> ctx.facts.read(t, true));
            Relation excluded = Relation.derived("excluded", target.columns().orElse(List.of()), target.wholeRow());
            scope.addRelation(excluded);
            updateSets(action.getUpdateSets(), scope);
            ctx.expressions.use(action.getWhereExpression(), scope);
        }
        return returning(insert.getReturningClause(), target, scope);
    }

    List<OutputColumn> update(Update update, Scope outer, CteScope ctes) {
        ctx.consume(update);
        CteScope visible = ctx.ctes.define(update.getWithItemsList(), outer, ctes);
        boolean hasWhere = update.getWhere() != null;
        Scope scope = new Scope(outer, visible);
        Relation target = ctx.relations.target(update.getTable());
        target.table().ifPresent(t -> ctx.facts.read(t, hasWhere));
        scope.addRelation(target);
        scope.addItem(new FromNode.Single(target));
        ctx.from.build(update.getFromItem(), update.getJoins(), scope, outer, visible, hasWhere);
        updateSets(update.getUpdateSets(), scope);
        ctx.expressions.use(update.getWhere(), scope);
        return returning(update.getReturningClause(), target, scope);
    }

    List<OutputColumn> delete(Delete delete, Scope outer, CteScope ctes) {
        ctx.consume(delete);
        CteScope visible = ctx.ctes.define(delete.getWithItemsList(), outer, ctes);
        boolean hasWhere = delete.getWhere() != null;
        Scope scope = new Scope(outer, visible);
        Relation target = ctx.relations.target(delete.getTable());
        target.table().ifPresent(t -> ctx.facts.read(t, hasWhere));
        scope.addRelation(target);
        scope.addItem(new FromNode.Single(target));
        if (delete.getUsingFromItemList() != null) {
            for (var item : delete.getUsingFromItemList()) {
                ctx.from.build(item, null, scope, outer, visible, hasWhere);
            }
        }
        ctx.from.build(null, delete.getJoins(), scope, outer, visible, hasWhere);
        ctx.expressions.use(delete.getWhere(), scope);
        return returning(delete.getReturningClause(), target, scope);
    }

    List<OutputColumn> merge(Merge merge, Scope outer, CteScope ctes) {
        ctx.consume(merge);
        CteScope visible = ctx.ctes.define(merge.getWithItemsList(), outer, ctes);
        Scope scope = new Scope(outer, visible);
        Relation target = ctx.relations.target(merge.getTable());
        target.table().ifPresent(t -> ctx.facts.read(t, false));
        scope.addRelation(target);
        scope.addItem(new FromNode.Single(target));
        ctx.from.build(merge.getFromItem(), null, scope, outer, visible, false);
        ctx.expressions.use(merge.getOnCondition(), scope);
        if (merge.getOperations() != null) {
            for (MergeOperation operation : merge.getOperations()) {
                mergeOperation(operation, scope);
            }
        }
        mergeOperation(merge.getMergeUpdate(), scope);
        mergeOperation(merge.getMergeInsert(), scope);
        return returning(merge.getReturningClause(), target, scope);
    }

    private void mergeOperation(MergeOperation operation, Scope scope) {
        if (operation == null || ctx.isConsumed(operation)) {
            return;
        }
        ctx.consume(operation);
        if (operation instanceof MergeUpdate update) {
            updateSets(update.getUpdateSets(), scope);
            ctx.expressions.use(update.getAndPredicate(), scope);
            ctx.expressions.use(update.getWhereCondition(), scope);
            ctx.expressions.use(update.getDeleteWhereCondition(), scope);
        } else if (operation instanceof MergeInsert insert) {
            if (insert.getColumns() != null) {
                ctx.consumeTree(insert.getColumns());
            }
            ctx.expressions.use(insert.getAndPredicate(), scope);
            ctx.expressions.use(insert.getWhereCondition(), scope);
            if (insert.getValues() != null) {
                ctx.consume(insert.getValues());
                ctx.expressions.useAll(insert.getValues(), scope);
            }
        } else if (operation instanceof MergeDelete delete) {
            ctx.expressions.use(delete.getAndPredicate(), scope);
        } else {
            ctx.note("unsupported MERGE action (" + operation.getClass().getSimpleName() + ")");
        }
    }

    private void updateSets(List<UpdateSet> sets, Scope scope) {
        if (sets == null) {
            return;
        }
        for (UpdateSet set : sets) {
            ctx.consume(set);
            ctx.consumeTree(set.getColumns());
            if (set.getValues() != null) {
                ctx.consume(set.getValues());
                ctx.expressions.useAll(set.getValues(), scope);
            }
        }
    }

    private List<OutputColumn> returning(ReturningClause clause, Relation target, Scope scope) {
        if (clause == null) {
            return List.of();
        }
        ctx.consume(clause);
        target.table().ifPresent(t -> ctx.facts.read(t, true));
        List<OutputColumn> outputs = ctx.queries.selectItems(clause, scope);
        return outputs.isEmpty() ? List.of(new OutputColumn("*", new Lineage.Unknown("empty RETURNING"))) : outputs;
    }
}
