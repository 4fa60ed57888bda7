package org.loanledger.command.maintenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Applies maintenance batches account by account. Each account's command carries an idempotency key derived from
 * the batch, so submitting the same batch again (after a restart, say) applies nothing twice.
 */
@Component
public class MaintenanceBatches {

    /** One request freezes or lifts at most this many accounts; larger migrations are split into batches. */
    public static final int MAX_ACCOUNTS = 10_000;

    /** Accounts handled at once: enough to finish a batch of 1,000 in seconds without starving other commands. */
    private static final int CONCURRENCY = 8;

    private final AccountCommandDispatcher dispatcher;
    private final ConcurrentMap<String, Progress> running = new ConcurrentHashMap<>();

    public MaintenanceBatches(AccountCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    private static final class Progress {
        final MaintenanceBatchController.Action action;
        final int total;
        final AtomicInteger applied = new AtomicInteger();
        final ConcurrentMap<String, String> refused = new ConcurrentHashMap<>();
        volatile boolean finished;

        Progress(MaintenanceBatchController.Action action, int total) {
            this.action = action;
            this.total = total;
        }
    }

    void start(String batchId, MaintenanceBatchController.Action action, List<String> accountIds, String note, String actor) {
        Progress progress = new Progress(action, accountIds.size());
        running.put(batchId, progress);
        Flux.fromIterable(accountIds)
                .flatMap(accountId -> dispatcher.send(command(batchId, action, accountId, note), actor)
                        .doOnNext(outcome -> progress.applied.incrementAndGet())
                        .then()
                        .onErrorResume(e -> {
                            progress.refused.put(accountId, codeOf(e));
                            return Mono.empty();
                        }), CONCURRENCY)
                .doFinally(signal -> progress.finished = true)
                .subscribe();
    }

    Optional<Map<String, Object>> progress(String batchId) {
        return Optional.ofNullable(running.get(batchId)).map(p -> {
            // Read finished before the counts: it is set after the last account was counted, so a batch read as
            // finished shows every account. Read after them, the last account could be counted between the reads.
            boolean finished = p.finished;
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("batchId", batchId);
            view.put("action", p.action);
            view.put("accounts", p.total);
            view.put("applied", p.applied.get());
            view.put("refused", Map.copyOf(p.refused));
            view.put("finished", finished);
            return view;
        });
    }

    private static AccountCommand command(String batchId, MaintenanceBatchController.Action action, String accountId,
                                          String note) {
        String requestId = "maintenance:" + action + ':' + batchId;
        return action == MaintenanceBatchController.Action.FREEZE
                ? new FreezeAccountCommand(accountId, ReasonCode.SYSTEM_MAINTENANCE, note, batchId, requestId)
                : new UnfreezeAccountCommand(accountId, ReasonCode.MAINTENANCE_ENDED, note, batchId, requestId);
    }

    private static String codeOf(Throwable e) {
        if (e instanceof CommandRefusedException refused) {
            return refused.code().name();
        }
        if (e instanceof AggregateNotFoundException) {
            return "ACCOUNT_NOT_FOUND";
        }
        return "FAILED";
    }
}
