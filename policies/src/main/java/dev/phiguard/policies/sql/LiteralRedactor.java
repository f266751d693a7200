package dev.phiguard.policies.sql;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes the constant values from PostgreSQL statement text, so that statements can be kept as evidence (session
 * recordings, the audit log) without keeping the values a client wrote into them, such as an SSN in a WHERE clause.
 *
 * <p>A single-pass lexer that follows PostgreSQL's lexical rules (with {@code standard_conforming_strings = on})
 * recognises string constants ({@code '...'}, {@code E'...'} with backslash escapes, {@code B'...'},
 * {@code X'...'}, {@code N'...'}, {@code U&'...'}, dollar-quoted {@code $tag$...$tag$}) and numeric constants,
 * and leaves keywords, identifiers (also {@code "quoted"} ones and those holding digits, such as {@code t1}),
 * operators and parameter placeholders ({@code $1}) alone. Comments are not copied: they are free text that may hold
 * anything, so they are replaced like constants.
 *
 * <p>Two modes:
 * <ul>
 *   <li>{@link #hashing(byte[])}: each constant becomes {@code 'h:<16 hex>'}, the truncated HMAC-SHA-256 of its
 *       text under a key of the server's. The same value always gives the same token (an auditor can correlate
 *       statements), but the token cannot be reversed without the key.</li>
 *   <li>{@link #normalising()}: each constant becomes {@code ?} (the audit log's normalised statement text).</li>
 * </ul>
 *
 * <p>It fails closed: text that does not lex (an unterminated string, quoted identifier, dollar quote or comment)
 * has everything from the opening delimiter to the end replaced. Instances are immutable and thread-safe.
 */
public final class LiteralRedactor {

    /** Hex digits kept from the HMAC: 64 bits, plenty to correlate, far too few to matter for reversal. */
    public static final int TOKEN_HEX_DIGITS = 16;

    /** Prefix of every hash token. */
    public static final String TOKEN_PREFIX = "h:";

    private static final String NORMALISED = "?";
    private static final String HMAC = "HmacSHA256";

    private final Mac prototype; // null when normalising; cloned once per thread (Mac is not thread-safe)
    private final ThreadLocal<Mac> macs;

    private LiteralRedactor(Mac prototype) {
        this.prototype = prototype;
        this.macs = prototype == null ? null : ThreadLocal.withInitial(this::cloneMac);
    }

    /**
     * @param key the HMAC key (at least 16 bytes); copied, never shown
     * @return a redactor replacing constants by keyed hash tokens
     * @throws IllegalArgumentException if the key is too short
     */
    public static LiteralRedactor hashing(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < 16) {
            throw new IllegalArgumentException("the literal hashing key must have at least 16 bytes, got "
                    + key.length);
        }
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return new LiteralRedactor(mac);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    /** @return a redactor replacing constants by {@code ?} */
    public static LiteralRedactor normalising() {
        return new LiteralRedactor(null);
    }

    /** @return whether this redactor produces hash tokens (else {@code ?}) */
    public boolean isHashing() {
        return prototype != null;
    }

    /**
     * @param sql statement text, possibly several statements, possibly not valid SQL
     * @return the text with every constant and comment replaced
     */
    public String redact(String sql) {
        Objects.requireNonNull(sql, "sql");
        return new Scan(sql, isHashing() ? newMac() : null).run();
    }

    /**
     * The token of one value, e.g. a Bind parameter: {@code h:<16 hex>} (without quotes), equal to the token a
     * string constant with the same UTF-8 content gets in {@link #redact}.
     *
     * @param value the value's bytes
     * @return its token
     * @throws IllegalStateException if this redactor is normalising
     */
    public String token(byte[] value) {
        if (!isHashing()) {
            throw new IllegalStateException("a normalising redactor has no tokens");
        }
        return token(newMac(), value);
    }

    private static String token(Mac mac, byte[] value) {
        byte[] digest = mac.doFinal(value);
        return TOKEN_PREFIX + HexFormat.of().formatHex(digest, 0, TOKEN_HEX_DIGITS / 2);
    }

    /** This thread's keyed Mac (doFinal leaves it ready for the next value). */
    private Mac newMac() {
        return macs.get();
    }

    private Mac cloneMac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // never hash without the key: refuse instead
            throw new IllegalStateException("the HMAC implementation cannot be cloned", e);
        }
    }

    @Override
    public String toString() {
        return isHashing() ? "LiteralRedactor[hashing]" : "LiteralRedactor[normalising]";
    }

    /** One pass over one string. */
    private static final class Scan {
        private final String s;
        private final Mac mac;
        private final StringBuilder out;
        private int i;

        Scan(String s, Mac mac) {
            this.s = s;
            this.mac = mac;
            this.out = new StringBuilder(s.length() + 16);
        }

        String run() {
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                if (c == '-' && peek(1) == '-') {
                    lineComment();
                } else if (c == '/' && peek(1) == '*') {
                    blockComment();
                } else if (c == '\'') {
                    quoted(i, i, false);
                } else if (c == '"') {
                    quotedIdentifier();
                } else if (c == '$') {
                    dollar();
                } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                    number();
                } else if (isIdentStart(c)) {
                    word();
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        private char peek(int ahead) {
            int j = i + ahead;
            return j < s.length() ? s.charAt(j) : '\0';
        }

        private void lineComment() {
            int start = i;
            int end = s.indexOf('\n', i);
            end = end < 0 ? s.length() : end;
            i = end;
            replaceComment(start, end);
        }

        private void blockComment() {
            int start = i;
            int depth = 0;
            int n = s.length();
            while (i < n) {
                if (s.charAt(i) == '/' && peek(1) == '*') {
                    depth++;
                    i += 2;
                } else if (s.charAt(i) == '*' && peek(1) == '/') {
                    depth--;
                    i += 2;
                    if (depth == 0) {
                        break;
                    }
                } else {
                    i++;
                }
            }
            replaceComment(start, i);
        }

        private void replaceComment(int start, int end) {
            if (mac == null) {
                out.append(' ');
            } else {
                out.append("/*").append(token(mac, s.substring(start, end).getBytes(StandardCharsets.UTF_8)))
                        .append("*/");
            }
        }

        /** A string constant whose opening quote is at {@code quote}; the constant's text begins at {@code from}. */
        private void quoted(int from, int quote, boolean backslashEscapes) {
            int n = s.length();
            StringBuilder value = new StringBuilder();
            i = quote + 1;
            while (i < n) {
                char c = s.charAt(i);
                if (backslashEscapes && c == '\\' && i + 1 < n) {
                    value.append(c).append(s.charAt(i + 1));
                    i += 2;
                } else if (c == '\'') {
                    if (peek(1) == '\'') {
                        value.append('\'');
                        i += 2;
                    } else {
                        i++;
                        replaceConstant(value.toString());
                        return;
                    }
                } else {
                    value.append(c);
                    i++;
                }
            }
            replaceConstant(s.substring(from)); // unterminated: fail closed
        }

        private void quotedIdentifier() {
            int start = i;
            int n = s.length();
            i++;
            while (i < n) {
                if (s.charAt(i) == '"') {
                    if (peek(1) == '"') {
                        i += 2;
                    } else {
                        i++;
                        out.append(s, start, i);
                        return;
                    }
                } else {
                    i++;
                }
            }
            replaceConstant(s.substring(start)); // unterminated: fail closed
        }

        private void dollar() {
            int start = i;
            int j = i + 1;
            if (isDigit(peek(1))) { // $1: a parameter placeholder
                while (j < s.length() && isDigit(s.charAt(j))) {
                    j++;
                }
                out.append(s, i, j);
                i = j;
                return;
            }
            while (j < s.length() && isIdentPart(s.charAt(j)) && s.charAt(j) != '$') {
                j++;
            }
            if (j >= s.length() || s.charAt(j) != '$') {
                out.append('$'); // a lone dollar sign (an operator character in some contexts)
                i++;
                return;
            }
            String tag = s.substring(start, j + 1);
            int bodyStart = j + 1;
            int close = s.indexOf(tag, bodyStart);
            if (close < 0) {
                i = s.length();
                replaceConstant(s.substring(start)); // unterminated: fail closed
                return;
            }
            i = close + tag.length();
            replaceConstant(s.substring(bodyStart, close));
        }

        private void number() {
            int start = i;
            int n = s.length();
            if (s.charAt(i) == '0' && (peek(1) == 'x' || peek(1) == 'X' || peek(1) == 'o' || peek(1) == 'O'
                    || peek(1) == 'b' || peek(1) == 'B')) {
                i += 2;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                replaceConstant(s.substring(start, i));
                return;
            }
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (i < n && s.charAt(i) == '.' && peek(1) != '.') {
                i++;
                while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
            }
            if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
                    j++;
                }
                if (j < n && isDigit(s.charAt(j))) {
                    i = j;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
            }
            // trailing identifier characters (PostgreSQL rejects "123abc"): swallow them into the constant
            while (i < n && isIdentPart(s.charAt(i))) {
                i++;
            }
            replaceConstant(s.substring(start, i));
        }

        private void word() {
            int start = i;
            int n = s.length();
            char c = s.charAt(i);
            // prefixed string constants: E'..', B'..', X'..', N'..', U&'..'
            if (peek(1) == '\'' && "eEbBxXnN".indexOf(c) >= 0) {
                quoted(start, i + 1, c == 'e' || c == 'E');
                return;
            }
            if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
                quoted(start, i + 2, false);
                return;
            }
            if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '"') {
                i += 2;
                out.append(s, start, i);
                quotedIdentifier();
                return;
            }
            while (i < n && isIdentPart(s.charAt(i))) {
                i++;
            }
            out.append(s, start, i);
        }

        private void replaceConstant(String value) {
            if (mac == null) {
                out.append(NORMALISED);
            } else {
                out.append('\'').append(token(mac, value.getBytes(StandardCharsets.UTF_8))).append('\'');
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isIdentStart(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
        }

        private static boolean isIdentPart(char c) {
            return isIdentStart(c) || isDigit(c) || c == '$';
        }
    }
}
