package org.loanledger.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.query.support.AccountEvents.borrowed;
import static org.loanledger.query.support.AccountEvents.opened;

import com.mongodb.client.MongoDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.query.account.AccountLimitsStore;
import org.loanledger.query.history.AccountHistoryStore;
import org.loanledger.query.support.EventStoreWriter;
import org.loanledger.query.support.QuerySideInstance;

/** A view whose stored layout is not the release's own is rebuilt when the service starts; the others are kept. */
class ViewLayoutsTest {

    private static final String ACCOUNT = "acc-layout";

    Path dataDir;
    QuerySideInstance query;

    @BeforeEach
    void startWithAProjectedAccount() throws Exception {
        dataDir = Files.createTempDirectory("view-layouts");
        query = QuerySideInstance.start(dataDir);
        new EventStoreWriter(query.bean(EventStore.class)).append(opened(ACCOUNT, "5000.00"),
                borrowed(ACCOUNT, "d-1", "100.00", 1), borrowed(ACCOUNT, "d-2", "200.00", 2));
        awaitHistoryEntries(3);
    }

    @AfterEach
    void stop() {
        query.close();
    }

    private MongoDatabase views() {
        return query.bean(MongoDatabase.class);
    }

    private void awaitHistoryEntries(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> query.bean(AccountHistoryStore.class)
                .page(ACCOUNT, -1, 10).map(List::size).orElse(0) == count);
    }

    private Document layout(String view) {
        return views().getCollection(ViewLayouts.COLLECTION).find(new Document("_id", view)).first();
    }

    private void restart() {
        query.close();
        query = QuerySideInstance.start(dataDir);
    }

    @Test
    void aFreshStoreRecordsTheLayoutOfEveryView() {
        for (String view : Projections.ALL) {
            assertThat(layout(view)).as(view).isNotNull();
            assertThat(layout(view).getInteger("layout")).as(view).isEqualTo(ViewLayouts.current(view));
        }
        assertThat(layout(Projections.ACCOUNT_HISTORY).getInteger("layout")).isEqualTo(AccountHistoryStore.LAYOUT);
    }

    @Test
    void aHistoryKeptInBucketsByAnEarlierReleaseIsRebuiltIntoEntriesAtStart() {
        // The store as a release before layouts left it: entries in buckets, no layout recorded, tokens at the head.
        views().getCollection(ViewLayouts.COLLECTION).deleteMany(new Document());
        views().getCollection(AccountHistoryStore.COLLECTION).drop();
        views().getCollection("account_history").insertOne(new Document("_id", ACCOUNT + "/0")
                .append("entries", new Document("0", new Document("sequence", 0L))));

        restart();

        awaitHistoryEntries(3);
        assertThat(views().listCollectionNames().into(new ArrayList<>())).doesNotContain("account_history");
        assertThat(layout(Projections.ACCOUNT_HISTORY).getInteger("layout")).isEqualTo(AccountHistoryStore.LAYOUT);
        assertThat(layout(Projections.ACCOUNT_LIMITS).getInteger("layout")).isEqualTo(1);
    }

    @Test
    void viewsAlreadyInTheirLayoutAreNotRebuilt() {
        // A document no projection writes: a rebuild would drop it with the collection.
        views().getCollection(AccountHistoryStore.COLLECTION).insertOne(new Document("_id", "marker/0"));
        views().getCollection(AccountLimitsStore.COLLECTION).insertOne(new Document("_id", "marker"));
        views().getCollection(ViewLayouts.COLLECTION).deleteOne(new Document("_id", Projections.ACCOUNT_LIMITS));

        restart();

        assertThat(views().getCollection(AccountHistoryStore.COLLECTION).find(new Document("_id", "marker/0")).first())
                .isNotNull();
        // A view projected before layouts were recorded, whose layout has not changed since, is only recorded.
        assertThat(views().getCollection(AccountLimitsStore.COLLECTION).find(new Document("_id", "marker")).first())
                .isNotNull();
        assertThat(layout(Projections.ACCOUNT_LIMITS).getInteger("layout")).isEqualTo(1);
        awaitHistoryEntries(3);
    }
}
