package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.StatementFacts;
import dev.phiguard.policies.sql.StatementKind;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.lex.StatementText;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.execute.Execute;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.refresh.RefreshMaterializedViewStatement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Facts for statements JSqlParser parses: queries, INSERT, UPDATE, DELETE, MERGE, DDL (kind, target
 * and the query of CREATE TABLE/VIEW ... AS), and the argument lists of CALL and EXECUTE.
 */
final class ParsedStatements {

    /** What the leading keywords promise the statement is. */
    enum Family { QUERY_OR_MODIFICATION, DEFINITION }

    private final Toolkit toolkit;

    ParsedStatements(Toolkit toolkit) {
        this.toolkit = toolkit;
    }

    StatementFacts analyze(StatementText text, Family family) {
        Statement statement = SqlParsing.parse(text);
        Context ctx = toolkit.newContext();
        if (family == Family.QUERY_OR_MODIFICATION) {
            return queryOrModification(statement, ctx, text);
        }
        return definition(statement, ctx);
    }

    private StatementFacts queryOrModification(Statement statement, Context ctx, StatementText text) {
        if (statement instanceof Select select) {
            QueryAnalyzer.Result result = ctx.queries.analyze(select, null, CteScope.empty());
            NodeCensus.check(select, ctx);
            if (select instanceof PlainSelect plain && plain.getIntoTables() != null && !plain.getIntoTables().isEmpty()) {
                // SELECT ... INTO creates a table: no rows to the client
                StatementFacts inner = ctx.facts.toFacts(StatementKind.SELECT, result.outputs(), result.limit(),
                        Optional.empty(), Optional.empty());
                for (Table into : plain.getIntoTables()) {
                    ctx.facts.written.add(creationTarget(into, ctx));
                }
                return ctx.facts.toFacts(StatementKind.DDL, List.of(), OptionalLong.empty(), Optional.empty(), Optional.of(inner));
            }
            return ctx.facts.toFacts(StatementKind.SELECT, result.outputs(), result.limit(), Optional.empty(), Optional.empty());
        }
        List<OutputColumn> returning;
        StatementKind kind;
        if (statement instanceof Insert insert) {
            kind = StatementKind.INSERT;
            returning = ctx.modifications.insert(insert, null, CteScope.empty());
        } else if (statement instanceof Update update) {
            kind = StatementKind.UPDATE;
            returning = ctx.modifications.update(update, null, CteScope.empty());
        } else if (statement instanceof Delete delete) {
            kind = StatementKind.DELETE;
            returning = ctx.modifications.delete(delete, null, CteScope.empty());
        } else if (statement instanceof Merge merge) {
            kind = StatementKind.MERGE;
            returning = ctx.modifications.merge(merge, null, CteScope.empty());
        } else {
            throw new UnanalysableStatement("unsupported statement form (" + statement.getClass().getSimpleName() + ")",
                    text.start());
        }
        NodeCensus.check(statement, ctx);
        return ctx.facts.toFacts(kind, returning, OptionalLong.empty(), Optional.empty(), Optional.empty());
    }

    private StatementFacts definition(Statement statement, Context ctx) {
        Optional<StatementFacts> inner = Optional.empty();
        if (statement instanceof CreateTable create) {
            if (create.getSelect() != null) {
                inner = Optional.of(innerQuery(create.getSelect(), ctx));
            }
            ctx.facts.written.add(creationTarget(create.getTable(), ctx));
        } else if (statement instanceof CreateView view) {
            if (view.getSelect() != null) {
                inner = Optional.of(innerQuery(view.getSelect(), ctx));
            }
            ctx.facts.written.add(creationTarget(view.getView(), ctx));
        } else if (statement instanceof Alter alter) {
            ctx.facts.written.add(ctx.relations.resolve(alter.getTable()));
        } else if (statement instanceof Drop drop && isRelationType(drop.getType())) {
            drop.getNames().forEach(name -> ctx.facts.written.add(ctx.relations.resolve(name)));
        } else if (statement instanceof Truncate truncate) {
            List<Table> tables = truncate.getTables() != null && !truncate.getTables().isEmpty() ? truncate.getTables()
                    : List.of(truncate.getTable());
            tables.forEach(table -> ctx.facts.written.add(ctx.relations.resolve(table)));
        } else if (statement instanceof CreateIndex index) {
            ctx.facts.written.add(ctx.relations.resolve(index.getTable()));
        } else if (statement instanceof RefreshMaterializedViewStatement refresh) {
            ctx.facts.written.add(ctx.relations.resolve(refresh.getView()));
        }
        return ctx.facts.toFacts(StatementKind.DDL, List.of(), OptionalLong.empty(), Optional.empty(), inner);
    }

    /** Facts of the query inside a DDL statement, as a SELECT; they stay in the outer facts too. */
    private static StatementFacts innerQuery(Select select, Context ctx) {
        QueryAnalyzer.Result result = ctx.queries.analyze(select, null, CteScope.empty());
        NodeCensus.check(select, ctx);
        return ctx.facts.toFacts(StatementKind.SELECT, result.outputs(), result.limit(), Optional.empty(), Optional.empty());
    }

    /** The relation a CREATE makes: qualified as written, else in the first schema of the search path. */
    private static TableRef creationTarget(Table table, Context ctx) {
        String name = Identifiers.normalise(table.getName());
        if (table.getSchemaName() != null) {
            return TableRef.of(Identifiers.normalise(table.getSchemaName()), name);
        }
        List<String> path = ctx.settings.searchPath().schemas();
        return path.isEmpty() ? new TableRef(null, name) : TableRef.of(path.get(0), name);
    }

    private static boolean isRelationType(String type) {
        if (type == null) {
            return false;
        }
        String normalised = type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        return normalised.equals("TABLE") || normalised.equals("VIEW") || normalised.equals("MATERIALIZED VIEW")
                || normalised.equals("FOREIGN TABLE");
    }

    /**
     * CALL proc(args) and EXECUTE name(args): the arguments are analysed as expressions.
     *
     * @param text the statement
     * @param kind {@link StatementKind#CALL} or {@link StatementKind#EXECUTE}
     * @return the facts; the procedure or prepared statement name is the object name
     */
    StatementFacts invocation(StatementText text, StatementKind kind) {
        Statement statement = SqlParsing.parse(text);
        if (!(statement instanceof Execute execute)) {
            throw new UnanalysableStatement("unsupported " + kind + " form", text.start());
        }
        Context ctx = toolkit.newContext();
        ctx.consume(execute);
        String name = String.join(".", Identifiers.normaliseAll(List.of(execute.getName().split("\\."))));
        Scope scope = new Scope(null, CteScope.empty());
        if (kind == StatementKind.CALL) {
            ctx.function(name);
        }
        if (execute.getExprList() != null) {
            ctx.consume(execute.getExprList());
            int position = 1;
            for (Object argument : execute.getExprList()) {
                Lineage lineage = ctx.expressions.lineage(argument, scope);
                if (kind == StatementKind.EXECUTE && !(lineage instanceof Lineage.Constant)) {
                    ctx.note("EXECUTE argument " + position + " is not a constant: its value may flow into the prepared statement's output");
                } else if (lineage instanceof Lineage.Unknown unknown) {
                    ctx.note(unknown.reason());
                }
                position++;
            }
        }
        NodeCensus.check(execute, ctx);
        return ctx.facts.toFacts(kind, List.of(), OptionalLong.empty(), Optional.of(name), Optional.empty());
    }
}
