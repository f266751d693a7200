package dev.phiguard.policies.policy;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A glob over a whole string: {@code *} matches any run of characters (including none and including {@code /}),
 * {@code ?} matches exactly one character, and a backslash makes the next character literal. Everything else
 * matches itself. Character classes and alternatives ({@code [...]}, {@code {a,b}}) are not glob syntax here: the
 * characters {@code [ ] { }} must be escaped, so that nobody relies on a feature that silently does not exist.
 */
public final class Glob {

    private final String glob;
    private final Pattern pattern;

    private Glob(String glob, Pattern pattern) {
        this.glob = glob;
        this.pattern = pattern;
    }

    /**
     * Compiles a glob.
     *
     * @throws IllegalArgumentException with a message that says what is wrong, if the glob is empty, ends with a
     *                                  lone backslash, or uses {@code [ ] { }} unescaped
     */
    public static Glob of(String glob) {
        Objects.requireNonNull(glob, "glob");
        if (glob.isEmpty()) {
            throw new IllegalArgumentException("a glob must not be empty");
        }
        StringBuilder regex = new StringBuilder(glob.length() + 16);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 == glob.length()) {
                        throw new IllegalArgumentException("a glob must not end with a lone backslash");
                    }
                    literal.append(glob.charAt(++i));
                }
                case '*', '?' -> {
                    flush(literal, regex);
                    regex.append(c == '*' ? ".*" : ".");
                }
                case '[', ']', '{', '}' -> throw new IllegalArgumentException("'" + c + "' at position " + (i + 1)
                        + " is not glob syntax here (only * and ? are); write \\" + c + " to match it literally");
                default -> literal.append(c);
            }
        }
        flush(literal, regex);
        return new Glob(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    /** Whether the whole of {@code value} matches. */
    public boolean matches(String value) {
        return value != null && pattern.matcher(value).matches();
    }

    /** The glob as written. */
    public String glob() {
        return glob;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob that && glob.equals(that.glob);
    }

    @Override
    public int hashCode() {
        return glob.hashCode();
    }

    @Override
    public String toString() {
        return glob;
    }
}
