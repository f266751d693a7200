package dev.phiguard.policies.sql.jsqlparser;

import dev.phiguard.policies.sql.AnalyzerSettings;
import dev.phiguard.policies.sql.Catalog;
import dev.phiguard.policies.sql.ColumnRef;
import dev.phiguard.policies.sql.Lineage;
import dev.phiguard.policies.sql.TableRef;
import dev.phiguard.policies.sql.TableShape;
import dev.phiguard.policies.sql.lex.PgLexer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the analysis of one statement shares: the catalog and settings, the facts being
 * collected, the nodes already looked at, and the analysers of each syntax family (which call each
 * other through it). One instance per statement, used by one thread.
 */
final class Context {

    /**
     * The most query blocks analysed for one statement, counting re-analysis (recursive common table
     * expressions are analysed several times, nested ones multiply): bounds the work of a hostile
     * statement.
     */
    static final int MAX_QUERY_BLOCKS = 2_000;
    /** The most expression nodes visited for one statement, counting re-analysis. */
    static final int MAX_EXPRESSION_NODES = 2_000_000;

    final Catalog catalog;
    final AnalyzerSettings settings;
    final PgLexer lexer;
    final FactsCollector facts = new FactsCollector();

    final ExpressionAnalyzer expressions = new ExpressionAnalyzer(this);
    final QueryAnalyzer queries = new QueryAnalyzer(this);
    final FromClause from = new FromClause(this);
    final RelationResolver relations = new RelationResolver(this);
    final CommonTableExpressions ctes = new CommonTableExpressions(this);
    final Modifications modifications = new Modifications(this);

    private final Set<Object> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<TableRef, Optional<TableShape>> shapes = new HashMap<>();
    private final Deque<TableRef> viewStack = new ArrayDeque<>();
    private final Deque<Set<ColumnRef>> sinks = new ArrayDeque<>();
    private int queryBlocks;
    private int expressionNodes;

    Context(Catalog catalog, AnalyzerSettings settings, PgLexer lexer) {
        this.catalog = catalog;
        this.settings = settings;
        this.lexer = lexer;
    }

    /** Counts one query block analysed; fails the statement beyond {@link #MAX_QUERY_BLOCKS}. */
    void countQueryBlock() {
        if (++queryBlocks > MAX_QUERY_BLOCKS) {
            throw new UnanalysableStatement("the statement is too complex to analyse (more than " + MAX_QUERY_BLOCKS
                    + " query blocks, counting repeated analysis of recursive and nested common table expressions)");
        }
    }

    /** Counts one expression node visited; fails the statement beyond {@link #MAX_EXPRESSION_NODES}. */
    void countExpressionNode() {
        if (++expressionNodes > MAX_EXPRESSION_NODES) {
            throw new UnanalysableStatement("the statement is too complex to analyse (more than " + MAX_EXPRESSION_NODES
                    + " expression nodes)");
        }
    }

    /** Records that the analyser has looked at a syntax node. */
    void consume(Object node) {
        consumed.add(node);
    }

    /** Records that the analyser has looked at a node and everything below it (names only, no data flow). */
    void consumeTree(Object node) {
        if (node != null && consumed.add(node)) {
            NodeWalker.forEachChild(node, this::consumeTree);
        }
    }

    boolean isConsumed(Object node) {
        return consumed.contains(node);
    }

    void function(String name) {
        facts.functions.add(name);
    }

    void note(String reason) {
        facts.note(viewStack.isEmpty() ? reason : "in view " + viewStack.peek() + ": " + reason);
    }

    /**
     * Records the base columns behind a value the statement uses. Inside a view's definition they go
     * only to the open sinks (the lineage of the value being computed), not to the statement's
     * {@code referenced} set.
     */
    void reference(Lineage lineage) {
        Set<ColumnRef> columns = columnsOf(lineage);
        if (viewStack.isEmpty()) {
            facts.referenced.addAll(columns);
        }
        for (Set<ColumnRef> sink : sinks) {
            sink.addAll(columns);
        }
    }

    /** Opens a sink that receives every column referenced until {@link #closeSink()}. */
    void openSink(Set<ColumnRef> sink) {
        sinks.push(sink);
    }

    void closeSink() {
        sinks.pop();
    }

    /**
     * @param table a schema-qualified relation
     * @return its shape, from the catalog (asked once per statement)
     */
    Optional<TableShape> shape(TableRef table) {
        if (!table.isQualified()) {
            return Optional.empty();
        }
        return shapes.computeIfAbsent(table, catalog::table);
    }

    /** @return whether the view is being expanded already (a cycle) */
    boolean isExpanding(TableRef view) {
        return viewStack.contains(view);
    }

    int viewDepth() {
        return viewStack.size();
    }

    void enterView(TableRef view) {
        viewStack.push(view);
    }

    void leaveView() {
        viewStack.pop();
    }

    private Set<ColumnRef> columnsOf(Lineage lineage) {
        if (lineage instanceof Lineage.Direct direct) {
            return Set.of(direct.source());
        }
        if (lineage instanceof Lineage.Derived derived) {
            return derived.sources();
        }
        if (lineage instanceof Lineage.WholeRow row) {
            Optional<TableShape> shape = shape(row.table());
            if (shape.isEmpty()) {
                note("the columns of " + row.table() + " are unknown, so its whole-row use cannot be listed column by column");
                return Set.of();
            }
            Set<ColumnRef> all = new TreeSet<>();
            shape.get().columns().forEach(c -> all.add(new ColumnRef(row.table(), c)));
            return all;
        }
        return Set.of();
    }
}
