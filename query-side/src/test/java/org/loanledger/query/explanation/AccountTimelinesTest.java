package org.loanledger.query.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.loanledger.query.eventstore.DurableEvents;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.money.Money;

class AccountTimelinesTest {

    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    private final EventStoreWriter writer = new EventStoreWriter(store);

    @AfterEach
    void stop() {
        store.shutDown();
    }

    private void account(String id, int events) {
        Instant at = Instant.parse("2026-03-01T00:00:00Z");
        List<AccountEvent> history = new ArrayList<>();
        history.add(new AccountOpened(id, "c-" + id, "CNY", Money.of("CNY", "100000.00"), at, "ops", "open-" + id));
        for (int i = 1; i < events; i++) {
            history.add(new FundsBorrowed(id, "d-" + i, Money.of("CNY", "1.00"), 30, LocalDate.parse("2026-04-01"),
                    at.plusSeconds(i), "lender", "b-" + id + "-" + i));
        }
        writer.append(history.toArray(AccountEvent[]::new));
    }

    @Test
    void keepsNoMoreEventsInMemoryThanItsBoundEvictingTheLeastRecentlyRead() {
        AccountTimelines timelines = new AccountTimelines(store, DurableEvents.EVERY_EVENT, 100);
        account("a-1", 40);
        account("a-2", 40);
        account("a-3", 40);

        timelines.read("a-1");
        timelines.read("a-2");
        assertThat(timelines.cachedEvents()).isEqualTo(80);
        timelines.read("a-3");

        assertThat(timelines.cachedEvents()).isEqualTo(80);
        assertThat(timelines.read("a-1").orElseThrow().events()).hasSize(40);
    }

    @Test
    void keepsTheAccountJustReadEvenWhenItAloneIsOverTheBound() {
        AccountTimelines timelines = new AccountTimelines(store, DurableEvents.EVERY_EVENT, 10);
        account("long", 30);

        assertThat(timelines.read("long").orElseThrow().events()).hasSize(30);
        assertThat(timelines.cachedEvents()).isEqualTo(30);
    }

    @Test
    void keepsNoEventThatIsNotYetInTheStoresFileAndReadsItOnceItIs() {
        AtomicLong firstNotDurable = new AtomicLong(3);
        AccountTimelines timelines = new AccountTimelines(store, (aggregateId, from) -> firstNotDurable.get(), 100);
        account("a-1", 5);

        assertThat(timelines.read("a-1").orElseThrow().events()).extracting(RecordedEvent::sequence)
                .containsExactly(0L, 1L, 2L);
        assertThat(timelines.cachedEvents()).isEqualTo(3);
        assertThat(timelines.readFresh("a-1").orElseThrow().events()).hasSize(3);

        firstNotDurable.set(Long.MAX_VALUE);

        assertThat(timelines.read("a-1").orElseThrow().events()).extracting(RecordedEvent::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(timelines.cachedEvents()).isEqualTo(5);
    }
}
