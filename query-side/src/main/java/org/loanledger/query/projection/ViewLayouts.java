package org.loanledger.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.lifecycle.Phase;
import org.bson.Document;
import org.loanledger.query.history.AccountHistoryStore;
import org.loanledger.query.ops.PortfolioStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The layout each view keeps its documents in, and a rebuild of a view whose store holds another one.
 *
 * <p>A release that changes how a view stores what it projects raises that view's layout number here. When the
 * service starts, before any processor runs, every view projected under another layout (or before layouts were
 * recorded, which counts as layout 1) is reset to the start of the stream, exactly as the admin API's rebuild does:
 * its reset handler drops what the old layout left, and the processor projects everything again. A view never mixes
 * two layouts, and never answers from documents its code cannot read.
 *
 * <p>The reset takes the view's tokens, so the instances of the previous release must be stopped first; a claim
 * still held by one (or by a process that died within the claim timeout) is waited for, and past that the service
 * does not start and says which view is held.
 */
@Component
public class ViewLayouts implements SmartLifecycle {

    /** The collection, beside the views and their tokens, that records each view's layout. */
    public static final String COLLECTION = "view_layouts";

    /** Views whose layout changed since layouts were first recorded; every other view is at layout 1. */
    static final Map<String, Integer> CURRENT = Map.of(Projections.ACCOUNT_HISTORY, AccountHistoryStore.LAYOUT,
            Projections.PORTFOLIO, PortfolioStore.LAYOUT);

    private static final Logger log = LoggerFactory.getLogger(ViewLayouts.class);
    private static final String LAYOUT = "layout";

    private final MongoCollection<Document> layouts;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final Duration claimTimeout;
    private volatile boolean running;

    public ViewLayouts(MongoDatabase viewDatabase, EventProcessingConfiguration processing, TokenStore tokenStore,
                       @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        this.layouts = viewDatabase.getCollection(COLLECTION);
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.claimTimeout = claimTimeout;
    }

    static int current(String view) {
        return CURRENT.getOrDefault(view, 1);
    }

    /** The layout the store holds the view in: recorded, else 1 if it was ever projected, else none yet (null). */
    Integer stored(String view) {
        Document recorded = recorded(view);
        if (recorded != null) {
            return recorded.getInteger(LAYOUT);
        }
        return tokenStore.fetchSegments(view).length > 0 ? 1 : null;
    }

    private Document recorded(String view) {
        return layouts.find(Filters.eq("_id", view)).first();
    }

    @Override
    public void start() {
        for (String view : Projections.ALL) {
            Integer stored = stored(view);
            int wanted = current(view);
            if (stored != null && stored != wanted) {
                processing.eventProcessor(view, StreamingEventProcessor.class).ifPresent(p -> rebuild(view, p, stored, wanted));
            }
            if (stored == null || stored != wanted || recorded(view) == null) {
                layouts.replaceOne(Filters.eq("_id", view), new Document("_id", view).append(LAYOUT, wanted),
                        new ReplaceOptions().upsert(true));
            }
        }
        running = true;
    }

    private void rebuild(String view, StreamingEventProcessor processor, int stored, int wanted) {
        log.info("Projection {} is stored in layout {}, this release keeps it in layout {}: rebuilding it from the "
                + "start of the stream", view, stored, wanted);
        long deadline = System.nanoTime() + claimTimeout.plusSeconds(5).toNanos();
        while (true) {
            try {
                processor.resetTokens();
                return;
            } catch (UnableToClaimTokenException held) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Projection " + view + " must be rebuilt for this release, but "
                            + "another process still holds its tokens: stop the instances of the previous release, "
                            + "then start this one again", held);
                }
                sleepASecond();
            }
        }
    }

    private static void sleepASecond() {
        try {
            Thread.sleep(1000); // waiting for another process's claim to lapse, not synchronising threads
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a projection's tokens", e);
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before Axon starts the event processors. */
    @Override
    public int getPhase() {
        return Phase.INBOUND_EVENT_CONNECTORS - 1;
    }
}
