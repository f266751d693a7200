/**
 * Upstream secrets: the login phiguard's proxy uses towards each target, never held by a client and never written
 * anywhere.
 *
 * <ul>
 *   <li>{@link dev.phiguard.broker.secrets.CredentialSource} — per target, where the login comes from: Vault KV v2,
 *       Vault's database engine (a dynamic credential per lease), a PostgreSQL role made per lease
 *       ({@link dev.phiguard.broker.secrets.EphemeralRoles}), or, for development, environment variables or a
 *       file.</li>
 *   <li>{@link dev.phiguard.broker.secrets.UpstreamSecrets} — asynchronous {@code loginFor(target, lease)},
 *       {@code invalidate(target)}, {@code leaseEnded(lease)}, {@code cleanupLeftovers(isLive)};
 *       {@link dev.phiguard.broker.secrets.SecretsRegistry} implements it on its own small executor.</li>
 *   <li>{@link dev.phiguard.broker.secrets.VaultClient} — token or AppRole login with renewal, KV v2 reads, database
 *       credentials, lease renewal and revocation, on vault-java-driver.</li>
 *   <li>{@link dev.phiguard.broker.secrets.UpstreamSecret} — user name and a wipeable password.</li>
 * </ul>
 *
 * <p>Every failure is an {@link dev.phiguard.broker.secrets.UpstreamSecretException} whose message names the target
 * and the cause and never a secret, a token, a statement text or a library message. This package does not import
 * the proxy: the CLI adapts {@code UpstreamSecrets} to the proxy's {@code UpstreamCredentials} port.
 */
package dev.phiguard.broker.secrets;
