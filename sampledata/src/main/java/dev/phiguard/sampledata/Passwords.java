package dev.phiguard.sampledata;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/** Random passwords for the fixture's roles. */
final class Passwords {

    /** 192 bits of entropy, comfortably above the 128 bits required. */
    static final int RANDOM_BYTES = 24;

    private Passwords() {
    }

    /** A fresh random password: 32 URL-safe base64 characters (letters, digits, '-' and '_'). */
    static char[] generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        byte[] encoded = Base64.getUrlEncoder().withoutPadding().encode(bytes);
        CharBuffer chars = StandardCharsets.US_ASCII.decode(ByteBuffer.wrap(encoded));
        char[] password = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(encoded, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return password;
    }
}
