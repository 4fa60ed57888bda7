package org.loanledger.command.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.command.account.LoanAccount;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.integrity.HashChain;

/**
 * The benchmark measures stores it fills itself; its figures mean something only if what it writes is what the
 * command side writes: readable through the storage engine, chained, and loadable into the aggregate.
 */
class StoreSeederTest {

    @TempDir
    Path dataDir;

    @Nested
    class SeededAccounts {

        @Test
        void readBackAsTheEventsOfAnAccountWithAnUnbrokenHashChain() {
            List<DomainEventMessage<?>> events;
            try (StoreSeeder seeder = new StoreSeeder(dataDir)) {
                seeder.account("acc-1", 7, true);
                seeder.account("acc-2", 3, false);
                assertThat(seeder.events()).isEqualTo(10);
                events = seeder.engine().readEvents("acc-1", 0).asStream().<DomainEventMessage<?>>map(e -> e).toList();
            }

            assertThat(events).hasSize(7);
            assertThat(events.get(0).getPayload()).isInstanceOf(AccountOpened.class);
            assertThat(events.get(6).getPayload()).isInstanceOf(AccountFrozen.class);
            String link = HashChain.GENESIS;
            for (DomainEventMessage<?> message : events) {
                AccountEvent event = (AccountEvent) message.getPayload();
                link = HashChain.link(link, message.getSequenceNumber(), event.occurredAt(), event);
                assertThat(message.getMetaData().get(HashChain.METADATA_KEY)).isEqualTo(link);
                assertThat(message.getMetaData().get(LoanAccount.ACTOR)).isEqualTo(event.actor());
            }
        }

        @Test
        void aWriteCommittedAloneIsStampedWhenItIsCommittedNotWhenItWasMade() {
            StoreSeeder.Stored made = StoreSeeder.event("acc-1", 0, HashChain.GENESIS, false);
            DomainEventMessage<?> waited = new GenericDomainEventMessage<>(made.message().getType(), "acc-1", 0,
                    made.message().getPayload(), made.message().getMetaData(), made.message().getIdentifier(),
                    Instant.now().minusSeconds(120));
            DomainEventMessage<?> stored;
            Instant before;
            Instant after;
            try (StoreSeeder seeder = new StoreSeeder(dataDir)) {
                before = Instant.now();
                seeder.commitAlone(waited);
                after = Instant.now();
                stored = (DomainEventMessage<?>) seeder.engine().readEvents("acc-1", 0).asStream().findFirst()
                        .orElseThrow();
            }

            assertThat(stored.getTimestamp()).isBetween(before.truncatedTo(ChronoUnit.MILLIS), after);
            assertThat(stored.getIdentifier()).isEqualTo(made.message().getIdentifier());
            assertThat(stored.getMetaData()).isEqualTo(made.message().getMetaData());
            assertThat(stored.getPayload()).isEqualTo(made.message().getPayload());
        }

        @Test
        void loadIntoTheAggregateWithAndWithoutASnapshot() throws Exception {
            // AggregateLoad checks every load reaches the last event and the long account has exactly one snapshot.
            List<AggregateLoad.Load> loads = AggregateLoad.measure(dataDir, new int[] {100, 800}, new Bench.Log());

            assertThat(loads).extracting(AggregateLoad.Load::events).containsExactly(100, 800);
            assertThat(loads).allSatisfy(load -> {
                assertThat(load.withoutSnapshotMillis()).isPositive();
                assertThat(load.withSnapshotMillis()).isPositive();
            });
        }
    }
}
