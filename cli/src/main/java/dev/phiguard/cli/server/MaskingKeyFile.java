package dev.phiguard.cli.server;

import dev.phiguard.policies.masking.MaskingKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The key behind tokens and date shifts, kept by default in {@code <data-dir>/masking.key} (32 random bytes, mode 0600)
 * so that the same value gets the same token across sessions and restarts. Never printed or logged.
 */
public final class MaskingKeyFile {
    public static final String FILE = "masking.key";
    private static final int LENGTH = 32;

    private MaskingKeyFile() {}

    /** The key in {@code file}, created (32 random bytes, mode 0600) when the file does not exist. */
    public static MaskingKeys loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[LENGTH];
            new SecureRandom().nextBytes(key);
            try {
                PrivateFiles.write(file, key, false);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        byte[] key = Files.readAllBytes(file);
        try {
            if (key.length < LENGTH) {
                throw new IOException(file + " must hold at least " + LENGTH + " bytes; delete it to create a new key"
                        + " (tokens will change)");
            }
            return MaskingKeys.of(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
