package dev.phiguard.policies.sql.jsqlparser;

import java.util.Locale;
import java.util.Map;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.ArrayConstructor;
import net.sf.jsqlparser.expression.ArrayExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.DateTimeLiteralExpression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.RowConstructor;
import net.sf.jsqlparser.expression.RowGetExpression;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.expression.TimezoneExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The column name PostgreSQL gives an output expression without an alias (its {@code FigureColname}
 * rules): the column name, the function name, the type name of a cast of a constant, {@code case},
 * {@code array}, {@code row}, {@code exists}, or {@code ?column?}.
 */
final class OutputNames {

    /** PostgreSQL's internal names of types written with their SQL-standard names. */
    private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
            Map.entry("int", "int4"), Map.entry("integer", "int4"), Map.entry("smallint", "int2"),
            Map.entry("bigint", "int8"), Map.entry("real", "float4"), Map.entry("float", "float8"),
            Map.entry("double precision", "float8"), Map.entry("boolean", "bool"), Map.entry("decimal", "numeric"),
            Map.entry("character varying", "varchar"), Map.entry("char varying", "varchar"), Map.entry("character", "bpchar"),
            Map.entry("char", "bpchar"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("time with time zone", "timetz"),
            Map.entry("time without time zone", "time"));

    private static final String UNNAMED = "?column?";

    private OutputNames() {
    }

    /**
     * @param expression a select-list expression without alias
     * @return the name the client will see
     */
    static String of(Object expression) {
        String name = figure(expression);
        return name == null ? UNNAMED : name;
    }

    private static String figure(Object expression) {
        if (expression instanceof ParenthesedExpressionList<?> list) {
            return list.size() == 1 ? figure(list.get(0)) : "row";
        }
        if (expression instanceof Column column) {
            return Identifiers.normalise(column.getColumnName());
        }
        if (expression instanceof ArrayExpression subscript) {
            return figure(subscript.getObjExpression());
        }
        if (expression instanceof RowGetExpression field) {
            return Identifiers.normalise(field.getColumnName());
        }
        if (expression instanceof Function function) {
            String name = ExpressionAnalyzer.functionName(function).orElse(null);
            if (name == null) {
                String written = Identifiers.normalise(function.getMultipartName().get(0));
                return written.equals("row") ? "row" : written.equals("array") ? "array" : null;
            }
            return name.substring(name.lastIndexOf('.') + 1);
        }
        if (expression instanceof AnalyticExpression analytic) {
            return Identifiers.normalise(analytic.getName());
        }
        if (expression instanceof CastExpression cast) {
            String inner = figure(cast.getLeftExpression());
            return inner != null ? inner : typeName(cast.getColDataType());
        }
        if (expression instanceof CollateExpression collate) {
            return figure(collate.getLeftExpression());
        }
        if (expression instanceof CaseExpression) {
            return "case";
        }
        if (expression instanceof ArrayConstructor) {
            return "array";
        }
        if (expression instanceof RowConstructor<?>) {
            return "row";
        }
        if (expression instanceof ExistsExpression) {
            return "exists";
        }
        if (expression instanceof ExtractExpression) {
            return "extract";
        }
        if (expression instanceof TrimFunction trim) {
            String spec = trim.getTrimSpecification() == null ? "" : trim.getTrimSpecification().name();
            return spec.equals("LEADING") ? "ltrim" : spec.equals("TRAILING") ? "rtrim" : "btrim";
        }
        if (expression instanceof TimeKeyExpression time) {
            String text = time.getStringValue().trim().toLowerCase(Locale.ROOT);
            int paren = text.indexOf('(');
            return paren < 0 ? text : text.substring(0, paren).trim();
        }
        if (expression instanceof TimezoneExpression) {
            return "timezone";
        }
        if (expression instanceof BooleanValue) {
            return "bool";
        }
        if (expression instanceof IntervalExpression) {
            return "interval";
        }
        if (expression instanceof DateTimeLiteralExpression literal) {
            return literal.getType() == null ? null : typeName(literal.getType().name());
        }
        if (expression instanceof ParenthesedSelect query) {
            return firstColumnName(query.getSelect());
        }
        return null;
    }

    private static String firstColumnName(Select select) {
        if (select instanceof PlainSelect plain && !plain.getSelectItems().isEmpty()) {
            SelectItem<?> first = plain.getSelectItems().get(0);
            return first.getAlias() != null ? Identifiers.normalise(first.getAlias().getName()) : figure(first.getExpression());
        }
        if (select instanceof SetOperationList list && !list.getSelects().isEmpty()) {
            return firstColumnName(list.getSelects().get(0));
        }
        if (select instanceof ParenthesedSelect parenthesed) {
            return firstColumnName(parenthesed.getSelect());
        }
        return null;
    }

    private static String typeName(ColDataType type) {
        return type == null ? null : typeName(type.getDataType());
    }

    private static String typeName(String written) {
        String name = written.trim();
        int paren = name.indexOf('(');
        if (paren >= 0) {
            name = name.substring(0, paren).trim();
        }
        while (name.endsWith("[]")) {
            name = name.substring(0, name.length() - 2).trim();
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        String normalised = Identifiers.normalise(name).replaceAll("\\s+", " ");
        return TYPE_NAMES.getOrDefault(normalised, normalised);
    }
}
