package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.frozen;
import static org.loanledger.query.support.AccountEvents.opened;
import static org.loanledger.query.support.AccountEvents.repaid;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loanledger.query.account.AccountLimitsProjection;
import org.loanledger.query.account.AccountLimitsStore;
import org.loanledger.query.support.EventBatches;
import org.loanledger.query.support.InMemoryMongo;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.ReasonCode;

class FoldedStatesTest {

    static final String VIEW = AccountLimitsProjection.PROCESSING_GROUP;

    final List<AccountEvent> events = List.of(
            opened("acc-1", "5000.00"),
            borrowed("acc-1", "d-1", "1000.00", 1),
            repaid("acc-1", "d-1", "400.00", "600.00", 2),
            frozen("acc-1", ReasonCode.RISK_RULE, 3),
            borrowed("acc-1", "d-2", "10.00", 4));

    InMemoryMongo mongo;
    FoldedStates states;
    AccountLimitsStore store;
    AccountLimitsProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new InMemoryMongo();
        states = new FoldedStates(10_000);
        store = new AccountLimitsStore(mongo.database(), new ViewVersions(), states);
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

    private MongoCollection<Document> collection() {
        return mongo.database().getCollection(AccountLimitsStore.COLLECTION);
    }

    /** Another process writing the account: its own store and states over the same collection. */
    private void anotherProcessProjects(int toExclusive) {
        AccountLimitsProjection other = new AccountLimitsProjection(
                new AccountLimitsStore(mongo.database(), new ViewVersions(), new FoldedStates(10_000)));
        for (int sequence = 0; sequence < toExclusive; sequence++) {
            other.on(events.get(sequence), (long) sequence);
        }
    }

    @Test
    void theNextEventFoldsOntoTheStateKeptInMemory() {
        deliver(0, 2);
        // Taken away behind the view's back: had the state been read back, event 2 would be out of sequence.
        collection().deleteOne(Filters.eq("_id", "acc-1"));

        deliver(2, 3);

        assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events.subList(0, 3)));
    }

    @Test
    void noStatesAreKeptWhenTheLimitIsZero() {
        states = new FoldedStates(0);
        store = new AccountLimitsStore(mongo.database(), new ViewVersions(), states);
        projection = new AccountLimitsProjection(store);
        deliver(0, 2);
        collection().deleteOne(Filters.eq("_id", "acc-1"));

        assertThatThrownBy(() -> deliver(2, 3)).isInstanceOf(EventOutOfSequenceException.class);
        assertThat(states.get(VIEW, "acc-1")).isNull();
    }

    @Test
    void atMostTheLimitOfAccountsIsKept() {
        states = new FoldedStates(3);
        store = new AccountLimitsStore(mongo.database(), new ViewVersions(), states);
        projection = new AccountLimitsProjection(store);
        for (int account = 0; account < 10; account++) {
            projection.on(opened("acc-" + account, "100.00"), 0L);
        }

        assertThat(states.size(VIEW)).isEqualTo(3);
        for (int account = 0; account < 10; account++) {
            projection.on(borrowed("acc-" + account, "d-1", "10.00", 1), 1L);
            assertThat(store.version("acc-" + account)).isEqualTo(1);
        }
    }

    @Test
    void aRebuildStartsFromNothingKept() {
        deliver(0, 3);

        projection.reset();
        deliver(0, 2);

        assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events.subList(0, 2)));
    }

    @Test
    void aWriteThatFailsForgetsItsAccounts() {
        deliver(0, 1);
        // A unique index the second account's document breaks: the ordered bulk write stores acc-1, then fails.
        collection().createIndex(Indexes.ascending("status"), new IndexOptions().unique(true));
        FoldedAccountWrites writes = store.newWrites();
        writes.apply(events.get(1), 1);
        writes.apply(opened("acc-2", "100.00"), 0);

        assertThatThrownBy(writes::flush).isInstanceOf(MongoBulkWriteException.class);
        assertThat(states.get(VIEW, "acc-1")).isNull();
        assertThat(states.get(VIEW, "acc-2")).isNull();
        assertThat(store.version("acc-1")).isEqualTo(1);
    }

    /** Delivers events as one batch of a streaming processor, each stored {@code age} before now. */
    private void deliverAsOneBatch(int fromInclusive, int toExclusive, Duration age) {
        Instant stored = Instant.now().minus(age);
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int sequence = fromInclusive; sequence < toExclusive; sequence++) {
            AccountEvent event = events.get(sequence);
            messages.add(new GenericDomainEventMessage<>("LoanAccount", event.accountId(), sequence, event, Map.of(),
                    "event-" + sequence, stored));
        }
        EventBatches.deliver(messages,
                message -> projection.on((AccountEvent) message.getPayload(), message.getSequenceNumber()));
    }

    @Nested
    class OnlyFromBatchesBehindTheStream {

        @BeforeEach
        void keepFromOneSecondBehind() {
            states = new FoldedStates(10_000, Duration.ofSeconds(1));
            store = new AccountLimitsStore(mongo.database(), new ViewVersions(), states);
            projection = new AccountLimitsProjection(store);
        }

        @Test
        void aBatchBehindTheStreamKeepsItsStates() {
            deliverAsOneBatch(0, 2, Duration.ofMinutes(5));

            assertThat(states.get(VIEW, "acc-1")).isEqualTo(AccountFold.replay("acc-1", events.subList(0, 2)));
        }

        @Test
        void aBatchFollowingTheStreamKeepsNone() {
            deliverAsOneBatch(0, 2, Duration.ZERO);

            assertThat(states.get(VIEW, "acc-1")).isNull();
            assertThat(states.size(VIEW)).isZero();
            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events.subList(0, 2)));
        }

        @Test
        void aBatchFollowingTheStreamForgetsTheStateItReplaces() {
            deliverAsOneBatch(0, 2, Duration.ofMinutes(5));

            deliverAsOneBatch(2, 4, Duration.ZERO);
            // Had the state of version 1 stayed kept, event 4 would be folded onto it and refused as out of sequence.
            assertThat(states.get(VIEW, "acc-1")).isNull();
            deliverAsOneBatch(4, 5, Duration.ZERO);

            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events));
        }

        @Test
        void aLoneEventWithoutABatchKeepsItsState() {
            deliver(0, 1);

            assertThat(states.get(VIEW, "acc-1")).isEqualTo(AccountFold.replay("acc-1", events.subList(0, 1)));
        }

        @Test
        void aNegativeDistanceIsRefused() {
            assertThatThrownBy(() -> new FoldedStates(10, Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("when-behind");
        }
    }

    enum ClaimChange {
        CLAIMED(tokens -> tokens.fetchToken(VIEW, 0)),
        RELEASED(tokens -> tokens.releaseClaim(VIEW, 0)),
        LOST_WHILE_STORING(tokens -> tokens.storeToken(null, VIEW, 0)),
        LOST_WHILE_EXTENDING(tokens -> tokens.extendClaim(VIEW, 0));

        final Consumer<TokenStore> change;

        ClaimChange(Consumer<TokenStore> change) {
            this.change = change;
        }
    }

    /** A token store whose claims another process holds once {@code lost} is set. */
    static final class ClaimsOfAnotherProcess extends InMemoryTokenStore {
        boolean lost;

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            if (lost) {
                throw new UnableToClaimTokenException("claimed by another process");
            }
            super.storeToken(token, processorName, segment);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            if (lost) {
                throw new UnableToClaimTokenException("claimed by another process");
            }
            super.extendClaim(processorName, segment);
        }
    }

    @Nested
    class WhenAnotherProcessMayHaveWritten {

        @ParameterizedTest
        @EnumSource(ClaimChange.class)
        void theStatesAreReadBackFromTheView(ClaimChange claimChange) {
            ClaimsOfAnotherProcess delegate = new ClaimsOfAnotherProcess();
            TokenStore tokens = new ViewFlushingTokenStore(delegate, states);
            tokens.initializeTokenSegments(VIEW, 1);
            deliver(0, 2);
            anotherProcessProjects(5);

            delegate.lost = true;
            try {
                claimChange.change.accept(tokens);
            } catch (UnableToClaimTokenException expected) {
                // the claim was lost: what the test is about
            }
            // Event 2 again, as after a claim moves back: the view holds event 4 already, so it changes nothing.
            deliver(2, 3);

            assertThat(store.version("acc-1")).isEqualTo(4);
            assertThat(store.find("acc-1")).contains(AccountFold.replay("acc-1", events));
        }

        @Test
        void withoutAChangeOfClaimTheKeptStatesAreTrusted() {
            TokenStore tokens = new ViewFlushingTokenStore(new InMemoryTokenStore(), states);
            tokens.initializeTokenSegments(VIEW, 1);
            tokens.fetchToken(VIEW, 0);
            deliver(0, 2);

            tokens.storeToken(null, VIEW, 0);
            tokens.extendClaim(VIEW, 0);

            assertThat(states.get(VIEW, "acc-1")).isEqualTo(AccountFold.replay("acc-1", events.subList(0, 2)));
        }
    }
}
