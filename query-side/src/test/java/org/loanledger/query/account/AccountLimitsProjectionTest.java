package org.loanledger.query.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.limitCut;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.loanledger.query.support.AccountEvents.repaid;
import static org.loanledger.query.support.AccountEvents.unfrozen;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.projection.EventOutOfSequenceException;
import org.loanledger.query.projection.FoldedStates;
import org.loanledger.query.projection.ViewVersions;
import org.loanledger.query.support.EventBatches;
import org.loanledger.query.support.InMemoryMongo;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.ReasonCode;

class AccountLimitsProjectionTest {

    InMemoryMongo mongo;
    AccountLimitsStore store;
    AccountLimitsProjection projection;

    final List<AccountEvent> events = List.of(
            opened("acc-1", "5000.00"),
            borrowed("acc-1", "d-1", "1000.00", 1),
            repaid("acc-1", "d-1", "400.00", "600.00", 2),
            frozen("acc-1", ReasonCode.RISK_RULE, 3),
            unfrozen("acc-1", List.of(3L), 4),
            limitCut("acc-1", "5000.00", 5));

    @BeforeEach
    void setUp() {
        mongo = new InMemoryMongo();
        store = new AccountLimitsStore(mongo.database(), new ViewVersions(), new FoldedStates(10_000));
        projection = new AccountLimitsProjection(store);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private void deliver(int fromInclusive, int toExclusive) {
        for (int sequence = fromInclusive; sequence < toExclusive; sequence++) {
            projection.on(events.get(sequence), (long) sequence);
        }
    }

    @Nested
    class Folding {

        @Test
        void theViewIsTheFoldOfTheAccountsEvents() {
            deliver(0, events.size());

            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events));
            assertThat(store.version("acc-1")).isEqualTo(5);
        }

        @Test
        void aFreezeShowsAsTheRestrictionInForce() {
            deliver(0, 4);

            var view = AccountLimitsView.of(store.find("acc-1").orElseThrow());
            assertThat(view.status()).isEqualTo(AccountStatus.FROZEN);
            assertThat(view.available()).isEqualTo("0.00");
            assertThat(view.restriction().reasonCode()).isEqualTo(ReasonCode.RISK_RULE);
            assertThat(view.restriction().eventSequence()).isEqualTo(3);
            assertThat(view.drawdowns()).singleElement().satisfies(d -> assertThat(d.outstanding()).isEqualTo("600.00"));
        }
    }

    /** Delivers the events as one batch of a streaming processor: one unit of work over all their messages. */
    private void deliverAsOneBatch(List<AccountEvent> batch, List<Long> sequences) {
        List<org.axonframework.eventhandling.EventMessage<?>> messages = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            messages.add(new org.axonframework.eventhandling.GenericDomainEventMessage<>("LoanAccount",
                    batch.get(i).accountId(), sequences.get(i), batch.get(i)));
        }
        EventBatches.deliver(messages,
                message -> projection.on((AccountEvent) message.getPayload(), message.getSequenceNumber()));
    }

    @Nested
    class Batches {

        @Test
        void aBatchOverStoredAndNewAccountsGivesEachAccountsFold() {
            deliver(0, 3);
            List<AccountEvent> other = List.of(opened("acc-2", "800.00"), borrowed("acc-2", "d-9", "50.00", 1));

            deliverAsOneBatch(List.of(events.get(3), other.get(0), events.get(4), other.get(1), events.get(5)),
                    List.of(3L, 0L, 4L, 1L, 5L));

            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events));
            assertThat(store.find("acc-2")).contains(AccountFold.replay("acc-2", other));
        }

        @Test
        void aRedeliveredBatchChangesNothing() {
            deliver(0, events.size());
            var before = store.find("acc-1").orElseThrow();

            deliverAsOneBatch(events.subList(2, 5), List.of(2L, 3L, 4L));

            assertThat(store.find("acc-1")).contains(before);
            assertThat(store.version("acc-1")).isEqualTo(5);
        }

        @Test
        void aBatchWithAGapFailsAndWritesNothing() {
            deliver(0, 2);

            assertThatThrownBy(() -> deliverAsOneBatch(List.of(events.get(2), events.get(4)), List.of(2L, 4L)))
                    .hasRootCauseInstanceOf(org.loanledger.query.projection.EventOutOfSequenceException.class);
            assertThat(store.version("acc-1")).isEqualTo(1);
        }
    }

    @Nested
    class DuplicateDelivery {

        @Test
        void aRedeliveredEventChangesNothing() {
            deliver(0, 3);
            var before = store.find("acc-1").orElseThrow();

            deliver(1, 3);

            assertThat(store.find("acc-1")).contains(before);
            assertThat(before.outstanding().toPlainString()).isEqualTo("600.00");
        }

        @Test
        void redeliveringTheWholeStreamAfterwardsStillGivesTheFold() {
            deliver(0, events.size());
            deliver(0, events.size());

            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events));
        }
    }

    @Nested
    class Gaps {

        @Test
        void anEventAfterAMissingOneIsRefusedAndLeavesTheViewAsItWas() {
            deliver(0, 2);

            assertThatThrownBy(() -> projection.on(events.get(3), 3L)).isInstanceOf(EventOutOfSequenceException.class);
            assertThat(store.version("acc-1")).isEqualTo(1);
        }
    }

    @Test
    void resetClearsTheView() {
        deliver(0, 2);

        projection.reset();

        assertThat(store.find("acc-1")).isEmpty();
        assertThat(store.version("acc-1")).isEqualTo(-1);
    }
}
