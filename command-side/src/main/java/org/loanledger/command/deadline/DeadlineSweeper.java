package org.loanledger.command.deadline;

import java.time.Clock;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.EndCoolOffCommand;
import org.loanledger.shared.account.MarkOverdueCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Acts on deadlines that are due by the injected clock: marks drawdowns overdue and ends cool-offs. The commands are
 * idempotent (an account that was repaid or lifted meanwhile records nothing), so a deadline is cleared once its
 * command completed either way, and one whose command failed for a passing reason is tried again on the next sweep.
 * Deadlines are rows in the store, so a restart loses none.
 */
@Component
@ConditionalOnExpression(DeadlineIndex.ON_JDBC_STORE)
public class DeadlineSweeper {

    private static final Logger log = LoggerFactory.getLogger(DeadlineSweeper.class);

    /** Deadlines handled per sweep, so one sweep never holds the clock thread for long. */
    private static final int BATCH = 500;

    private final DeadlineIndex index;
    private final CommandGateway commands;
    private final Clock clock;

    public DeadlineSweeper(DeadlineIndex index, CommandGateway commands, Clock clock) {
        this.index = index;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ledger.deadlines.sweep-interval:1s}", initialDelayString = "${ledger.deadlines.sweep-interval:1s}")
    public void sweep() {
        int handled;
        do {
            handled = sweepOnce();
        } while (handled == BATCH);
    }

    /** One pass over what is due now; returns how many deadlines it handled. */
    public int sweepOnce() {
        List<DeadlineIndex.Deadline> due = index.due(clock.instant(), BATCH);
        for (DeadlineIndex.Deadline deadline : due) {
            AccountCommand command = DeadlineIndex.OVERDUE.equals(deadline.kind())
                    ? new MarkOverdueCommand(deadline.accountId(), deadline.reference())
                    : new EndCoolOffCommand(deadline.accountId(), Long.parseLong(deadline.reference()));
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                        java.util.Map.of("actor", Actors.LEDGER)));
                index.clear(deadline.accountId(), deadline.kind(), deadline.reference());
            } catch (AggregateNotFoundException e) {
                index.clear(deadline.accountId(), deadline.kind(), deadline.reference());
            } catch (ConcurrencyException e) {
                log.debug("Deadline {} lost a race; the next sweep retries it", deadline);
            } catch (RuntimeException e) {
                log.warn("Deadline {} could not be acted on; the next sweep retries it", deadline, e);
            }
        }
        return due.size();
    }
}
