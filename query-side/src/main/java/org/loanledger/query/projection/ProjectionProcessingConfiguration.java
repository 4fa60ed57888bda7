package org.loanledger.query.projection;

import java.time.Duration;
import java.util.Map;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the query side's event processors handle their batches. */
@Configuration(proxyBeanMethods = false)
public class ProjectionProcessingConfiguration {

    /**
     * The query side sends no messages, so there is nothing to correlate. Axon's default provider reads every
     * handled event's metadata to copy its ids into the batch's correlation data, which made each processor parse
     * the metadata of every event (about a sixth of a rebuild's work) for nothing.
     */
    @Bean
    public CorrelationDataProvider noCorrelationData() {
        return message -> Map.of();
    }

    /** Coordinators that look again soon when a work package was full (see {@link CoordinatorExecutors}). */
    @Bean(destroyMethod = "shutdown")
    public CoordinatorExecutors coordinatorExecutors(
            @Value("${ledger.query.coordinator-full-queue-wait}") Duration fullQueueWait) {
        return new CoordinatorExecutors(fullQueueWait);
    }

    @Bean
    public ConfigurerModule promptCoordinators(CoordinatorExecutors executors) {
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                (config, builder) -> builder.coordinatorExecutor(executors::forProcessor));
    }
}
