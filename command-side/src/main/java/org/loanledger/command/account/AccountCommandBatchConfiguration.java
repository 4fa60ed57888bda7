package org.loanledger.command.account;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Account commands stored in batches ({@link AccountCommandBatches}), on by default; {@code
 * ledger.command.batch.enabled=false} stores each command in a transaction of its own, as the Axon Server profile
 * does (there the commands are decided where Axon Server routes them). {@code ledger.command.batch.max-commands}
 * bounds a batch (default {@value #DEFAULT_MAX_COMMANDS}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "ledger.command.batch.enabled", havingValue = "true", matchIfMissing = true)
public class AccountCommandBatchConfiguration {

    /** Commands per batch at most unless {@code ledger.command.batch.max-commands} says otherwise. */
    public static final int DEFAULT_MAX_COMMANDS = 64;

    @Bean
    public AccountCommandBatches accountCommandBatches(CommandBus commandBus, TransactionManager transactionManager,
            @Value("${ledger.command.batch.max-commands:" + DEFAULT_MAX_COMMANDS + "}") int maxCommands,
            ObjectProvider<MeterRegistry> meters) {
        return new AccountCommandBatches(commandBus, transactionManager, maxCommands, meters.getIfAvailable());
    }
}
