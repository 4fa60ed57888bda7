package org.loanledger.query.eventstore;

import java.time.Duration;
import java.util.function.LongPredicate;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.loanledger.support.eventstore.DurablePosition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The source every projection streams from (each processor's {@code source} in application.yml), in every profile:
 * the event store, whose streams wake their processor as soon as an event arrives and, on the embedded H2 store,
 * hold back what is not yet durable in its file.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionEventsConfiguration {

    @Bean
    public NotifyingEventSource projectionEvents(
            EventStore eventStore, ObjectProvider<DurablePosition> durable,
            @Value(EmbeddedEventStoreConfiguration.POLL_INTERVAL_MILLIS) long pollMillis) {
        DurablePosition position = durable.getIfAvailable();
        LongPredicate readable = position == null ? index -> true : position::covers;
        return new NotifyingEventSource(eventStore, readable, Duration.ofMillis(pollMillis));
    }
}
