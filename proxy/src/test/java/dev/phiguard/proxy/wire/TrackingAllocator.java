package dev.phiguard.proxy.wire;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;

import java.util.ArrayList;
import java.util.List;

/** Heap allocator that remembers every buffer and the largest capacity ever asked for (including growth). */
final class TrackingAllocator extends AbstractByteBufAllocator {

    final List<ByteBuf> allocated = new ArrayList<>();
    private int largestCapacity;

    TrackingAllocator() {
        super(false);
    }

    int largestCapacity() {
        return largestCapacity;
    }

    /** True if every buffer this allocator handed out has been released. */
    boolean allReleased() {
        return allocated.stream().allMatch(b -> b.refCnt() == 0);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        Tracked b = new Tracked(initialCapacity, maxCapacity);
        allocated.add(b);
        return b;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        return newHeapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private final class Tracked extends UnpooledHeapByteBuf {
        Tracked(int initialCapacity, int maxCapacity) {
            super(TrackingAllocator.this, initialCapacity, maxCapacity);
            largestCapacity = Math.max(largestCapacity, initialCapacity);
        }

        @Override
        public ByteBuf capacity(int newCapacity) {
            largestCapacity = Math.max(largestCapacity, newCapacity);
            return super.capacity(newCapacity);
        }
    }
}
