package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JsonAggregateFunction;
import net.sf.jsqlparser.expression.JsonFunction;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.WindowDefinition;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Computes the lineage of expressions: a bare column (through parentheses) keeps the lineage of what
 * it names, a scalar sub-query the lineage of its single column, anything else is computed from
 * everything found below it. Records functions, referenced columns and sub-query facts on the way.
 */
final class ExpressionAnalyzer {

    /** Function-call syntax that constructs values rather than calling a function. */
    private static final Set<String> CONSTRUCTORS = Set.of("row", "array", "any", "some", "all");

    private final Context ctx;

    ExpressionAnalyzer(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * @param expression an expression whose value is returned or used
     * @param scope the names visible to it
     * @return its lineage
     */
    Lineage lineage(Object expression, Scope scope) {
        Object node = unwrap(expression);
        if (node instanceof Column column && column.getArrayConstructor() == null) {
            ctx.consume(column);
            Lineage lineage = resolve(column, scope);
            ctx.reference(lineage);
            return lineage;
        }
        if (node instanceof RowGetExpression field) {
            return field(field, scope);
        }
        if (node instanceof ParenthesedSelect query) {
            List<OutputColumn> outputs = ctx.queries.analyze(query, scope, scope.ctes()).outputs();
            return outputs.size() == 1 ? outputs.get(0).lineage()
                    : new Lineage.Unknown("a sub-query used as a value returns " + outputs.size() + " columns");
        }
        LineageBuilder builder = new LineageBuilder();
        walk(node, scope, builder);
        return builder.build(ctx::shape);
    }

    /**
     * Analyses an expression used to filter, group, order or join: its columns are referenced, and an
     * unresolvable part is noted as unresolved.
     *
     * @param expression the expression, may be {@code null}
     * @param scope the names visible to it
     */
    void use(Object expression, Scope scope) {
        if (expression == null) {
            return;
        }
        Lineage lineage = lineage(expression, scope);
        if (lineage instanceof Lineage.Unknown unknown) {
            ctx.note(unknown.reason());
        }
    }

    /** Like {@link #use} for each element of a list, which may be {@code null}. */
    void useAll(List<?> expressions, Scope scope) {
        if (expressions != null) {
            for (Object expression : expressions) {
                use(expression, scope);
            }
        }
    }

    /**
     * @param column a column reference
     * @param scope the names visible to it
     * @return the lineage of what it names
     */
    Lineage resolve(Column column, Scope scope) {
        String raw = column.getColumnName();
        String name = Identifiers.normalise(raw);
        List<String> qualifier = qualifier(column.getTable());
        if (qualifier.isEmpty() && !Identifiers.isQuoted(raw) && Identifiers.SQL_VALUE_FUNCTIONS.contains(name)) {
            ctx.function(name);
            return new Lineage.Derived(Set.of(), Set.of(name));
        }
        if (qualifier.size() > 2) {
            return new Lineage.Unknown("cross-database reference " + String.join(".", qualifier) + "." + name);
        }
        return scope.resolve(qualifier, name);
    }

    /**
     * @param table the qualifier of a column or of {@code t.*}, may be {@code null}
     * @return its normalised parts, outermost first
     */
    static List<String> qualifier(Table table) {
        if (table == null) {
            return List.of();
        }
        List<String> parts = new ArrayList<>(3);
        if (table.getDatabaseName() != null) {
            parts.add(Identifiers.normalise(table.getDatabaseName()));
        }
        if (table.getSchemaName() != null) {
            parts.add(Identifiers.normalise(table.getSchemaName()));
        }
        if (table.getName() != null) {
            parts.add(Identifiers.normalise(table.getName()));
        }
        return parts;
    }

    /**
     * @param function a function call
     * @return the function's name as reported in the facts, or empty for value constructors written
     *     like calls ({@code ROW(...)}, {@code ARRAY(...)}, {@code ANY(...)})
     */
    static Optional<String> functionName(Function function) {
        List<String> parts = function.getMultipartName();
        if (parts == null || parts.isEmpty()) {
            return Optional.empty();
        }
        if (parts.size() == 1 && !Identifiers.isQuoted(parts.get(0))
                && CONSTRUCTORS.contains(Identifiers.normalise(parts.get(0)))) {
            return Optional.empty();
        }
        return Optional.of(String.join(".", Identifiers.normaliseAll(parts)));
    }

    private static Object unwrap(Object expression) {
        Object node = expression;
        while (true) {
            if (node instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                node = list.get(0);
            } else {
                return node;
            }
        }
    }

    private Lineage field(RowGetExpression field, Scope scope) {
        ctx.consume(field);
        String name = Identifiers.normalise(field.getColumnName());
        Object inner = field.getExpression();
        if (inner instanceof ParenthesedExpressionList<?> list) {
            ctx.consume(list);
        }
        Object value = unwrap(inner);
        if (value instanceof Column column && column.getTable() == null && column.getArrayConstructor() == null) {
            Optional<Relation> relation = scope.relation(List.of(Identifiers.normalise(column.getColumnName())));
            Lineage asColumn = resolve(column, scope);
            if (relation.isPresent() && asColumn.equals(relation.get().wholeRow())) {
                ctx.consume(column);
                Lookup lookup = relation.get().column(name);
                Lineage lineage = lookup instanceof Lookup.Found found ? found.lineage()
                        : new Lineage.Unknown("(" + relation.get().alias() + ")." + name + " cannot be resolved");
                ctx.reference(lineage);
                return lineage;
            }
        }
        LineageBuilder builder = new LineageBuilder();
        walk(value, scope, builder);
        builder.fromDatabase();
        return builder.build(ctx::shape);
    }

    private void walk(Object node, Scope scope, LineageBuilder builder) {
        if (node == null) {
            return;
        }
        ctx.countExpressionNode();
        ctx.consume(node);
        if (node instanceof Column column) {
            Lineage lineage = resolve(column, scope);
            ctx.reference(lineage);
            builder.add(lineage);
            if (column.getArrayConstructor() != null) {
                walk(column.getArrayConstructor(), scope, builder);
            }
        } else if (node instanceof AllTableColumns all) {
            Lineage lineage = wholeRow(all, scope);
            ctx.reference(lineage);
            builder.add(lineage);
        } else if (node instanceof AllColumns) {
            builder.unknown("* used inside an expression");
        } else if (node instanceof Select query) {
            subquery(query, scope, builder);
        } else if (node instanceof Function function) {
            function(function, scope, builder);
        } else if (node instanceof AnalyticExpression analytic) {
            named(Identifiers.normalise(analytic.getName()), builder);
            if (analytic.getWindowName() != null) {
                Optional<WindowDefinition> window = scope.window(Identifiers.normalise(analytic.getWindowName()));
                if (window.isPresent()) {
                    walkChildren(window.get(), scope, builder);
                } else {
                    builder.unknown("window \"" + analytic.getWindowName() + "\" is not defined");
                }
            }
            if (analytic.isAllColumns()
                    || (analytic.getExpression() instanceof AllColumns && !(analytic.getExpression() instanceof AllTableColumns))) {
                ctx.consume(analytic.getExpression());
                builder.fromDatabase();
                walkChildrenExcept(analytic, analytic.getExpression(), scope, builder);
            } else {
                walkChildren(analytic, scope, builder);
            }
        } else if (node instanceof TrimFunction) {
            named("trim", builder);
            walkChildren(node, scope, builder);
        } else if (node instanceof ExtractExpression) {
            named("extract", builder);
            walkChildren(node, scope, builder);
        } else if (node instanceof JsonFunction json) {
            named(json.getType() == null ? "json" : "json_" + json.getType().name().toLowerCase(Locale.ROOT), builder);
            walkChildren(node, scope, builder);
        } else if (node instanceof JsonAggregateFunction) {
            named("json_aggregate", builder);
            walkChildren(node, scope, builder);
        } else if (node instanceof TimeKeyExpression time) {
            named(Identifiers.normalise(leadingWord(time.getStringValue())), builder);
        } else if (node instanceof RowGetExpression field) {
            builder.add(field(field, scope));
        } else if (SupportedSyntax.CONSTANTS.contains(node.getClass())) {
            return;
        } else if (SupportedSyntax.COMPUTED.contains(node.getClass())) {
            walkChildren(node, scope, builder);
        } else {
            builder.unknown("unsupported expression syntax (" + node.getClass().getSimpleName() + ")");
            walkChildren(node, scope, builder);
        }
    }

    private void function(Function function, Scope scope, LineageBuilder builder) {
        Optional<String> name = functionName(function);
        name.ifPresent(n -> named(n, builder));
        builder.fromDatabase();
        if (function.getAttributeColumn() != null) {
            // (f(x)).field: a field of the result, not a column reference
            ctx.consume(function.getAttributeColumn());
        }
        ExpressionList<?> parameters = function.getParameters();
        boolean countStar = function.isAllColumns()
                || (parameters != null && parameters.size() == 1 && parameters.get(0) instanceof AllColumns
                        && !(parameters.get(0) instanceof AllTableColumns));
        if (countStar && parameters != null) {
            ctx.consumeTree(parameters);
        }
        NodeWalker.forEachChild(function, child -> {
            if (child != function.getAttributeColumn() && !(countStar && child == parameters)) {
                walk(child, scope, builder);
            }
        });
    }

    private void subquery(Select query, Scope scope, LineageBuilder builder) {
        Set<ColumnRef> influencing = new TreeSet<>();
        ctx.openSink(influencing);
        List<OutputColumn> outputs;
        try {
            outputs = ctx.queries.analyze(query, scope, scope.ctes()).outputs();
        } finally {
            ctx.closeSink();
        }
        builder.fromDatabase();
        outputs.forEach(output -> builder.add(output.lineage()));
        builder.addSources(influencing);
    }

    private Lineage wholeRow(AllTableColumns all, Scope scope) {
        List<String> qualifier = qualifier(all.getTable());
        Optional<Relation> relation = scope.relation(qualifier);
        return relation.map(Relation::wholeRow)
                .orElseGet(() -> new Lineage.Unknown("missing FROM-clause entry for \"" + String.join(".", qualifier) + "\""));
    }

    private void named(String name, LineageBuilder builder) {
        ctx.function(name);
        builder.function(name);
        builder.fromDatabase();
    }

    private void walkChildren(Object node, Scope scope, LineageBuilder builder) {
        NodeWalker.forEachChild(node, child -> walk(child, scope, builder));
    }

    private void walkChildrenExcept(Object node, Object skipped, Scope scope, LineageBuilder builder) {
        NodeWalker.forEachChild(node, child -> {
            if (child != skipped) {
                walk(child, scope, builder);
            }
        });
    }

    private static String leadingWord(String text) {
        String trimmed = text.trim();
        int end = 0;
        while (end < trimmed.length() && (Character.isLetterOrDigit(trimmed.charAt(end)) || trimmed.charAt(end) == '_')) {
            end++;
        }
        return end == 0 ? trimmed : trimmed.substring(0, end);
    }
}
