package dev.phiguard.broker.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a raw record key (an MRN, a patient id) into the keyed hash the audit log stores: HMAC-SHA-256 with the
 * server's key over the table name and the key value, as 64 lower-case hex characters. The same (table, value) always
 * gives the same hash under one key, so "who accessed record X" is a lookup; without the key the hashes cannot be
 * tested against guessed values (MRNs are short and guessable, so a plain hash would not protect them).
 *
 * <p>The key (32 random bytes) lives in {@value #KEY_FILE} in the data directory, owner-only (0600); it is created on
 * first use. Every node that writes to or searches one shared log must use the same key file. The key never appears
 * in {@link #toString()} or in a message.
 */
public final class RecordKeyHasher {

    /** The key file's name in the data directory. */
    public static final String KEY_FILE = "audit-record-key.bin";
    /** The smallest key accepted, in bytes. */
    public static final int MIN_KEY_BYTES = 32;
    /** The length of a hash in bytes (HMAC-SHA-256); {@link #hash(String, String)} spells them in hex. */
    public static final int HASH_BYTES = 32;

    private static final int MAX_KEY_BYTES = 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    /** Per thread, a keyed Mac and the last table's bytes: looking up and keying a Mac costs more than a short hash. */
    private final ThreadLocal<PerThread> threads;

    private RecordKeyHasher(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.threads = ThreadLocal.withInitial(() -> new PerThread(newMac()));
    }

    /** A thread's Mac (doFinal leaves it keyed and ready for the next hash) and the encoding of its last table. */
    private static final class PerThread {
        final Mac mac;
        final byte[] length = new byte[4];
        String table;
        byte[] tableBytes;

        PerThread(Mac mac) {
            this.mac = mac;
        }

        byte[] tableBytes(String name) {
            if (!name.equals(table)) {
                tableBytes = name.getBytes(StandardCharsets.UTF_8);
                table = name;
            }
            return tableBytes;
        }

        void updateLength(int value) {
            length[0] = (byte) (value >>> 24);
            length[1] = (byte) (value >>> 16);
            length[2] = (byte) (value >>> 8);
            length[3] = (byte) value;
            mac.update(length);
        }
    }

    /** A hasher with this key (at least {@value #MIN_KEY_BYTES} bytes; copied). */
    public static RecordKeyHasher withKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a record key hashing key must have at least " + MIN_KEY_BYTES
                    + " bytes, got " + key.length);
        }
        return new RecordKeyHasher(key.clone());
    }

    /**
     * The hasher of this data directory: loads {@value #KEY_FILE}, or creates it with 32 random bytes (mode 0600)
     * when it does not exist yet.
     *
     * @throws IOException naming the file, when it cannot be read or written, is accessible by other users, or holds
     *                     fewer than {@value #MIN_KEY_BYTES} bytes
     */
    public static RecordKeyHasher open(Path dataDirectory) throws IOException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path directory = dataDirectory.toAbsolutePath();
        Files.createDirectories(directory);
        Path file = directory.resolve(KEY_FILE);
        if (!Files.exists(file)) {
            create(file);
        }
        return new RecordKeyHasher(load(file));
    }

    /**
     * The keyed hash of one record key.
     *
     * @param table    the table the key belongs to, as the policy names it (e.g. {@code patients})
     * @param rawValue the key's value as text
     */
    public String hash(String table, String rawValue) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(rawValue, "rawValue");
        if (table.isBlank()) {
            throw new IllegalArgumentException("the table of a record key must not be blank");
        }
        byte[] tableBytes = table.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = rawValue.getBytes(StandardCharsets.UTF_8);
        ByteBuffer message = ByteBuffer.allocate(8 + tableBytes.length + valueBytes.length);
        message.putInt(tableBytes.length).put(tableBytes).putInt(valueBytes.length).put(valueBytes);
        // doFinal resets the Mac to its keyed initial state, ready for the thread's next hash
        return HEX.formatHex(threads.get().mac.doFinal(message.array()));
    }

    /**
     * The keyed hash of one record key given as the UTF-8 bytes of its text, as the 32 bytes that {@link #hash} spells
     * in hex: {@code hash(table, new String(value, offset, length, UTF_8))} for valid UTF-8, without the Strings.
     *
     * @param table the table the key belongs to, as the policy names it
     * @param value holds the key's text in UTF-8 at {@code [offset, offset + length)}; only read
     * @param out   receives the hash at {@code [0, 32)}
     */
    public void hash(String table, byte[] value, int offset, int length, byte[] out) {
        Objects.requireNonNull(table, "table");
        Objects.checkFromIndexSize(offset, length, value.length);
        if (out.length < HASH_BYTES) {
            throw new IllegalArgumentException("the hash needs " + HASH_BYTES + " bytes of room");
        }
        if (table.isBlank()) {
            throw new IllegalArgumentException("the table of a record key must not be blank");
        }
        PerThread thread = threads.get();
        byte[] tableBytes = thread.tableBytes(table);
        // the message of hash(String, String): Int32 length, table, Int32 length, value
        thread.updateLength(tableBytes.length);
        thread.mac.update(tableBytes);
        thread.updateLength(length);
        thread.mac.update(value, offset, length);
        try {
            thread.mac.doFinal(out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC-SHA-256 needs " + HASH_BYTES + " bytes", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available");
        }
    }

    @Override
    public String toString() {
        return "RecordKeyHasher[HMAC-SHA-256]";
    }

    /** Writes the key to a temporary file, then links it in place at once (never replacing an existing key). */
    private static void create(Path file) throws IOException {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temporary = posix()
                ? Files.createTempFile(file.getParent(), ".audit-record-key-", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(file.getParent(), ".audit-record-key-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(key);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // another process created the key first: use that one
            } catch (UnsupportedOperationException e) {
                if (!Files.exists(file)) {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } finally {
            Arrays.fill(key, (byte) 0);
            Files.deleteIfExists(temporary);
        }
    }

    private static byte[] load(Path file) throws IOException {
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException(file + " is accessible by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); it holds the audit log's record key "
                        + "hashing key: run chmod 600 " + file);
            }
        }
        long size = Files.size(file);
        if (size < MIN_KEY_BYTES || size > MAX_KEY_BYTES) {
            throw new IOException(file + " holds " + size + " bytes; a record key hashing key has "
                    + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes (an empty file is left by an interrupted "
                    + "first start: delete it only if the audit log is still empty, or restore it from a backup)");
        }
        return Files.readAllBytes(file);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
