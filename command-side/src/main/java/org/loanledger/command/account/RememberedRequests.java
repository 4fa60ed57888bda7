package org.loanledger.command.account;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The requests an account remembers, by idempotency key, oldest first: a map in insertion order that forgets its
 * oldest key once it holds more than its limit. A snapshot writes it as the JSON object a {@code LinkedHashMap} of
 * the same entries would be.
 *
 * <p>Every cached account carries one, so together they are most of what the command side keeps live: under a
 * steady load each command answered adds a key to some account. A {@code LinkedHashMap<String, AppliedRequest>}
 * spends about 250 bytes on a request with a UUID key (its entry, the key's string and array, the record, the packed
 * string and its array). Here a request is one byte array, the key and the packed request in UTF-8 after the key's
 * length, in a ring of arrays oldest first, found through an open-addressing table of ring positions: about half
 * of that. Keys and requests are decoded only when a key is seen again or the map is written out.
 */
final class RememberedRequests extends AbstractMap<String, AppliedRequest> {

    private static final int FIRST_CAPACITY = 4;

    private final int limit;
    /** The requests in the order they were first remembered, from {@code head}, wrapping around. */
    private byte[][] ring;
    private int head;
    private int size;
    /** Linear probing by the key's hash: ring position + 1 of each request, 0 where free; at most half full. */
    private int[] index;

    /** An empty memory of {@link LoanAccount#REMEMBERED_REQUESTS} requests (also how a snapshot is read back). */
    RememberedRequests() {
        this(LoanAccount.REMEMBERED_REQUESTS);
    }

    RememberedRequests(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("an account remembers at least one request, not " + limit);
        }
        this.limit = limit;
        int capacity = Math.min(FIRST_CAPACITY, limit);
        this.ring = new byte[capacity][];
        this.index = new int[indexCapacity(capacity)];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String k && find(utf8(k)) >= 0;
    }

    @Override
    public AppliedRequest get(Object key) {
        if (!(key instanceof String k)) {
            return null;
        }
        int slot = find(utf8(k));
        return slot < 0 ? null : new AppliedRequest(value(ring[slot]));
    }

    /**
     * Remembers a request under its key. A key already remembered keeps its place in the order and gets the new
     * request; a new key goes last, and the oldest key is forgotten if the memory was full.
     */
    @Override
    public AppliedRequest put(String key, AppliedRequest request) {
        Objects.requireNonNull(key, "a remembered request needs its key");
        Objects.requireNonNull(request, "a remembered key needs its request");
        byte[] keyBytes = utf8(key);
        byte[] entry = entry(keyBytes, request.packed());
        int slot = find(keyBytes);
        if (slot >= 0) {
            AppliedRequest previous = new AppliedRequest(value(ring[slot]));
            ring[slot] = entry;
            return previous;
        }
        if (size == limit) {
            forgetOldest();
        } else if (size == ring.length) {
            grow();
        }
        slot = (head + size) % ring.length;
        ring[slot] = entry;
        size++;
        int position = home(keyBytes, keyBytes.length, 0);
        while (index[position] != 0) {
            position = next(position);
        }
        index[position] = slot + 1;
        return null;
    }

    @Override
    public Set<Entry<String, AppliedRequest>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, AppliedRequest>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, AppliedRequest> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        byte[] entry = ring[(head + next++) % ring.length];
                        return Map.entry(key(entry), new AppliedRequest(value(entry)));
                    }
                };
            }
        };
    }

    /** The ring position of the request remembered under this key, or -1. */
    private int find(byte[] key) {
        int position = home(key, key.length, 0);
        while (index[position] != 0) {
            int slot = index[position] - 1;
            if (hasKey(ring[slot], key)) {
                return slot;
            }
            position = next(position);
        }
        return -1;
    }

    private void forgetOldest() {
        byte[] oldest = ring[head];
        int position = home(oldest, keyLength(oldest), keyOffset(oldest));
        while (index[position] != head + 1) {
            position = next(position);
        }
        // Backward-shift deletion: move each later entry of the probe run whose home is not in (free, its place]
        // into the free place, so every remaining key is still found from its home without a gap.
        int free = position;
        for (int probe = next(free); index[probe] != 0; probe = next(probe)) {
            byte[] entry = ring[index[probe] - 1];
            int home = home(entry, keyLength(entry), keyOffset(entry));
            boolean reachable = free <= probe ? free < home && home <= probe : free < home || home <= probe;
            if (!reachable) {
                index[free] = index[probe];
                free = probe;
            }
        }
        index[free] = 0;
        ring[head] = null;
        head = (head + 1) % ring.length;
        size--;
    }

    private void grow() {
        byte[][] grown = new byte[Math.min(limit, ring.length * 2)][];
        for (int n = 0; n < size; n++) {
            grown[n] = ring[(head + n) % ring.length];
        }
        ring = grown;
        head = 0;
        index = new int[indexCapacity(grown.length)];
        for (int slot = 0; slot < size; slot++) {
            byte[] entry = ring[slot];
            int position = home(entry, keyLength(entry), keyOffset(entry));
            while (index[position] != 0) {
                position = next(position);
            }
            index[position] = slot + 1;
        }
    }

    private int next(int position) {
        return (position + 1) & (index.length - 1);
    }

    /** Where a key's probe starts: a hash of its UTF-8 bytes, the same whether read from a key or an entry. */
    private int home(byte[] bytes, int length, int offset) {
        int hash = 1;
        for (int n = offset; n < offset + length; n++) {
            hash = 31 * hash + bytes[n];
        }
        hash *= 0x9E3779B9;
        return (hash ^ (hash >>> 16)) & (index.length - 1);
    }

    /** The smallest power of two at least twice the ring's capacity. */
    private static int indexCapacity(int ringCapacity) {
        return Integer.highestOneBit(2 * ringCapacity - 1) << 1;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The key's length as an unsigned varint, the key, then the packed request. */
    private static byte[] entry(byte[] key, String packed) {
        byte[] value = utf8(packed);
        int prefix = varintLength(key.length);
        byte[] entry = new byte[prefix + key.length + value.length];
        int at = 0;
        for (int rest = key.length; ; rest >>>= 7) {
            if (rest < 0x80) {
                entry[at++] = (byte) rest;
                break;
            }
            entry[at++] = (byte) ((rest & 0x7F) | 0x80);
        }
        System.arraycopy(key, 0, entry, at, key.length);
        System.arraycopy(value, 0, entry, at + key.length, value.length);
        return entry;
    }

    private static int varintLength(int value) {
        int bytes = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            bytes++;
        }
        return bytes;
    }

    private static int keyLength(byte[] entry) {
        int length = 0;
        for (int at = 0, shift = 0; ; at++, shift += 7) {
            length |= (entry[at] & 0x7F) << shift;
            if ((entry[at] & 0x80) == 0) {
                return length;
            }
        }
    }

    /** Where the key starts: after the last byte of its length, the first without the continuation bit. */
    private static int keyOffset(byte[] entry) {
        int at = 0;
        while ((entry[at] & 0x80) != 0) {
            at++;
        }
        return at + 1;
    }

    private static boolean hasKey(byte[] entry, byte[] key) {
        int offset = keyOffset(entry);
        return keyLength(entry) == key.length
                && Arrays.equals(entry, offset, offset + key.length, key, 0, key.length);
    }

    private static String key(byte[] entry) {
        return new String(entry, keyOffset(entry), keyLength(entry), StandardCharsets.UTF_8);
    }

    private static String value(byte[] entry) {
        int start = keyOffset(entry) + keyLength(entry);
        return new String(entry, start, entry.length - start, StandardCharsets.UTF_8);
    }
}
