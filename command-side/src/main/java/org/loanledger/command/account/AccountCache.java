package org.loanledger.command.account;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * The accounts kept in memory between commands: at most a configured number, the least recently used leaving
 * first, each held softly so that the collector takes them back before the heap runs short.
 *
 * <p>Axon's {@code WeakReferenceCache} keeps an account only while something else holds it. Between two commands
 * nothing does, and the young-generation collections that run several times a second took nearly every account
 * back: measured under the benchmark's borrowings over 10,000 accounts, a tenth of the command side's CPU went into
 * reading accounts again from the store (events or snapshot, then their deserialization and fold). A cached account
 * is only ever an optimisation: on a concurrent write from elsewhere the append fails on the store's unique
 * sequence, Axon drops the entry, and the command is retried on a fresh load.
 */
final class AccountCache implements Cache {

    private final ConcurrentMap<Object, Object> entries;
    private final Set<EntryListener> listeners = new CopyOnWriteArraySet<>();

    AccountCache(long maximumAccounts) {
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumAccounts)
                .softValues()
                .executor(Runnable::run)
                .removalListener((key, value, cause) -> {
                    if (key != null && cause.wasEvicted()) {
                        listeners.forEach(listener -> listener.onEntryExpired(key));
                    }
                })
                .build()
                .asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.get(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        requireValue(value);
        Object previous = entries.put(key, value);
        listeners.forEach(listener -> {
            if (previous == null) {
                listener.onEntryCreated(key, value);
            } else {
                listener.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        requireValue(value);
        if (entries.putIfAbsent(key, value) != null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryCreated(key, value));
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        boolean[] created = {false};
        T value = (T) entries.computeIfAbsent(key, k -> {
            T fresh = valueSupplier.get();
            if (fresh == null) {
                throw new IllegalStateException("Value Supplier of Cache produced a null value for key [" + key + "]!");
            }
            created[0] = true;
            return fresh;
        });
        if (created[0]) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        boolean[] present = {false};
        Object updated = entries.computeIfPresent(key, (k, current) -> {
            present[0] = true;
            return update.apply((V) current);
        });
        if (!present[0]) {
            return;
        }
        listeners.forEach(listener -> {
            if (updated == null) {
                listener.onEntryRemoved(key);
            } else {
                listener.onEntryUpdated(key, updated);
            }
        });
    }

    @Override
    public boolean remove(Object key) {
        if (entries.remove(key) == null) {
            return false;
        }
        listeners.forEach(listener -> listener.onEntryRemoved(key));
        return true;
    }

    @Override
    public void removeAll() {
        for (Object key : List.copyOf(entries.keySet())) {
            remove(key);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** How many accounts are held now (evictions are applied as they come, so this may briefly exceed the bound). */
    long size() {
        return entries.size();
    }

    private static void requireValue(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("Null values not supported");
        }
    }
}
