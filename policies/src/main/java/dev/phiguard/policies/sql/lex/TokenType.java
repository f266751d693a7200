package dev.phiguard.policies.sql.lex;

/** The lexical classes the analyser distinguishes. */
public enum TokenType {
    /** An unquoted identifier or keyword; its text is folded to lower case. */
    WORD,
    /** A double-quoted identifier; its text is the identifier without quotes, {@code ""} unescaped. */
    QUOTED_IDENTIFIER,
    /** A string constant of any form. */
    STRING,
    /** A numeric constant. */
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    /** An operator made of operator characters. */
    OPERATOR,
    /** One of {@code ( ) [ ] , . : ::}. */
    PUNCTUATION
}
