package org.loanledger.shared.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

class HashChainTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    record Alpha(String value) {
    }

    record Beta(String value) {
    }

    /** An event as a store keeps it: the payload, when it happened and the link written next to it. */
    record Stored(long sequence, Instant occurredAt, Object payload, String link) {
    }

    @Nested
    class Link {

        private final String base = HashChain.link(HashChain.GENESIS, 3, T0, new Alpha("x"));

        @Test
        void isALowercaseSha256HexAndDeterministic() {
            assertThat(base).matches("[0-9a-f]{64}");
            assertThat(HashChain.link(HashChain.GENESIS, 3, T0, new Alpha("x"))).isEqualTo(base);
        }

        @Test
        void isTheHashOfPreviousTypeSequenceTimeAndCanonicalPayload() {
            String expected = Canonical.sha256(HashChain.GENESIS + "|Alpha|3|2025-03-01T10:00:00Z|{\"value\":\"x\"}");

            assertThat(base).isEqualTo(expected);
        }

        @Test
        void genesisIsSixtyFourZeros() {
            assertThat(HashChain.GENESIS).hasSize(64).matches("0+");
        }

        @Test
        void changesWithTheType() {
            assertThat(Canonical.of(new Beta("x"))).isEqualTo(Canonical.of(new Alpha("x")));
            assertThat(HashChain.link(HashChain.GENESIS, 3, T0, new Beta("x"))).isNotEqualTo(base);
        }

        @Test
        void changesWithTheSequence() {
            assertThat(HashChain.link(HashChain.GENESIS, 4, T0, new Alpha("x"))).isNotEqualTo(base);
        }

        @Test
        void changesWithTheTime() {
            assertThat(HashChain.link(HashChain.GENESIS, 3, T0.plusNanos(1), new Alpha("x"))).isNotEqualTo(base);
        }

        @Test
        void changesWithThePayload() {
            assertThat(HashChain.link(HashChain.GENESIS, 3, T0, new Alpha("y"))).isNotEqualTo(base);
        }

        @Test
        void changesWithThePreviousLink() {
            String other = "1" + HashChain.GENESIS.substring(1);
            assertThat(HashChain.link(other, 3, T0, new Alpha("x"))).isNotEqualTo(base);
        }
    }

    @Nested
    class Chain {

        private final List<AccountEvent> history = List.of(
                new AccountOpened("acc-1", "cust-1", "EUR", Money.of("EUR", "1000"), T0, "ops", "r-0"),
                new FundsBorrowed("acc-1", "dd-1", Money.of("EUR", "300"), 30, LocalDate.of(2025, 3, 31),
                        T0.plusSeconds(60), "cust-1", "r-1"),
                new RepaymentReceived("acc-1", Money.of("EUR", "100"),
                        List.of(new RepaymentAllocation("dd-1", Money.of("EUR", "100"), Money.of("EUR", "200"),
                                LocalDate.of(2025, 3, 31), true, false)),
                        true, true, T0.plusSeconds(120), "cust-1", "r-2"),
                new AccountFrozen("acc-1", ReasonCode.RISK_RULE, PersonalText.clear("velocity"), T0.plusSeconds(180), "risk", null),
                new FundsBorrowed("acc-1", "dd-4", Money.of("EUR", "5"), 7, LocalDate.of(2025, 3, 8),
                        T0.plusSeconds(240), "cust-1", "r-4"));

        @Test
        void anUntouchedChainVerifies() {
            assertThat(firstBrokenLink(chain(history))).isEmpty();
        }

        @Test
        void editingTheMiddleEventIsDetectedThere() {
            List<Stored> stored = chain(history);
            Stored middle = stored.get(2);
            RepaymentReceived original = (RepaymentReceived) middle.payload();
            RepaymentReceived edited = new RepaymentReceived(original.accountId(), Money.of("EUR", "100.01"),
                    original.allocations(), original.early(), original.partialEarly(), original.occurredAt(),
                    original.actor(), original.requestId());
            List<Stored> tampered = new ArrayList<>(stored);
            tampered.set(2, new Stored(middle.sequence(), middle.occurredAt(), edited, middle.link()));

            assertThat(firstBrokenLink(tampered)).hasValue(2);
        }

        @Test
        void rewritingTheEditedLinkBreaksTheNextOne() {
            List<Stored> stored = chain(history);
            Stored middle = stored.get(2);
            AccountFrozen forged = new AccountFrozen("acc-1", ReasonCode.SYSTEM_MAINTENANCE, PersonalText.clear("velocity"),
                    T0.plusSeconds(180), "risk", null);
            Stored frozen = stored.get(3);
            List<Stored> tampered = new ArrayList<>(stored);
            tampered.set(3, new Stored(frozen.sequence(), frozen.occurredAt(), forged,
                    HashChain.link(middle.link(), frozen.sequence(), frozen.occurredAt(), forged)));

            assertThat(firstBrokenLink(tampered)).hasValue(4);
        }

        @Test
        void removingOrReorderingEventsIsDetected() {
            List<Stored> stored = chain(history);
            List<Stored> removed = new ArrayList<>(stored);
            removed.remove(1);
            List<Stored> swapped = new ArrayList<>(stored);
            swapped.set(1, stored.get(2));
            swapped.set(2, stored.get(1));

            assertThat(firstBrokenLink(removed)).hasValue(1);
            assertThat(firstBrokenLink(swapped)).hasValue(1);
        }

        @Test
        void everyLinkAfterAnEditChangesWhenTheChainIsRecomputed() {
            List<Stored> stored = chain(history);
            List<AccountEvent> edited = new ArrayList<>(history);
            edited.set(2, new AccountFrozen("acc-1", ReasonCode.RISK_RULE, PersonalText.clear("other"), T0.plusSeconds(120), "risk", null));
            List<Stored> recomputed = chain(edited);

            for (int i = 0; i < stored.size(); i++) {
                if (i < 2) {
                    assertThat(recomputed.get(i).link()).isEqualTo(stored.get(i).link());
                } else {
                    assertThat(recomputed.get(i).link()).as("link %d", i).isNotEqualTo(stored.get(i).link());
                }
            }
        }

        private List<Stored> chain(List<AccountEvent> events) {
            List<Stored> stored = new ArrayList<>();
            String previous = HashChain.GENESIS;
            for (int sequence = 0; sequence < events.size(); sequence++) {
                AccountEvent event = events.get(sequence);
                String link = HashChain.link(previous, sequence, event.occurredAt(), event);
                stored.add(new Stored(sequence, event.occurredAt(), event, link));
                previous = link;
            }
            return stored;
        }

        /** Walks the stored chain from genesis, the way an auditor would: position i must be sequence i. */
        private OptionalInt firstBrokenLink(List<Stored> stored) {
            String previous = HashChain.GENESIS;
            for (int i = 0; i < stored.size(); i++) {
                Stored event = stored.get(i);
                String expected = HashChain.link(previous, i, event.occurredAt(), event.payload());
                if (!expected.equals(event.link())) {
                    return OptionalInt.of(i);
                }
                previous = event.link();
            }
            return OptionalInt.empty();
        }
    }
}
