package dev.phiguard.proxy.enforce;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A set of record key hashes in the form the audit log keeps them, 64 lower-case hex characters (32 bytes), held as
 * four longs each: 100,000 hashes take about 4 MB instead of the 15 MB of as many Strings in a {@code HashSet}. The
 * hashes are stored densely in the order they were first added, in blocks that are never copied once full (a growing
 * set does not copy what it holds), with an open-addressing index over them; a String is
 * made for a hash only when the set is read ({@link #iterator()}).
 *
 * <p>To the outside it is an unmodifiable {@code Set<String>} with the usual {@code equals} and {@code hashCode}. The
 * collector adds to it with {@link #addHex} or {@link #addBytes}, on one thread; once it has been handed out
 * ({@link #freeze()}), it never changes again: {@link #mutable()} gives the collector a copy to go on with.
 */
final class KeyHashSet extends AbstractSet<String> {

    /** Hex characters of a hash. */
    static final int HEX_LENGTH = 64;
    private static final int LONGS = 4;
    private static final VarHandle LONG_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Per character, its value as a lower-case hex digit, or -1. */
    private static final byte[] VALUE = new byte[128];

    static {
        Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUE[DIGITS[i]] = (byte) i;
        }
    }

    /** Hashes per block of {@link #blocks} (8 KiB). */
    private static final int BLOCK_SHIFT = 8;
    private static final int BLOCK_KEYS = 1 << BLOCK_SHIFT;

    /**
     * The hashes, {@value #LONGS} longs each, in the order they were added: hash {@code i} is in block
     * {@code i / BLOCK_KEYS}. The first block starts small and grows to full size (most results hold few keys); the
     * others are allocated full.
     */
    private long[][] blocks;
    /** Open addressing with linear probing: 1 + the index of a hash in {@link #blocks}, or 0 for a free slot. */
    private int[] slots;
    private int size;
    private boolean frozen;

    KeyHashSet() {
        this(16);
    }

    private KeyHashSet(int expected) {
        blocks = new long[Math.max(1, (expected + BLOCK_KEYS - 1) >>> BLOCK_SHIFT)][];
        blocks[0] = new long[Math.min(expected, BLOCK_KEYS) * LONGS];
        slots = new int[tableSize(expected)];
    }

    /** Whether {@code hash} has the form this set holds: {@value #HEX_LENGTH} lower-case hex characters. */
    static boolean isHex(String hash) {
        if (hash.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = hash.charAt(i);
            if (c >= 128 || VALUE[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a hash given in the hex form; call only when {@link #isHex} holds and the set is not frozen.
     *
     * @return whether it was not in the set yet
     */
    boolean addHex(String hash) {
        return add(parse(hash, 0), parse(hash, 16), parse(hash, 32), parse(hash, 48));
    }

    /**
     * Adds a hash given as its 32 bytes (the hex form's bytes, in order); the set must not be frozen.
     *
     * @return whether it was not in the set yet
     */
    boolean addBytes(byte[] hash) {
        if (hash.length != HEX_LENGTH / 2) {
            throw new IllegalArgumentException("a hash has " + HEX_LENGTH / 2 + " bytes");
        }
        return add((long) LONG_BYTES.get(hash, 0), (long) LONG_BYTES.get(hash, 8), (long) LONG_BYTES.get(hash, 16),
                (long) LONG_BYTES.get(hash, 24));
    }

    private boolean add(long a, long b, long c, long d) {
        if (frozen) {
            throw new IllegalStateException("the set was handed out and is read-only");
        }
        int mask = slots.length - 1;
        for (int slot = spread(a, mask); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                append(a, b, c, d);
                slots[slot] = size;
                if (size * 2 > slots.length) {
                    rehash(slots.length * 2);
                }
                return true;
            }
            if (equalsAt(entry - 1, a, b, c, d)) {
                return false;
            }
        }
    }

    /** Makes the set read-only for good (it is being handed out); returns it. */
    KeyHashSet freeze() {
        frozen = true;
        return this;
    }

    boolean isFrozen() {
        return frozen;
    }

    /** This set if it may still change, else a copy that may (the frozen original stays as it was handed out). */
    KeyHashSet mutable() {
        if (!frozen) {
            return this;
        }
        KeyHashSet copy = new KeyHashSet(Math.max(16, size));
        for (int b = 0; b < blocks.length && blocks[b] != null; b++) {
            copy.blocks[b] = blocks[b].clone();
        }
        copy.size = size;
        copy.rehash(copy.slots.length);
        return copy;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof String hash) || !isHex(hash)) {
            return false;
        }
        long a = parse(hash, 0);
        long b = parse(hash, 16);
        long c = parse(hash, 32);
        long d = parse(hash, 48);
        int mask = slots.length - 1;
        for (int slot = spread(a, mask); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return false;
            }
            if (equalsAt(entry - 1, a, b, c, d)) {
                return true;
            }
        }
    }

    /** The hashes as Strings, in the order they were first added; each String is made as it is reached. */
    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return hex(next++);
            }
        };
    }

    private String hex(int index) {
        byte[] text = new byte[HEX_LENGTH];
        for (int part = 0; part < LONGS; part++) {
            long value = blocks[index >>> BLOCK_SHIFT][(index & (BLOCK_KEYS - 1)) * LONGS + part];
            for (int i = 15; i >= 0; i--) {
                text[part * 16 + i] = DIGITS[(int) value & 0xF];
                value >>>= 4;
            }
        }
        return new String(text, StandardCharsets.ISO_8859_1);
    }

    private static long parse(String hash, int from) {
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            value = value << 4 | VALUE[hash.charAt(i)];
        }
        return value;
    }

    private boolean equalsAt(int index, long a, long b, long c, long d) {
        long[] block = blocks[index >>> BLOCK_SHIFT];
        int at = (index & (BLOCK_KEYS - 1)) * LONGS;
        return block[at] == a && block[at + 1] == b && block[at + 2] == c && block[at + 3] == d;
    }

    private long first(int index) {
        return blocks[index >>> BLOCK_SHIFT][(index & (BLOCK_KEYS - 1)) * LONGS];
    }

    private void append(long a, long b, long c, long d) {
        int blockIndex = size >>> BLOCK_SHIFT;
        int at = (size & (BLOCK_KEYS - 1)) * LONGS;
        if (blockIndex == blocks.length) {
            blocks = Arrays.copyOf(blocks, blocks.length * 2);
        }
        long[] block = blocks[blockIndex];
        if (block == null) {
            block = new long[BLOCK_KEYS * LONGS];
            blocks[blockIndex] = block;
        } else if (at == block.length) { // only the first block grows
            block = Arrays.copyOf(block, Math.min(BLOCK_KEYS * LONGS, block.length * 2));
            blocks[blockIndex] = block;
        }
        block[at] = a;
        block[at + 1] = b;
        block[at + 2] = c;
        block[at + 3] = d;
        size++;
    }

    private void rehash(int tableSize) {
        int[] table = new int[tableSize];
        int mask = tableSize - 1;
        for (int index = 0; index < size; index++) {
            int slot = spread(first(index), mask);
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = index + 1;
        }
        slots = table;
    }

    /** A slot from the first 64 bits of a hash (Fibonacci hashing, so that even a poor hash spreads). */
    private static int spread(long first, int mask) {
        return (int) ((first * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    /** A power of two at least twice {@code expected}: the index stays at most half full. */
    private static int tableSize(int expected) {
        return Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    }
}
