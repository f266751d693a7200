package dev.phiguard.policies.sql.jsqlparser;

import java.util.Set;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.DateValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.HexValue;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.IntervalQualifier;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonExpression;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.JsonKeyValuePair;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.OracleNamedFunctionParameter;
import net.sf.jsqlparser.expression.OrderByClause;
import net.sf.jsqlparser.expression.OverlapsCondition;
import net.sf.jsqlparser.expression.PartitionByClause;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimeValue;
import net.sf.jsqlparser.expression.TimestampValue;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.WindowElement;
import net.sf.jsqlparser.expression.WindowOffset;
import net.sf.jsqlparser.expression.WindowRange;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseAnd;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseLeftShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseOr;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseRightShift;
import net.sf.jsqlparser.expression.operators.arithmetic.BitwiseXor;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.IntegerDivision;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.conditional.XorExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ContainedBy;
import net.sf.jsqlparser.expression.operators.relational.Contains;
import net.sf.jsqlparser.expression.operators.relational.CosineSimilarity;
import net.sf.jsqlparser.expression.operators.relational.DoubleAnd;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GeometryDistance;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.Intersects;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.JsonOperator;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NamedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.expression.operators.relational.SimilarToExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.ReturningClause;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.InsertConflictAction;
import net.sf.jsqlparser.statement.insert.InsertConflictTarget;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.merge.MergeDelete;
import net.sf.jsqlparser.statement.merge.MergeInsert;
import net.sf.jsqlparser.statement.merge.MergeUpdate;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.ExceptOp;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.IntersectOp;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.Offset;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SampleClause;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.select.UnionOp;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * The syntax node classes the analyser understands. Everything else is reported as unsupported,
 * which is what keeps the analysis closed against syntax the parser accepts but the analyser does not
 * know how values flow through.
 */
final class SupportedSyntax {

    /** Constants: nothing from the database flows into them ({@code AllValue} is {@code LIMIT ALL}). */
    static final Set<Class<?>> CONSTANTS = Set.of(
            LongValue.class, DoubleValue.class, StringValue.class, NullValue.class, BooleanValue.class, HexValue.class,
            DateValue.class, TimeValue.class, TimestampValue.class, DateTimeLiteralExpression.class, JdbcParameter.class,
            AllValue.class);

    /**
     * Operators and other expression parts whose value is computed from their children only, so that
     * walking the children finds everything that flows in.
     */
    static final Set<Class<?>> COMPUTED = Set.of(
            Addition.class, Subtraction.class, Multiplication.class, Division.class, IntegerDivision.class, Modulo.class,
            Concat.class, BitwiseAnd.class, BitwiseOr.class, BitwiseXor.class, BitwiseLeftShift.class,
            BitwiseRightShift.class, AndExpression.class, OrExpression.class, XorExpression.class, NotExpression.class,
            SignedExpression.class, EqualsTo.class, NotEqualsTo.class, GreaterThan.class, GreaterThanEquals.class,
            MinorThan.class, MinorThanEquals.class, Between.class, InExpression.class, ExistsExpression.class,
            IsNullExpression.class, IsBooleanExpression.class, IsDistinctExpression.class, IsUnknownExpression.class,
            LikeExpression.class, SimilarToExpression.class, RegExpMatchOperator.class, JsonOperator.class,
            JsonExpression.class, JsonKeyValuePair.class, Contains.class, ContainedBy.class, DoubleAnd.class,
            Intersects.class, GeometryDistance.class, CosineSimilarity.class, OverlapsCondition.class,
            AnyComparisonExpression.class, ExpressionList.class, ParenthesedExpressionList.class,
            NamedExpressionList.class, RowConstructor.class, ArrayConstructor.class,
            ArrayExpression.class, CaseExpression.class, WhenClause.class, CastExpression.class, ColDataType.class,
            CollateExpression.class, IntervalExpression.class, IntervalQualifier.class, TimezoneExpression.class,
            OracleNamedFunctionParameter.class, Function.KeywordArgument.class, OrderByElement.class,
            OrderByClause.class, PartitionByClause.class, WindowDefinition.class, WindowElement.class,
            WindowOffset.class, WindowRange.class);

    /** Expression nodes the expression analyser handles itself. */
    static final Set<Class<?>> HANDLED = Set.of(
            Column.class, AllColumns.class, AllTableColumns.class, Function.class, AnalyticExpression.class,
            TrimFunction.class, ExtractExpression.class, JsonFunction.class, JsonAggregateFunction.class,
            TimeKeyExpression.class, RowGetExpression.class);

    /** Statement structure the query and modification analysers handle. */
    static final Set<Class<?>> STRUCTURE = Set.of(
            PlainSelect.class, SetOperationList.class, ParenthesedSelect.class, LateralSubSelect.class, Values.class,
            TableStatement.class, SelectItem.class, Join.class, WithItem.class, Limit.class, Offset.class, Fetch.class,
            Distinct.class, GroupByElement.class, TableFunction.class, ParenthesedFromItem.class, UnionOp.class,
            IntersectOp.class, ExceptOp.class, SampleClause.class, Alias.class,
            Alias.AliasColumn.class, Table.class, Insert.class, Update.class, Delete.class,
            Merge.class, MergeInsert.class, MergeUpdate.class, MergeDelete.class, UpdateSet.class, ReturningClause.class,
            InsertConflictTarget.class, InsertConflictAction.class, Index.ColumnParams.class, ParenthesedInsert.class,
            ParenthesedUpdate.class, ParenthesedDelete.class, Execute.class);

    /**
     * Nodes that name data or code: each one must have been looked at by the analyser (a check made
     * after the analysis of every statement).
     */
    static final Set<Class<?>> REFERENCES = Set.of(
            Column.class, AllColumns.class, AllTableColumns.class, Table.class, Function.class, AnalyticExpression.class,
            TrimFunction.class, ExtractExpression.class, JsonFunction.class, JsonAggregateFunction.class,
            TimeKeyExpression.class, RowGetExpression.class, PlainSelect.class, SetOperationList.class,
            ParenthesedSelect.class, LateralSubSelect.class, Values.class, TableStatement.class, WithItem.class,
            ParenthesedInsert.class, ParenthesedUpdate.class, ParenthesedDelete.class, TableFunction.class,
            ParenthesedFromItem.class);

    private SupportedSyntax() {
    }

    /** @return whether the expression analyser may walk through a node of this class */
    static boolean isExpression(Class<?> type) {
        return CONSTANTS.contains(type) || COMPUTED.contains(type) || HANDLED.contains(type);
    }

    /** @return whether a node of this class may appear anywhere in an analysed statement */
    static boolean isSupported(Class<?> type) {
        return isExpression(type) || STRUCTURE.contains(type);
    }
}
