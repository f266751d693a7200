package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.OutputColumn;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.TableShape;
import dev.phiguard.policies.sql.lex.LexicalException;
import dev.phiguard.policies.sql.lex.StatementText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Resolves relation names: common table expressions first (for unqualified names), then the catalog
 * through the search path; expands views whose definition the catalog knows, so that their columns
 * trace to base columns; records every relation read or written.
 */
final class RelationResolver {

    private final Context ctx;

    RelationResolver(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * A relation named in a FROM clause (read).
     *
     * @param table the name as parsed
     * @param ctes the common table expressions visible
     * @param hasWhere whether the reading block has a WHERE clause
     * @return the relation
     */
    Relation fromTable(Table table, CteScope ctes, boolean hasWhere) {
        ctx.consumeTree(table);
        String alias = FromClause.alias(table.getAlias());
        List<String> aliasColumns = FromClause.aliasColumns(table.getAlias());
        if (table.getDatabaseName() != null) {
            String reason = "cross-database reference " + table.getFullyQualifiedName();
            ctx.note(reason);
            return Relation.unknown(alias, reason);
        }
        String name = Identifiers.normalise(table.getName());
        if (table.getSchemaName() == null) {
            Optional<List<OutputColumn>> cte = ctes.find(name);
            if (cte.isPresent()) {
                List<OutputColumn> columns = cte.get();
                return Relation.derived(alias != null ? alias : name, columns, ctx.from.wholeRowOf(columns)).renamed(aliasColumns);
            }
        }
        TableRef ref = resolve(table);
        ctx.facts.read(ref, hasWhere);
        return catalogRelation(ref, alias).renamed(aliasColumns);
    }

    /**
     * A relation written by INSERT, UPDATE, DELETE or MERGE: columns as stored (views not expanded).
     *
     * @param table the name as parsed
     * @return the relation
     */
    Relation target(Table table) {
        ctx.consumeTree(table);
        String alias = FromClause.alias(table.getAlias());
        if (table.getDatabaseName() != null) {
            String reason = "cross-database reference " + table.getFullyQualifiedName();
            ctx.note(reason);
            return Relation.unknown(alias, reason);
        }
        TableRef ref = resolve(table);
        ctx.facts.written.add(ref);
        Optional<TableShape> shape = ctx.shape(ref);
        if (shape.isEmpty()) {
            return Relation.catalog(ref, alias, null, unknownReason(ref), new Lineage.WholeRow(ref));
        }
        return Relation.catalog(ref, alias, baseColumns(ref, shape.get()), null, new Lineage.WholeRow(ref));
    }

    /**
     * @param table a relation name as parsed
     * @return the relation it names: schema-qualified when the catalog knows it, unqualified otherwise
     *     (and noted as unresolved)
     */
    TableRef resolve(Table table) {
        String name = Identifiers.normalise(table.getName());
        if (table.getSchemaName() != null) {
            TableRef ref = TableRef.of(Identifiers.normalise(table.getSchemaName()), name);
            if (ctx.shape(ref).isEmpty()) {
                ctx.note(unknownReason(ref));
            }
            return ref;
        }
        return resolveUnqualified(name);
    }

    /**
     * @param name an unqualified relation name
     * @return the first relation of that name on the search path, or an unqualified reference
     */
    TableRef resolveUnqualified(String name) {
        for (String schema : ctx.settings.searchPath().effectiveSchemas()) {
            TableRef candidate = TableRef.of(schema, name);
            if (ctx.shape(candidate).isPresent()) {
                return candidate;
            }
        }
        TableRef unresolved = new TableRef(null, name);
        ctx.note(unknownReason(unresolved));
        return unresolved;
    }

    private String unknownReason(TableRef ref) {
        return ref.isQualified() ? "relation " + ref + " is not in the catalog"
                : "relation \"" + ref.name() + "\" is not in the catalog (search path " + ctx.settings.searchPath().effectiveSchemas() + ")";
    }

    private Relation catalogRelation(TableRef ref, String alias) {
        Optional<TableShape> shape = ctx.shape(ref);
        if (shape.isEmpty()) {
            String reason = unknownReason(ref);
            return Relation.catalog(ref, alias, null, reason, new Lineage.WholeRow(ref));
        }
        Optional<String> definition = ctx.catalog.viewDefinition(ref);
        if (definition.isEmpty()) {
            return Relation.catalog(ref, alias, baseColumns(ref, shape.get()), null, new Lineage.WholeRow(ref));
        }
        List<OutputColumn> columns = expandView(ref, shape.get(), definition.get());
        return Relation.catalog(ref, alias, columns, null, ctx.from.wholeRowOf(columns));
    }

    private static List<OutputColumn> baseColumns(TableRef ref, TableShape shape) {
        List<OutputColumn> columns = new ArrayList<>(shape.columns().size());
        for (String column : shape.columns()) {
            columns.add(new OutputColumn(column, new Lineage.Direct(new ColumnRef(ref, column))));
        }
        return columns;
    }

    private List<OutputColumn> expandView(TableRef view, TableShape shape, String definition) {
        if (ctx.isExpanding(view)) {
            return unknownColumns(shape, "view " + view + " is defined in terms of itself");
        }
        if (ctx.viewDepth() >= ctx.settings.maxViewDepth()) {
            return unknownColumns(shape, "views are nested deeper than " + ctx.settings.maxViewDepth() + " levels at " + view);
        }
        Select query;
        try {
            List<StatementText> statements = ctx.lexer.split(definition);
            if (statements.size() != 1) {
                return unknownColumns(shape, "the definition of view " + view + " is not one statement");
            }
            Statement statement = SqlParsing.parse(statements.get(0));
            if (!(statement instanceof Select select)) {
                return unknownColumns(shape, "the definition of view " + view + " is not a query");
            }
            query = select;
        } catch (LexicalException | UnanalysableStatement e) {
            return unknownColumns(shape, "the definition of view " + view + " cannot be parsed");
        }
        ctx.enterView(view);
        List<OutputColumn> outputs;
        try {
            outputs = ctx.queries.analyze(query, null, CteScope.empty()).outputs();
            NodeCensus.check(query, ctx);
        } finally {
            ctx.leaveView();
        }
        if (outputs.size() != shape.columns().size() || outputs.stream().anyMatch(o -> o.name().equals("*"))) {
            return unknownColumns(shape, "the definition of view " + view + " does not match its " + shape.columns().size() + " columns");
        }
        List<OutputColumn> columns = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            columns.add(new OutputColumn(shape.columns().get(i), outputs.get(i).lineage()));
        }
        return columns;
    }

    private List<OutputColumn> unknownColumns(TableShape shape, String reason) {
        ctx.note(reason);
        List<OutputColumn> columns = new ArrayList<>();
        for (String column : shape.columns()) {
            columns.add(new OutputColumn(column, new Lineage.Unknown(reason)));
        }
        return columns;
    }
}
