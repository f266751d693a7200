package dev.phiguard.cli.server;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a secret (a password) named by the configuration from its file, with the broker's reader
 * ({@link dev.phiguard.broker.secrets.SecretFiles}: the first line, wipeable); a failure names the configuration key
 * and the file, never the content.
 */
final class SecretFiles {

    private SecretFiles() {
    }

    /**
     * The file's first line as characters.
     *
     * @param what the configuration key naming the file, for the error message
     */
    static char[] read(Path file, String what) {
        try {
            return dev.phiguard.broker.secrets.SecretFiles.firstLine(file);
        } catch (IOException e) {
            throw new NodeStartException(what + ": " + e.getMessage());
        }
    }
}
