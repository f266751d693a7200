package dev.phiguard.sampledata;

import java.nio.file.Path;

/**
 * What an {@link EmbeddedTarget.Builder} asked for.
 *
 * @param patients      patients to load
 * @param seed          generator seed
 * @param port          TCP port, 0 for a free one
 * @param dataDirectory cluster directory, null for a temporary one
 * @param authMethod    initial authentication method of the application role
 * @param tls           server certificate and key, null without TLS
 */
record TargetSettings(long patients, long seed, int port, Path dataDirectory, AuthMethod authMethod,
                      TlsFiles tls) {
}
