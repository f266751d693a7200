package dev.phiguard.broker.lease;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Lease ids: {@code lease-} followed by 16 characters of lower-case base32 ({@code a-z2-7}), 80 random bits. The id is
 * also the user name of the lease's credential at the proxy, so it is short (22 characters, well below PostgreSQL's
 * 63-byte name limit), case-stable and safe in URLs, shells and connection strings.
 */
public final class LeaseIds {

    /** The prefix of every lease id. */
    public static final String PREFIX = "lease-";
    /** The number of random base32 characters after the prefix. */
    public static final int RANDOM_CHARS = 16;

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern VALID = Pattern.compile("lease-[a-z2-7]{" + RANDOM_CHARS + "}");

    private LeaseIds() {
    }

    /** A fresh random id. */
    public static String next(SecureRandom random) {
        StringBuilder id = new StringBuilder(PREFIX.length() + RANDOM_CHARS).append(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(BASE32[random.nextInt(BASE32.length)]);
        }
        return id.toString();
    }

    /** Whether {@code text} has the form of a lease id. */
    public static boolean isValid(String text) {
        return text != null && VALID.matcher(text).matches();
    }
}
