/**
 * How a client command reaches the broker and who it is: the {@link dev.phiguard.cli.access.BrokerOptions} mixin
 * ({@code --url}, {@code --token}, {@code --token-file}, {@code --audience}, {@code --verbose}) and
 * {@link dev.phiguard.cli.access.TokenSources}, which finds the caller's token in the options, the environment, or
 * the CI platform (GitHub Actions OIDC, GitLab id_tokens).
 */
package dev.phiguard.cli.access;
