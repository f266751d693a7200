/**
 * The HTTP client of the broker's API (docs/api.md): {@link dev.phiguard.cli.client.BrokerClient}, the JSON
 * records it exchanges, and the two ways a call fails: {@link dev.phiguard.cli.client.BrokerException} (the broker
 * answered with an error {@code code}) and {@link dev.phiguard.cli.client.BrokerUnreachableException} (no answer).
 *
 * <p>Secrets stay out of messages: the bearer token is held by {@link dev.phiguard.cli.client.BearerToken}, whose
 * {@code toString} is redacted, and {@link dev.phiguard.cli.client.DatabaseCredential} redacts its password.
 */
package dev.phiguard.cli.client;
