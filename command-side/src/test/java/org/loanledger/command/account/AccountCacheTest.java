package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountCacheTest {

    /** Records what the cache told its listeners, one line per notification. */
    private static final class Recorder extends Cache.EntryListenerAdapter {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEntryCreated(Object key, Object value) {
            seen.add("created " + key);
        }

        @Override
        public void onEntryUpdated(Object key, Object value) {
            seen.add("updated " + key);
        }

        @Override
        public void onEntryRemoved(Object key) {
            seen.add("removed " + key);
        }

        @Override
        public void onEntryExpired(Object key) {
            seen.add("expired " + key);
        }

        @Override
        public void onEntryRead(Object key, Object value) {
            seen.add("read " + key);
        }
    }

    @Nested
    class Entries {

        @Test
        void anAccountPutIsFoundUntilRemoved() {
            AccountCache cache = new AccountCache(10);
            cache.put("acc-1", "state-1");

            assertThat((String) cache.get("acc-1")).isEqualTo("state-1");
            assertThat(cache.containsKey("acc-1")).isTrue();
            assertThat(cache.remove("acc-1")).isTrue();
            assertThat((Object) cache.get("acc-1")).isNull();
            assertThat(cache.remove("acc-1")).isFalse();
        }

        @Test
        void putIfAbsentKeepsTheFirstValue() {
            AccountCache cache = new AccountCache(10);

            assertThat(cache.putIfAbsent("acc-1", "first")).isTrue();
            assertThat(cache.putIfAbsent("acc-1", "second")).isFalse();
            assertThat((String) cache.get("acc-1")).isEqualTo("first");
        }

        @Test
        void computeIfAbsentCallsTheSupplierOnlyForAMissingAccount() {
            AccountCache cache = new AccountCache(10);
            int[] calls = {0};

            assertThat(cache.computeIfAbsent("acc-1", () -> "v" + ++calls[0])).isEqualTo("v1");
            assertThat(cache.computeIfAbsent("acc-1", () -> "v" + ++calls[0])).isEqualTo("v1");
            assertThat(calls[0]).isEqualTo(1);
            assertThatThrownBy(() -> cache.computeIfAbsent("acc-2", () -> null)).isInstanceOf(IllegalStateException.class);
            assertThat(cache.containsKey("acc-2")).isFalse();
        }

        @Test
        void computeIfPresentUpdatesOrRemovesOnlyWhatIsThere() {
            AccountCache cache = new AccountCache(10);
            cache.put("acc-1", "a");

            cache.<String>computeIfPresent("acc-1", v -> v + "b");
            cache.<String>computeIfPresent("acc-2", v -> v + "b");
            assertThat((String) cache.get("acc-1")).isEqualTo("ab");
            assertThat(cache.containsKey("acc-2")).isFalse();
            cache.<String>computeIfPresent("acc-1", v -> null);
            assertThat(cache.containsKey("acc-1")).isFalse();
        }

        @Test
        void nullValuesAreRefused() {
            AccountCache cache = new AccountCache(10);

            assertThatThrownBy(() -> cache.put("acc-1", null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cache.putIfAbsent("acc-1", null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void removeAllEmptiesIt() {
            AccountCache cache = new AccountCache(10);
            cache.put("acc-1", "a");
            cache.put("acc-2", "b");

            cache.removeAll();

            assertThat(cache.size()).isZero();
        }
    }

    @Nested
    class Bound {

        @Test
        void neverHoldsMoreAccountsThanItsBound() {
            AccountCache cache = new AccountCache(100);
            Recorder recorder = new Recorder();
            cache.registerCacheEntryListener(recorder);

            for (int i = 0; i < 1_000; i++) {
                cache.put("acc-" + i, "state-" + i);
            }
            // Caffeine applies the bound as it goes; its pending maintenance runs on the next access.
            cache.get("acc-999");

            assertThat(cache.size()).isLessThanOrEqualTo(100);
            assertThat(recorder.seen).filteredOn(line -> line.startsWith("expired")).hasSizeGreaterThanOrEqualTo(900);
        }
    }

    @Nested
    class Listeners {

        @Test
        void hearEveryChangeUntilTheirRegistrationIsCancelled() {
            AccountCache cache = new AccountCache(10);
            Recorder recorder = new Recorder();
            Registration registration = cache.registerCacheEntryListener(recorder);

            cache.put("acc-1", "a");
            cache.put("acc-1", "b");
            cache.get("acc-1");
            cache.remove("acc-1");
            registration.cancel();
            cache.put("acc-2", "c");

            assertThat(recorder.seen).containsExactly("created acc-1", "updated acc-1", "read acc-1", "removed acc-1");
        }
    }
}
