package dev.phiguard.broker.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads a secret from a file: its first line, without the line end, as a wipeable {@code char[]}. */
public final class SecretFiles {

    /** Larger files are refused: a secret is short, a large file is a misconfiguration. */
    static final int MAX_BYTES = 16 * 1024;

    private SecretFiles() {
    }

    /**
     * @throws IOException with a message naming the file only, when it is missing, unreadable, too large, not UTF-8
     *                     or empty
     */
    public static char[] firstLine(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        CharBuffer chars = null;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.length() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            if (end == 0) {
                throw new IOException(file + " is empty");
            }
            char[] line = new char[end];
            chars.get(line, 0, end);
            return line;
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }
}
