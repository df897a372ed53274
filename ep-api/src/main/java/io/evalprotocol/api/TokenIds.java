package io.evalprotocol.api;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.stream.IntStream;

/**
 * An immutable sequence of token ids, stored as a primitive {@code int[]} (never boxed).
 *
 * <p>Every id is a non-negative 32-bit integer: the constructor methods reject negative values, which
 * providers use as "missing" sentinels ({@code -1} in Fireworks traces). An empty sequence is a real
 * value ("the engine produced no tokens") and is different from an absent one.
 */
public final class TokenIds {
    private static final TokenIds EMPTY = new TokenIds(new int[0]);

    private final int[] ids;

    private TokenIds(int[] ids) {
        this.ids = ids;
    }

    /** Copies {@code ids}; fails on a negative id, naming its index. */
    public static TokenIds of(int... ids) {
        return ids.length == 0 ? EMPTY : wrap(ids.clone());
    }

    /** Copies {@code ids}; fails on a null or negative id, naming its index. */
    public static TokenIds of(List<Integer> ids) {
        int[] copy = new int[ids.size()];
        for (int i = 0; i < copy.length; i++) {
            Integer id = ids.get(i);
            if (id == null) {
                throw new IllegalArgumentException("token id at index " + i + " is null");
            }
            copy[i] = id;
        }
        return copy.length == 0 ? EMPTY : wrap(copy);
    }

    /**
     * Takes ownership of {@code ids} without copying. For decoders that built the array themselves and
     * never touch it again; everyone else should call {@link #of(int...)}.
     */
    public static TokenIds wrap(int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0) {
                throw new IllegalArgumentException(
                        "token id at index " + i + " is " + ids[i] + "; token ids must be non-negative");
            }
        }
        return new TokenIds(ids);
    }

    public static TokenIds empty() {
        return EMPTY;
    }

    public int size() {
        return ids.length;
    }

    public boolean isEmpty() {
        return ids.length == 0;
    }

    public int get(int index) {
        return ids[index];
    }

    /** The last id; fails when empty. */
    public int last() {
        if (ids.length == 0) {
            throw new IllegalStateException("no token ids");
        }
        return ids[ids.length - 1];
    }

    /** A fresh copy of the ids. */
    public int[] toArray() {
        return ids.clone();
    }

    public IntStream stream() {
        return Arrays.stream(ids);
    }

    /** Copies {@code length} ids starting at {@code srcPos} into {@code dest} at {@code destPos}. */
    public void copyTo(int srcPos, int[] dest, int destPos, int length) {
        System.arraycopy(ids, srcPos, dest, destPos, length);
    }

    /** This sequence followed by {@code other}. */
    public TokenIds concat(TokenIds other) {
        if (other.ids.length == 0) {
            return this;
        }
        if (ids.length == 0) {
            return other;
        }
        int[] joined = Arrays.copyOf(ids, ids.length + other.ids.length);
        System.arraycopy(other.ids, 0, joined, ids.length, other.ids.length);
        return new TokenIds(joined);
    }

    /** An unmodifiable boxed view, for APIs that want a {@code List}; storage stays primitive. */
    public List<Integer> asList() {
        return new ListView(ids);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenIds && Arrays.equals(ids, ((TokenIds) o).ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    /** Prints at most the first and last few ids, so that a 32k-token trace does not flood a log. */
    @Override
    public String toString() {
        if (ids.length <= 16) {
            return Arrays.toString(ids);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 8; i++) {
            sb.append(ids[i]).append(", ");
        }
        sb.append("... (").append(ids.length - 12).append(" more) ...");
        for (int i = ids.length - 4; i < ids.length; i++) {
            sb.append(", ").append(ids[i]);
        }
        return sb.append(']').toString();
    }

    private static final class ListView extends AbstractList<Integer> implements RandomAccess {
        private final int[] ids;

        ListView(int[] ids) {
            this.ids = ids;
        }

        @Override
        public Integer get(int index) {
            return ids[index];
        }

        @Override
        public int size() {
            return ids.length;
        }
    }
}
