package org.loanledger.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.loanledger.query.support.AccountEvents.repaid;

import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.projection.ViewVersions;
import org.loanledger.query.support.InMemoryMongo;
import org.loanledger.shared.personal.InMemoryPersonalKeys;
import org.loanledger.shared.personal.PersonalTextCipher;

class AccountHistoryProjectionTest {

    InMemoryMongo mongo;
    AccountHistoryStore store;
    AccountHistoryProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new InMemoryMongo();
        store = new AccountHistoryStore(mongo.database(), new ViewVersions());
        projection = new AccountHistoryProjection(store);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private List<Long> sequences(List<Document> entries) {
        return entries.stream().map(e -> e.get("sequence", Number.class).longValue()).toList();
    }

    @Nested
    class Entries {

        @Test
        void eachEventBecomesOneEntryWithSummaryActorAndFields() {
            projection.on(opened("acc-1", "5000.00"), 0L);
            projection.on(borrowed("acc-1", "d-1", "1000.00", 1), 1L);
            projection.on(repaid("acc-1", "d-1", "400.00", "600.00", 2), 2L);

            List<Document> page = store.page("acc-1", -1, 10).orElseThrow();

            assertThat(sequences(page)).containsExactly(0L, 1L, 2L);
            var repayment = HistoryEntry.toItem(page.get(2), new PersonalTextCipher(new InMemoryPersonalKeys()));
            assertThat(repayment.get("type")).isEqualTo("RepaymentReceived");
            assertThat(repayment.get("actor")).isEqualTo("lender");
            assertThat(repayment.get("summary")).isEqualTo("partial early repayment of 400.00 CNY");
            assertThat(repayment.get("amount")).isEqualTo("400.00");
            assertThat(repayment.get("partialEarly")).isEqualTo(true);
        }

        @Test
        void aRedeliveredEventLeavesOneEntry() {
            projection.on(opened("acc-1", "5000.00"), 0L);
            projection.on(borrowed("acc-1", "d-1", "1000.00", 1), 1L);
            projection.on(borrowed("acc-1", "d-1", "1000.00", 1), 1L);
            projection.on(opened("acc-1", "5000.00"), 0L);

            assertThat(sequences(store.page("acc-1", -1, 10).orElseThrow())).containsExactly(0L, 1L);
        }
    }

    @Nested
    class Batches {

        @Test
        void aBatchWithEntriesAlreadyStoredWritesTheRestAndKeepsTheStoredOnes() {
            projection.on(opened("acc-1", "5000.00"), 0L);
            AccountHistoryStore.Writes batch = store.newWrites();
            batch.add(opened("acc-1", "5000.00"), 0);
            batch.add(borrowed("acc-1", "d-1", "10.00", 1), 1);
            batch.flush();

            assertThat(sequences(store.page("acc-1", -1, 10).orElseThrow())).containsExactly(0L, 1L);
        }
    }

    @Nested
    class Paging {

        @Test
        void pagesFollowTheSequenceAcrossAnyBoundary() {
            projection.on(opened("acc-1", "1000000.00"), 0L);
            for (int i = 1; i <= 250; i++) {
                projection.on(borrowed("acc-1", "d-" + i, "1.00", i), (long) i);
            }

            assertThat(sequences(store.page("acc-1", 95, 10).orElseThrow()))
                    .containsExactly(96L, 97L, 98L, 99L, 100L, 101L, 102L, 103L, 104L, 105L);
            assertThat(store.page("acc-1", -1, 500).orElseThrow()).hasSize(251);
            assertThat(store.page("acc-1", 250, 10).orElseThrow()).isEmpty();
        }

        @Test
        void anAccountWithNoHistoryHasNoPage() {
            assertThat(store.page("acc-none", -1, 10)).isEmpty();
        }

        @Test
        void aPageEndsBeforeTheFirstEntryNotProjectedYet() {
            projection.on(opened("acc-1", "5000.00"), 0L);
            projection.on(borrowed("acc-1", "d-1", "10.00", 1), 1L);
            // As if event 2's batch had not been written yet, and a later batch had.
            projection.on(borrowed("acc-1", "d-3", "10.00", 3), 3L);

            assertThat(sequences(store.page("acc-1", -1, 10).orElseThrow())).containsExactly(0L, 1L);
            assertThat(store.versionAtLeast("acc-1", 1)).isEqualTo(1);
            assertThat(store.versionAtLeast("acc-1", 2)).isEqualTo(-1);
        }

        @Test
        void aPagePastTheEndOfAnExistingAccountIsEmptyNotMissing() {
            projection.on(opened("acc-1", "5000.00"), 0L);

            assertThat(store.page("acc-1", 0, 10)).hasValue(List.of());
            assertThat(store.page("acc-1", 40, 10)).hasValue(List.of());
        }

        @Test
        void eachEntryIsADocumentOfItsOwnFoundById() {
            projection.on(opened("acc-1", "5000.00"), 0L);
            projection.on(borrowed("acc-1", "d-1", "10.00", 1), 1L);

            Document stored = mongo.database().getCollection(AccountHistoryStore.COLLECTION)
                    .find(new Document("_id", "acc-1/1")).first();
            assertThat(stored).isNotNull();
            assertThat(stored.getString("type")).isEqualTo("FundsBorrowed");
            assertThat(mongo.database().getCollection(AccountHistoryStore.COLLECTION).countDocuments()).isEqualTo(2);
        }
    }
}
