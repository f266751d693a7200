/**
 * The auditor's commands on the audit log: {@code phiguard audit} (search, as a table or JSON), {@code audit verify}
 * (the chain, naming the first bad event), {@code audit who-accessed} (which leases, sessions and CI runs returned a
 * record; the raw key goes to the broker once and nowhere else) and {@code audit export} (JSON lines, streamed).
 */
package dev.phiguard.cli.audit;
