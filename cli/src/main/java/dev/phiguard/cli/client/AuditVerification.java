package dev.phiguard.cli.client;

/**
 * What {@code GET /v1/audit/verify} found.
 *
 * @param ok      whether the whole chain is intact
 * @param checked events that passed before the first problem (all of them when ok)
 * @param head    the last good event as {@code seq:hash}, the form to anchor
 * @param problem the first problem, or null
 * @param summary one line for a person
 */
public record AuditVerification(boolean ok, long checked, String head, Problem problem, String summary) {

    /** The first break in the chain: where ({@code seq}), what kind, and a message. */
    public record Problem(long seq, String kind, String message) {
    }
}
