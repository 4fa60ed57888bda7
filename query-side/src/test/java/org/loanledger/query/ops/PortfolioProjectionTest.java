package org.loanledger.query.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.closed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.limitCut;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.loanledger.query.support.AccountEvents.repaid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.support.InMemoryMongo;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.ReasonCode;

class PortfolioProjectionTest {

    InMemoryMongo mongo;
    PortfolioStore store;
    PortfolioProjection projection;

    final List<AccountEvent> accountA = List.of(opened("acc-a", "5000.00"), borrowed("acc-a", "d-1", "1000.00", 1),
            frozen("acc-a", ReasonCode.RISK_RULE, 2));
    final List<AccountEvent> accountB = List.of(opened("acc-b", "300.00"), borrowed("acc-b", "d-2", "300.00", 1),
            repaid("acc-b", "d-2", "300.00", "0.00", 2), closed("acc-b", 3));
    final List<AccountEvent> accountC = List.of(opened("acc-c", "800.50"), limitCut("acc-c", "800.50", 1));

    @BeforeEach
    void setUp() {
        mongo = new InMemoryMongo();
        store = new PortfolioStore(mongo.database(), () -> { });
        projection = new PortfolioProjection(store);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private void deliver(List<AccountEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), (long) i);
        }
    }

    private PortfolioController.Portfolio portfolio() {
        return PortfolioController.of(store.totals().orElse(new Document()));
    }

    /** The totals document as stored, bookkeeping included. */
    private Document bookkeeping() {
        return mongo.database().getCollection(PortfolioStore.TOTALS_COLLECTION).find().first();
    }

    /** The accounts' events folded into one batch of {@code instance}, nothing written yet. */
    private static PortfolioStore.Writes folded(PortfolioStore instance, List<List<AccountEvent>> accounts) {
        PortfolioStore.Writes writes = instance.newWrites();
        for (List<AccountEvent> account : accounts) {
            for (int i = 0; i < account.size(); i++) {
                writes.apply(account.get(i), i);
            }
        }
        return writes;
    }

    @Nested
    class Totals {

        @Test
        void countsAccountsByStatusSumsPerCurrencyAndCountsRestrictions() {
            deliver(accountA);
            deliver(accountB);
            deliver(accountC);

            var portfolio = portfolio();
            assertThat(portfolio.accountsByStatus()).isEqualTo(Map.of("ACTIVE", 1L, "FROZEN", 1L, "CLOSED", 1L));
            assertThat(portfolio.totals()).singleElement().satisfies(t -> {
                assertThat(t.currency()).isEqualTo("CNY");
                assertThat(t.accounts()).isEqualTo(3);
                assertThat(t.totalCreditLimit()).isEqualTo("5300.00");
                assertThat(t.totalOutstanding()).isEqualTo("1000.00");
            });
            assertThat(portfolio.restrictionsByReasonCode())
                    .isEqualTo(Map.of("RISK_RULE", 1L, "MODEL_RESCORE", 1L));
        }
    }

    @Nested
    class DuplicateDelivery {

        @Test
        void redeliveredEventsAreNotCountedTwice() {
            deliver(accountA);
            deliver(accountC);
            var once = portfolio();

            deliver(accountA);
            deliver(accountC);

            assertThat(portfolio()).isEqualTo(once);
            assertThat(once.totals().get(0).totalCreditLimit()).isEqualTo("5000.00");
        }
    }

    /**
     * The embedded server writes each collection to its file on its own, so a step is kept before the next begins:
     * a crash must not keep a batch's count without its accounts, nor its accounts without its reservation.
     */
    @Nested
    class StepsKeptInOrder {

        /** What the view store held each time the store asked for its writes to be kept. */
        record Kept(long reserved, long counted, long accountsOfTheBatch) {
        }

        @Test
        void theReservationIsKeptBeforeTheAccountsAndTheAccountsBeforeTheCount() {
            List<Kept> kept = new ArrayList<>();
            Runnable viewsKept = () -> {
                Document totals = bookkeeping();
                long accountsOfTheBatch = mongo.database().getCollection(PortfolioStore.ACCOUNTS_COLLECTION)
                        .countDocuments(new Document("batch", 1L));
                kept.add(new Kept(PortfolioStore.number(totals, "reserved"), PortfolioStore.number(totals, "counted"),
                        accountsOfTheBatch));
            };
            PortfolioStore.Writes writes = folded(new PortfolioStore(mongo.database(), viewsKept),
                    List.of(accountA, accountC));

            writes.flush();

            // Kept after the reservation: nothing of the batch written yet; after the accounts: not counted yet.
            assertThat(kept).containsExactly(new Kept(1, 0, 0), new Kept(1, 0, 2));
            assertThat(PortfolioStore.number(bookkeeping(), "counted")).isEqualTo(1);
        }
    }

    /**
     * Two instances may write the portfolio at once: one following the stream, the other retrying a dead letter, or
     * one that lost its claim without knowing yet. Each step is conditional on what the writer read, so a batch is
     * never numbered twice and a batch counted meanwhile is never taken for aborted.
     */
    @Nested
    class ConcurrentWriters {

        private PortfolioStore otherInstance;

        @BeforeEach
        void secondInstance() {
            otherInstance = new PortfolioStore(mongo.database(), () -> { });
        }

        @Test
        void aReservationBasedOnTotalsThatABatchCountedSinceIsRefusedAndTheBatchCountedOnce() {
            deliver(accountB);
            PortfolioStore.Writes first = folded(store, List.of(accountA));
            long number = first.reserve();
            first.writeAccounts(number);
            Document seenBySecond = bookkeeping();
            first.count(number);

            assertThatThrownBy(() -> folded(otherInstance, List.of(accountC)).reserve(seenBySecond))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another writer");
            assertThat(bookkeeping().getList("aborted", Number.class)).isNull();

            // The refused batch is retried; account A's events come back once more as well.
            folded(otherInstance, List.of(accountC)).flush();
            deliver(accountA);

            var portfolio = portfolio();
            assertThat(portfolio.accountsByStatus()).isEqualTo(Map.of("FROZEN", 1L, "CLOSED", 1L, "ACTIVE", 1L));
            assertThat(portfolio.totals()).singleElement().satisfies(t -> {
                assertThat(t.accounts()).isEqualTo(3);
                assertThat(t.totalCreditLimit()).isEqualTo("5300.00");
                assertThat(t.totalOutstanding()).isEqualTo("1000.00");
            });
        }

        @Test
        void twoWritersThatBothFoundNoTotalsDoNotTakeTheSameNumber() {
            PortfolioStore.Writes first = folded(store, List.of(accountA));
            PortfolioStore.Writes second = folded(otherInstance, List.of(accountC));

            assertThat(first.reserve(null)).isEqualTo(1);

            assertThatThrownBy(() -> second.reserve(null))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another writer");
            assertThat(PortfolioStore.number(bookkeeping(), "reserved")).isEqualTo(1);
        }
    }

    /**
     * A process stopped inside a batch's writes stores no token, so the batch's events come back, perhaps in other
     * batches; the totals must end as if nothing had stopped.
     */
    @Nested
    class InterruptedBatches {

        private PortfolioController.Portfolio uninterrupted;

        @BeforeEach
        void expectedTotals() {
            InMemoryMongo reference = new InMemoryMongo();
            try {
                PortfolioStore referenceStore = new PortfolioStore(reference.database(), () -> { });
                PortfolioProjection referenceProjection = new PortfolioProjection(referenceStore);
                for (List<AccountEvent> account : List.of(accountA, accountB, accountC)) {
                    for (int i = 0; i < account.size(); i++) {
                        referenceProjection.on(account.get(i), (long) i);
                    }
                }
                uninterrupted = PortfolioController.of(referenceStore.totals().orElseThrow());
            } finally {
                reference.close();
            }
        }

        /** The batch's events folded, then its writes up to the given step, as if the process stopped after it. */
        private void stoppedAfter(int step, List<List<AccountEvent>> batch) {
            PortfolioStore.Writes writes = folded(store, batch);
            long number = writes.reserve();
            if (step >= 2) {
                writes.writeAccounts(number);
            }
        }

        @Test
        void aBatchStoppedAfterItsAccountsWereWrittenIsCountedOnceWhenItsEventsComeBack() {
            deliver(accountB);
            stoppedAfter(2, List.of(accountA, accountC));

            deliver(accountA);
            deliver(accountC);

            assertThat(portfolio()).isEqualTo(uninterrupted);
        }

        @Test
        void aBatchStoppedAfterReservingItsNumberLeavesNoTrace() {
            stoppedAfter(1, List.of(accountA, accountB, accountC));

            deliver(accountA);
            deliver(accountB);
            deliver(accountC);

            assertThat(portfolio()).isEqualTo(uninterrupted);
        }

        @Test
        void theEventsOfAStoppedBatchMayComeBackSplitWithOtherBatchesCountedBetween() {
            stoppedAfter(2, List.of(accountA, accountC));
            deliver(accountB);
            deliver(accountA);
            // A second stop: accounts A (already counted again) and C are both in it.
            stoppedAfter(2, List.of(accountA, accountC));
            deliver(accountC);
            deliver(accountA);

            assertThat(portfolio()).isEqualTo(uninterrupted);
        }

        @Test
        void aStoppedBatchDoesNotChangeWhatTheTotalsShowUntilItsEventsComeBack() {
            deliver(accountB);
            var before = portfolio();

            stoppedAfter(2, List.of(accountA, accountC));

            assertThat(portfolio()).isEqualTo(before);
        }
    }
}
