/**
 * The audit log: an append-only, hash-chained record of every lease event, credential fetch, proxy session and
 * statement, kept in the broker's database (embedded H2 or shared PostgreSQL; tables from the store's migration
 * {@code V3__audit_log.sql}). It answers "which run accessed which record" without storing a raw identifier.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li>{@link dev.phiguard.broker.audit.AuditEvent} — what is recorded: {@code LeaseChanged}, {@code
 *       CredentialFetched}, {@code SessionOpened}, {@code SessionClosed}, {@code StatementExecuted} (identity with the
 *       CI run's claims, purpose, lease, session, normalised statement text, {@link
 *       dev.phiguard.broker.audit.StatementDecision decision} and rule, rows returned, values masked, and the keyed
 *       hashes of the record keys returned).</li>
 *   <li>{@link dev.phiguard.broker.audit.RecordKeyHasher} — HMAC-SHA-256 of (table, raw key) with the server's key
 *       (a 0600 file in the data directory). Callers hash raw keys before building an event; events refuse anything
 *       that is not such a hash, so a raw key cannot reach the log by mistake.</li>
 *   <li>{@link dev.phiguard.broker.audit.AuditLog} — {@code append}, {@code appendAll} (one transaction), {@code
 *       head()}. No update, no delete.</li>
 *   <li>{@link dev.phiguard.broker.audit.AuditWriter} — a bounded queue and one writer thread for the data path;
 *       a full queue blocks the caller briefly, then refuses loudly ({@link
 *       dev.phiguard.broker.audit.AuditQueueFullException}); nothing is dropped silently.</li>
 *   <li>{@link dev.phiguard.broker.audit.AuditVerifier} — walks the chain and names the first problem.</li>
 *   <li>{@link dev.phiguard.broker.audit.AuditQuery} — search, who-accessed, JSON-lines export.</li>
 * </ul>
 *
 * <h2>The chain</h2>
 * Each event is one row of {@code audit_events} with a gapless sequence number {@code seq}, its time (microseconds,
 * UTC), its type, the search columns (lease, session, subject, purpose), its payload (JSON), {@code prev_hash} (the
 * previous row's hash; 64 zeros for seq 1) and {@code hash}. A statement's record-key hashes are rows of {@code
 * audit_record_keys} (seq, table, key hash), indexed by (table, key hash) for who-accessed; their digest
 * ({@code record_keys_digest}) is part of the event's hash. Precisely:
 * <pre>
 *   hash = SHA-256("phiguard-audit-v1" | seq | epoch µs | type | payload | prev_hash | record_keys_digest)
 * </pre>
 * with every field length-prefixed (see {@code ChainHash}). Appends lock the one row of {@code audit_chain_head}
 * ({@code SELECT ... FOR UPDATE}), extend the chain and move the head in the same transaction, so threads and nodes
 * sharing one PostgreSQL extend one linear chain, and a failed append leaves no gap.
 *
 * <h2>What verification proves, and what it cannot</h2>
 * {@link dev.phiguard.broker.audit.AuditVerifier#verify()} recomputes every hash and link. It detects, and names by
 * seq, any change made <em>without</em> rewriting the rest of the chain: an edited payload, time or type; a deleted
 * event (a gap, or a log cut short behind its head row); events moved or swapped; an edited, added or deleted
 * record-key row; a search column that no longer matches its payload; a head row that disagrees with the events.
 *
 * <p>It cannot detect a consistent rewrite. The hash is not keyed, so an attacker with write access to the database
 * who knows this documentation can recompute every hash from the first edited event onwards and move the head row,
 * or cut the newest events off and move the head back; the chain is then intact and {@code verify()} passes. What
 * defeats that is an <b>anchor</b>: the head ({@link dev.phiguard.broker.audit.AuditLog#head()}, printed as {@code
 * seq:hash}) recorded somewhere the attacker cannot write — a log shipped off the host, a ticket, a signed or
 * timestamped note, another system. {@link dev.phiguard.broker.audit.AuditVerifier#verify(ChainHead)} then checks that
 * the chain still passes through the anchored event and reaches at least its seq; any rewrite at or before it, or a
 * truncation past it, fails with {@code ANCHOR_MISMATCH}. Events after the newest anchor are protected only against
 * edits that leave the chain inconsistent. The more often the head is anchored, the smaller that window.
 *
 * <p>The record-key hashes protect the identifiers only as long as the {@link
 * dev.phiguard.broker.audit.RecordKeyHasher} key stays secret: with the key, guessable keys (MRNs) can be tested
 * one by one. The key is never in the database, so a copy of the database alone does not reveal which records were
 * read.
 */
package dev.phiguard.broker.audit;
