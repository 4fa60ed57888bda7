package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.json.LedgerJson;

class RememberedRequestsTest {

    private static AppliedRequest request(String text) {
        return new AppliedRequest("h" + text + " 1 1 - ACTIVE 1000.00 0.00");
    }

    /** The map the memory must behave as: insertion order, the oldest key forgotten past the limit. */
    private static void rememberInModel(LinkedHashMap<String, AppliedRequest> model, int limit, String key,
                                        AppliedRequest request) {
        model.put(key, request);
        Iterator<String> oldest = model.keySet().iterator();
        while (model.size() > limit) {
            oldest.next();
            oldest.remove();
        }
    }

    @Nested
    class Order {

        @Test
        void keysStayInTheOrderTheyWereFirstRememberedAndTheOldestIsForgottenPastTheLimit() {
            RememberedRequests memory = new RememberedRequests(3);
            memory.put("a", request("1"));
            memory.put("b", request("2"));
            memory.put("c", request("3"));
            memory.put("d", request("4"));

            assertThat(new ArrayList<>(memory.keySet())).containsExactly("b", "c", "d");
            assertThat(memory.get("a")).isNull();
            assertThat(memory.containsKey("a")).isFalse();
            assertThat(memory.get("d")).isEqualTo(request("4"));
            assertThat(memory).hasSize(3);
        }

        @Test
        void aKeyRememberedAgainKeepsItsPlaceAndTakesTheNewRequest() {
            RememberedRequests memory = new RememberedRequests(3);
            memory.put("a", request("1"));
            memory.put("b", request("2"));

            AppliedRequest previous = memory.put("a", request("1-followed"));
            memory.put("c", request("3"));
            memory.put("d", request("4"));

            assertThat(previous).isEqualTo(request("1"));
            assertThat(new ArrayList<>(memory.entrySet())).containsExactly(Map.entry("b", request("2")),
                    Map.entry("c", request("3")), Map.entry("d", request("4")));
        }

        @Test
        void aFullMemoryOfTheAccountsLimitForgetsOneKeyForEachNewOne() {
            RememberedRequests memory = new RememberedRequests();
            for (int n = 1; n <= LoanAccount.REMEMBERED_REQUESTS + 5; n++) {
                memory.put("r-" + n, request(Integer.toString(n)));
            }

            List<String> keys = new ArrayList<>(memory.keySet());
            assertThat(keys).hasSize(LoanAccount.REMEMBERED_REQUESTS);
            assertThat(keys.get(0)).isEqualTo("r-6");
            assertThat(keys.get(keys.size() - 1)).isEqualTo("r-" + (LoanAccount.REMEMBERED_REQUESTS + 5));
            for (int n = 1; n <= LoanAccount.REMEMBERED_REQUESTS + 5; n++) {
                assertThat(memory.containsKey("r-" + n)).as("r-%d", n).isEqualTo(n > 5);
            }
        }
    }

    @Nested
    class AgainstALinkedHashMap {

        /**
         * Random keys from a small pool, so keys are remembered again, forgotten and remembered anew, with limits
         * that leave the probe table crowded and wrapping: after every step the memory and the model agree on
         * every entry in order and on every key of the pool.
         */
        @Test
        void randomRememberingAgreesWithTheModelAtEveryStep() {
            Random random = new Random(20261207);
            for (int limit : new int[] {1, 2, 3, 7, 16, 33, 100}) {
                RememberedRequests memory = new RememberedRequests(limit);
                LinkedHashMap<String, AppliedRequest> model = new LinkedHashMap<>();
                int pool = limit * 3 + 2;
                for (int step = 0; step < 4000; step++) {
                    String key = "k" + random.nextInt(pool);
                    AppliedRequest request = request(Integer.toString(step));

                    AppliedRequest expectedPrevious = model.get(key);
                    rememberInModel(model, limit, key, request);
                    assertThat(memory.put(key, request)).isEqualTo(expectedPrevious);

                    assertThat(new ArrayList<>(memory.entrySet())).as("limit %d step %d", limit, step)
                            .isEqualTo(new ArrayList<>(model.entrySet()));
                    for (int n = 0; n < pool; n++) {
                        assertThat(memory.get("k" + n)).as("limit %d step %d key k%d", limit, step, n)
                                .isEqualTo(model.get("k" + n));
                    }
                }
            }
        }

        @Test
        void keysBeyondAsciiAndLongerThanAByteOfLengthAreKeptExactly() {
            RememberedRequests memory = new RememberedRequests(4);
            String longKey = "x".repeat(300);
            memory.put("clé-€-1", request("1"));
            memory.put(longKey, request("2"));
            memory.put("", request("3"));

            assertThat(new ArrayList<>(memory.keySet())).containsExactly("clé-€-1", longKey, "");
            assertThat(memory.get("clé-€-1")).isEqualTo(request("1"));
            assertThat(memory.get(longKey)).isEqualTo(request("2"));
            assertThat(memory.get("x".repeat(299))).isNull();
            assertThat(memory.get(42)).isNull();
        }

        @Test
        void itEqualsTheMapOfTheSameEntries() {
            RememberedRequests memory = new RememberedRequests(10);
            LinkedHashMap<String, AppliedRequest> model = new LinkedHashMap<>();
            for (String key : List.of("a", "b", "c")) {
                memory.put(key, request(key));
                model.put(key, request(key));
            }

            assertThat(memory).isEqualTo(model);
            assertThat(memory.hashCode()).isEqualTo(model.hashCode());
            model.put("a", request("other"));
            assertThat(memory).isNotEqualTo(model);
        }
    }

    @Nested
    class Snapshots {

        private final ObjectMapper mapper = LedgerJson.storageMapper();

        @Test
        void itIsWrittenAsTheLinkedHashMapOfTheSameEntriesWasAndReadBackInOrder() throws Exception {
            RememberedRequests memory = new RememberedRequests();
            LinkedHashMap<String, AppliedRequest> model = new LinkedHashMap<>();
            for (int n = 30; n > 0; n--) {
                memory.put("r-" + n, request(Integer.toString(n)));
                model.put("r-" + n, request(Integer.toString(n)));
            }

            String json = mapper.writeValueAsString(memory);
            RememberedRequests read = mapper.readValue(json, RememberedRequests.class);

            assertThat(json).isEqualTo(mapper.writeValueAsString(model));
            assertThat(new ArrayList<>(read.entrySet())).isEqualTo(new ArrayList<>(model.entrySet()));
        }

        @Test
        void aRequestIsNeverRememberedWithoutItsKeyOrAKeyWithoutItsRequest() {
            RememberedRequests memory = new RememberedRequests(2);

            assertThatThrownBy(() -> memory.put(null, request("1"))).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> memory.put("a", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new RememberedRequests(0)).isInstanceOf(IllegalArgumentException.class);
            assertThat(memory).isEmpty();
        }
    }
}
