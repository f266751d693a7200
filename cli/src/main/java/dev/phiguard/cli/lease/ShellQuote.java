package dev.phiguard.cli.lease;

/** POSIX shell quoting: a value in single quotes, each {@code '} written as {@code '\''}. Safe for any text. */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
