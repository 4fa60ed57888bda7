package org.loanledger.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.integrity.Canonical;
import org.loanledger.shared.integrity.HashChain;

/**
 * One customer's credit line, as an Axon aggregate: a thin shell over {@link LoanAccountDecider} and
 * {@link AccountFold}.
 *
 * <p>The shell adds what only the write side needs: the idempotency memory (a repeated request returns the first
 * outcome and applies nothing; a reused key with another request is refused) and the hash-chain link each new event
 * carries in its metadata. Both are rebuilt from the events and their metadata, so snapshots and replays agree.
 */
@Aggregate(snapshotTriggerDefinition = "loanAccountSnapshotTrigger", cache = "loanAccountCache")
public class LoanAccount {

    /** Metadata key of the hash of the request an event answered. */
    public static final String REQUEST_HASH = "requestHash";

    /** Metadata key of the principal that caused an event. */
    public static final String ACTOR = "actor";

    /**
     * How many idempotency keys an account remembers. A client retrying within this many later requests on the
     * same account is safe; the oldest keys are forgotten first so an account's memory stays bounded.
     */
    public static final int REMEMBERED_REQUESTS = 1000;

    private static final String UNKNOWN_ACTOR = "unknown";

    @AggregateIdentifier
    private String accountId;
    private AccountState state;
    private String chainHead = HashChain.GENESIS;
    private LinkedHashMap<String, AppliedRequest> appliedRequests = new LinkedHashMap<>();

    protected LoanAccount() {
        // for Axon: an empty account, then its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(OpenAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        if (state == null) {
            state = AccountState.unopened(command.accountId());
        }
        return execute(command, s -> LoanAccountDecider.open(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(BorrowCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.borrow(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(RepayCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.repay(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(FreezeAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.freeze(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(UnfreezeAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.unfreeze(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(ChangeCreditLimitCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.changeCreditLimit(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(CloseAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits) {
        return execute(command, s -> LoanAccountDecider.close(s, command, context(actor, clock, limits)));
    }

    @EventSourcingHandler
    void on(AccountEvent event, MetaData metaData) {
        if (event instanceof AccountOpened) {
            accountId = event.accountId();
        }
        state = AccountFold.evolve(state == null ? AccountState.unopened(event.accountId()) : state, event);
        Object link = metaData.get(HashChain.METADATA_KEY);
        if (link != null) {
            chainHead = link.toString();
        }
        if (event.requestId() != null) {
            remember(event, (String) metaData.get(REQUEST_HASH));
        }
    }

    private CommandOutcome execute(AccountCommand command, Function<AccountState, List<AccountEvent>> decision) {
        String requestHash = requestHash(command);
        if (command.requestId() != null) {
            AppliedRequest prior = appliedRequests.get(command.requestId());
            if (prior != null) {
                if (prior.requestHash().equals(requestHash)) {
                    return prior.outcome(state, command.requestId());
                }
                throw new CommandRefusedException(RefusalCode.IDEMPOTENCY_KEY_REUSED, state.accountId(),
                        "idempotency key " + command.requestId() + " was already used for a different request",
                        Map.of("requestId", command.requestId()));
            }
        }
        List<AccountEvent> events = decision.apply(state);
        for (AccountEvent event : events) {
            String link = HashChain.link(chainHead, state.nextSequence(), event.occurredAt(), event);
            MetaData metaData = MetaData.with(HashChain.METADATA_KEY, link);
            if (command.requestId() != null) {
                metaData = metaData.and(REQUEST_HASH, requestHash);
            }
            apply(event, metaData);
        }
        if (command.requestId() != null) {
            return appliedRequests.get(command.requestId()).outcome(state, command.requestId());
        }
        return CommandOutcome.of(state, events.get(0));
    }

    private void remember(AccountEvent event, String requestHash) {
        AppliedRequest prior = appliedRequests.get(event.requestId());
        AppliedRequest applied = prior == null
                ? AppliedRequest.first(requestHash, state, event)
                : prior.followedBy(state);
        appliedRequests.put(event.requestId(), applied);
        Iterator<String> oldest = appliedRequests.keySet().iterator();
        while (appliedRequests.size() > REMEMBERED_REQUESTS) {
            oldest.next();
            oldest.remove();
        }
    }

    /** The request's identity for idempotency: everything it asks for, but not the key it was sent with. */
    static String requestHash(AccountCommand command) {
        return Canonical.sha256(command.getClass().getSimpleName() + Canonical.of(command, Set.of("requestId")));
    }

    private static DecisionContext context(String actor, Clock clock, LedgerLimits limits) {
        return new DecisionContext(clock.instant(), actor == null ? UNKNOWN_ACTOR : actor, limits);
    }

    /** The account as its events made it; for tests and diagnostics. */
    AccountState state() {
        return state;
    }
}
