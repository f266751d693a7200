package dev.phiguard.policies.sql.lex;

/** The SQL string breaks PostgreSQL's lexical rules (or a limit): it cannot be analysed. */
public final class LexicalException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final int statementIndex;

    /**
     * @param message what is wrong (names no constant values)
     * @param position 0-based offset in the whole string
     * @param statementIndex 0-based index of the statement being read
     */
    public LexicalException(String message, int position, int statementIndex) {
        super(message);
        this.position = position;
        this.statementIndex = statementIndex;
    }

    /** @return 0-based offset in the whole string */
    public int position() {
        return position;
    }

    /** @return 0-based index of the statement being read */
    public int statementIndex() {
        return statementIndex;
    }
}
