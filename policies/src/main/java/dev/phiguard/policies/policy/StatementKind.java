package dev.phiguard.policies.policy;

import java.util.Locale;

/**
 * The kinds of statement a policy can allow in {@code access.statements}; in YAML they are written in lower case
 * ({@code select}, {@code copy_to}, ...). Everything else (DDL including {@code TRUNCATE}, {@code DO}, {@code CALL},
 * {@code GRANT}, ...) is not a kind a policy can allow. The names match the SQL analysis' statement kinds.
 */
public enum StatementKind {
    /** {@code SELECT}, {@code VALUES}, {@code TABLE t} and {@code WITH ... SELECT}. */
    SELECT(false),
    /** {@code INSERT}. */
    INSERT(true),
    /** {@code UPDATE}. */
    UPDATE(true),
    /** {@code DELETE}. */
    DELETE(true),
    /** {@code MERGE}. */
    MERGE(true),
    /** {@code COPY ... TO STDOUT}: reads rows out. */
    COPY_TO(false),
    /** {@code COPY ... FROM STDIN}: writes rows in. */
    COPY_FROM(true);

    private final boolean write;

    StatementKind(boolean write) {
        this.write = write;
    }

    /** Whether statements of this kind change data. */
    public boolean isWrite() {
        return write;
    }

    /** The name used in policy files, e.g. {@code copy_to}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
