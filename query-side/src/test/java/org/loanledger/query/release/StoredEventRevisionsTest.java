package org.loanledger.query.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.integrity.HashChain;

/**
 * Every event revision ever released, as the store holds it ({@code stored-events/account-history.json}), must be
 * read by the current code: through the upcasters, into today's event types, folding to the same account and
 * verifying against the hash-chain links written when it was stored.
 */
class StoredEventRevisionsTest {

    private static List<DomainEventMessage<?>> events;
    private static List<JsonNode> stored;

    @BeforeAll
    static void readTheFixtureThroughTheCurrentCode() {
        stored = StoredEventFixture.stored();
        events = StoredEventFixture.events(stored);
    }

    @Test
    void everyStoredEventIsReadAsTheCurrentRevisionOfItsType() {
        assertThat(events).hasSameSizeAs(stored);
        for (int i = 0; i < events.size(); i++) {
            Object payload = events.get(i).getPayload();
            assertThat(payload.getClass().getName()).isEqualTo(stored.get(i).get("payloadType").asText());
            assertThat(payload).isInstanceOf(AccountEvent.class);
        }
    }

    @Test
    void theFixtureHoldsEveryEventTypeAndAnOlderRevision() {
        Set<String> fixtureTypes = stored.stream().map(e -> e.get("payloadType").asText()).collect(Collectors.toSet());
        Set<String> allTypes = Arrays.stream(AccountEvent.class.getPermittedSubclasses()).map(Class::getName)
                .collect(Collectors.toSet());
        assertThat(fixtureTypes).as("a new event type must be added to the fixture when it is released")
                .containsExactlyInAnyOrderElementsOf(allTypes);
        assertThat(stored).anySatisfy(e -> {
            assertThat(e.get("payloadType").asText()).isEqualTo(FundsBorrowed.class.getName());
            assertThat(e.get("payloadRevision").asText())
                    .isNotEqualTo(FundsBorrowed.class.getAnnotation(Revision.class).value());
        });
    }

    @Test
    void aRevisionOneBorrowingIsReadWithItsChannelNotRecorded() {
        FundsBorrowed revisionOne = (FundsBorrowed) events.get(1).getPayload();
        FundsBorrowed revisionTwo = (FundsBorrowed) events.get(2).getPayload();

        assertThat(stored.get(1).get("payloadRevision").asText()).isEqualTo("1");
        assertThat(revisionOne.channel()).isNull();
        assertThat(revisionOne.amount().toPlainString()).isEqualTo("1500.00");
        assertThat(revisionTwo.channel()).isEqualTo("APP");
    }

    @Test
    void theHistoryFoldsToTheAccountItDescribed() {
        AccountState state = AccountFold.replay("fixture-acc-1",
                events.stream().map(m -> (AccountEvent) m.getPayload()).toList());

        assertThat(state.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(state.outstanding().toPlainString()).isEqualTo("0.00");
        assertThat(state.version()).isEqualTo(events.size() - 1);
    }

    @Test
    void everyLinkWrittenUnderAnOlderRevisionStillVerifies() {
        String previous = HashChain.GENESIS;
        for (DomainEventMessage<?> message : events) {
            AccountEvent event = (AccountEvent) message.getPayload();
            String expected = HashChain.link(previous, message.getSequenceNumber(), event.occurredAt(), event);
            assertThat(message.getMetaData().get(HashChain.METADATA_KEY))
                    .as("link of event %d", message.getSequenceNumber()).isEqualTo(expected);
            previous = expected;
        }
    }
}
