package org.loanledger.query.eventstore;

import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The source every projection streams from (each processor's {@code source} in application.yml), in every profile:
 * the event store, whose streams wake their processor as soon as an event arrives.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionEventsConfiguration {

    @Bean
    public NotifyingEventSource projectionEvents(EventStore eventStore,
                                                 @Value("${ledger.event-store.poll-interval-ms:10}") long pollMillis) {
        return new NotifyingEventSource(eventStore, Duration.ofMillis(pollMillis));
    }
}
