package org.loanledger.command.deadline;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The sweep runs on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class DeadlineConfiguration {

    /**
     * A deadline that cannot be written fails the command that set it. Axon's default for event handlers is to log
     * and carry on, which would store the event without its deadline: a cool-off that never ends, a drawdown that
     * never goes overdue. The index runs in the command's unit of work, so failing it stores nothing and the caller
     * can retry.
     */
    @Bean
    public ConfigurerModule deadlineIndexFailsItsCommand() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                DeadlineIndex.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
