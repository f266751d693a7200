package dev.phiguard.cli.client;

/**
 * One answer of {@code GET /v1/audit/who-accessed}: a session of a lease whose statements returned the record.
 *
 * @param at         the first statement that returned it
 * @param lastAt     the last one
 * @param statements how many statements of the session returned it
 */
public record RecordAccess(String lease, String session, String subject, String ciRun, String at, String lastAt,
                           long statements) {
}
