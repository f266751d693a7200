package dev.phiguard.proxy.wire;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list over an array that may hold {@code null} (SQL NULL parameters). The decoders build these
 * so the record constructors can skip their defensive copy.
 */
final class NullableList<T> extends AbstractList<T> implements RandomAccess {

    private final T[] elements;

    NullableList(T[] elements) {
        this.elements = elements;
    }

    @Override
    public T get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
