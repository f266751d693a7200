package dev.phiguard.cli.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/** Random secret keys kept in files of their own (mode 0600), created on first use; never printed or logged. */
final class KeyFiles {

    static final int LENGTH = 32;

    private KeyFiles() {
    }

    /** The key in {@code file}, created with {@value #LENGTH} random bytes when the file does not exist. */
    static byte[] loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[LENGTH];
            new SecureRandom().nextBytes(key);
            try {
                PrivateFiles.write(file, key, false);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return read(file);
    }

    /** The key in an existing {@code file}: at least {@value #LENGTH} bytes. */
    static byte[] read(Path file) throws IOException {
        byte[] key = Files.readAllBytes(file);
        if (key.length < LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new IOException(file + " must hold at least " + LENGTH + " bytes");
        }
        return key;
    }
}
