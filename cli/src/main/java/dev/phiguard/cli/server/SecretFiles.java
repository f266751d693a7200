package dev.phiguard.cli.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a secret (a password) from a file: one line, trailing newline dropped; errors never show the content. */
final class SecretFiles {

    private static final int MAX_SIZE = 4096;

    private SecretFiles() {
    }

    /**
     * The file's content as characters.
     *
     * @param what the configuration key naming the file, for the error message
     */
    static char[] read(Path file, String what) {
        byte[] bytes = null;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new NodeStartException(what + ": " + file + " is larger than " + MAX_SIZE + " bytes");
            }
            bytes = Files.readAllBytes(file);
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            if (length == 0) {
                throw new NodeStartException(what + ": " + file + " is empty");
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw new NodeStartException(what + ": " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new NodeStartException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }
}
