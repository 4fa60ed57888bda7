package org.loanledger.command.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.command.account.CommandOutcome;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.RefusalCode;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class MaintenanceBatchesTest {

    private static final CommandOutcome APPLIED =
            new CommandOutcome("a", "c", "EUR", AccountStatus.FROZEN, null, null, null, 1, null, null);

    /** Answers every command on another thread, as the command bus does; every other account is refused. */
    private static final class Dispatcher extends AccountCommandDispatcher {
        private final AtomicInteger sent = new AtomicInteger();

        Dispatcher() {
            super(null, 0);
        }

        @Override
        public Mono<CommandOutcome> send(AccountCommand command, String actor) {
            boolean refuse = sent.getAndIncrement() % 2 == 1;
            return Mono.fromCallable(() -> {
                if (refuse) {
                    throw new CommandRefusedException(RefusalCode.ACCOUNT_FROZEN, command.accountId(), "refused");
                }
                return APPLIED;
            }).subscribeOn(Schedulers.parallel());
        }
    }

    /**
     * A reader that polls while the last account completes must never see the batch finished with an account counted
     * neither applied nor refused: clients stop polling at {@code finished} and trust the counts.
     */
    @Test
    void aFinishedBatchCountsEveryAccountEvenWhenReadAsItsLastAccountCompletes() {
        MaintenanceBatches batches = new MaintenanceBatches(new Dispatcher());
        for (int round = 0; round < 20_000; round++) {
            String batchId = "mb-" + round;
            batches.start(batchId, MaintenanceBatchController.Action.FREEZE, List.of("x" + round, "y" + round), "n", "ops");
            Map<String, Object> progress;
            do {
                progress = batches.progress(batchId).orElseThrow();
            } while (!(Boolean) progress.get("finished"));
            int applied = (Integer) progress.get("applied");
            int refused = ((Map<?, ?>) progress.get("refused")).size();
            assertThat(applied + refused).as("accounts counted in round %d: %s", round, progress).isEqualTo(2);
        }
    }
}
