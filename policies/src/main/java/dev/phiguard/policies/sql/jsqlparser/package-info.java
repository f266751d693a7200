/**
 * The analyser's adapter to JSqlParser: the only package that imports the parser library. It turns
 * parsed statements into the neutral facts of {@code dev.phiguard.policies.sql} by resolving every
 * name through scopes (FROM items, joins, sub-queries, common table expressions, views, the catalog),
 * and checks afterwards that it has looked at every column, function and table the parser found, so
 * that syntax it does not understand is reported instead of silently ignored.
 *
 * <p>Statements JSqlParser does not parse (COPY, DECLARE, FETCH, PREPARE, LISTEN, ...) are recognised
 * from their leading tokens, and the query they wrap is parsed on its own.
 *
 * <p>The analysis cache shares one analysis among statements that differ only in constants whose values
 * nothing here reads ({@code dev.phiguard.policies.sql.ShapeKey} lists the places where values are read:
 * row counts of LIMIT and FETCH, positional ORDER BY and GROUP BY references, statements read token by
 * token). Code that starts reading another constant's value must keep that constant in the shape key,
 * and add a case to {@code ShapeCorpus}.
 */
package dev.phiguard.policies.sql.jsqlparser;
