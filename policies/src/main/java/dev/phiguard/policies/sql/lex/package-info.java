/**
 * PostgreSQL's lexical rules for the analyser: splitting a SQL string into statements at top-level
 * semicolons, recognising comments (nested block comments included), quoted identifiers and every
 * form of string constant (standard, {@code E'...'}, {@code U&'...'}, {@code B'...'}, {@code X'...'},
 * {@code N'...'} and dollar-quoted), and producing a normalised text of the same length in which
 * comments are blanked and every string constant is a plain {@code '...'} constant without
 * backslashes, so that the parser library reads exactly the statement structure PostgreSQL reads.
 *
 * <p>Internal to the analyser; public only so that the parser adapter package can use it.
 */
package dev.phiguard.policies.sql.lex;
