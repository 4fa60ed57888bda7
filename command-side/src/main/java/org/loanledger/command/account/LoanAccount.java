package org.loanledger.command.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.Actors;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.DecideAppealCommand;
import org.loanledger.shared.account.EndCoolOffCommand;
import org.loanledger.shared.account.EraseCustomerDataCommand;
import org.loanledger.shared.account.FileAppealCommand;
import org.loanledger.shared.account.MarkOverdueCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RecordCreditScoreCommand;
import org.loanledger.shared.account.RecordRiskSignalCommand;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskEngine;
import org.loanledger.shared.risk.RiskFacts;
import org.loanledger.shared.risk.RiskPolicies;
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
import org.loanledger.shared.personal.PersonalText;

/**
 * One customer's credit line, as an Axon aggregate: a thin shell over {@link LoanAccountDecider} and
 * {@link AccountFold}.
 *
 * <p>The shell adds what only the write side needs: the idempotency memory (a repeated request returns the first
 * outcome and applies nothing; a reused key with another request is refused), the hash-chain link each new event
 * carries in its metadata, and the facts the active risk policy counts, which it evaluates after every event of a
 * command. All are rebuilt from the events and their metadata, so snapshots and replays agree.
 *
 * <p>The revision names the form of the account's snapshot. Axon reads only snapshots of this revision, so after a
 * change of form an account's older snapshot is passed over and the account is rebuilt from its events (and
 * snapshotted anew); revision 2 remembers requests compactly ({@link AppliedRequest}, {@link RememberedRequests}).
 */
@Revision("2")
@Aggregate(snapshotTriggerDefinition = "loanAccountSnapshotTrigger", cache = "loanAccountCache",
        commandTargetResolver = "accountCommandTargets")
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
    private RememberedRequests appliedRequests = new RememberedRequests();
    private RiskFacts riskFacts = new RiskFacts();

    protected LoanAccount() {
        // for Axon: an empty account, then its events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandOutcome handle(OpenAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        if (state == null) {
            state = AccountState.unopened(command.accountId());
        }
        return execute(command, policies, eventStore, s -> LoanAccountDecider.open(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(BorrowCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.borrow(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(RepayCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.repay(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(FreezeAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.freeze(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(UnfreezeAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.unfreeze(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(ChangeCreditLimitCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.changeCreditLimit(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(CloseAccountCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.close(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(RecordCreditScoreCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.recordCreditScore(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(RecordRiskSignalCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.recordRiskSignal(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(MarkOverdueCommand command, Clock clock, LedgerLimits limits, RiskPolicies policies,
                                 EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.markOverdue(s, command, context(Actors.LEDGER, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(EndCoolOffCommand command, Clock clock, LedgerLimits limits, RiskPolicies policies,
                                 EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.endCoolOff(s, command, context(Actors.LEDGER, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(FileAppealCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.fileAppeal(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(DecideAppealCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.decideAppeal(s, command, context(actor, clock, limits)));
    }

    @CommandHandler
    public CommandOutcome handle(EraseCustomerDataCommand command, @MetaDataValue(ACTOR) String actor, Clock clock,
                                 LedgerLimits limits, RiskPolicies policies, EventStore eventStore) {
        return execute(command, policies, eventStore, s -> LoanAccountDecider.eraseCustomerData(s, command, context(actor, clock, limits)));
    }

    @EventSourcingHandler
    void on(AccountEvent event, MetaData metaData) {
        if (event instanceof AccountOpened) {
            accountId = event.accountId();
        }
        state = AccountFold.evolve(state == null ? AccountState.unopened(event.accountId()) : state, event);
        riskFacts.record(state.version(), event);
        Object link = metaData.get(HashChain.METADATA_KEY);
        if (link != null) {
            chainHead = link.toString();
        }
        if (event.requestId() != null) {
            remember(event, (String) metaData.get(REQUEST_HASH));
        }
    }

    private CommandOutcome execute(AccountCommand command, RiskPolicies policies, EventStore eventStore,
                                   Function<AccountState, List<AccountEvent>> decision) {
        String requestHash = requestHash(command);
        if (command.requestId() != null) {
            AppliedRequest prior = appliedRequests.get(command.requestId());
            if (prior != null) {
                if (prior.isRequest(requestHash)) {
                    return prior.outcome(state, prior.answersWithFirstEvent()
                            ? storedFirstEvent(eventStore, prior, command.requestId()) : null);
                }
                throw new CommandRefusedException(RefusalCode.IDEMPOTENCY_KEY_REUSED, state.accountId(),
                        "idempotency key " + command.requestId() + " was already used for a different request",
                        Map.of("requestId", command.requestId()));
            }
        }
        List<AccountEvent> events = decision.apply(state);
        for (AccountEvent event : events) {
            record(event, requestHash, command.requestId());
            // The risk policy decides in the same unit of work as the command that gave it cause, so the
            // decision is atomic with its trigger and sees exactly the facts recorded so far.
            RiskEngine.evaluate(policies.active(), riskFacts, state, state.version(), event)
                    .ifPresent(verdict -> record(restriction(verdict, event), requestHash, command.requestId()));
        }
        AppliedRequest applied = command.requestId() == null ? null : appliedRequests.get(command.requestId());
        if (applied != null) {
            AccountEvent first = events.stream().filter(e -> command.requestId().equals(e.requestId())).findFirst()
                    .orElseThrow();
            return applied.outcome(state, first);
        }
        return CommandOutcome.of(state, events.isEmpty() ? null : events.get(0));
    }

    /**
     * The first event of a remembered request, read back from the store: the memory keeps only where it is, so a
     * snapshot stays small, and a repeat that needs it (a borrowing, repayment or appeal) is rare.
     */
    private AccountEvent storedFirstEvent(EventStore eventStore, AppliedRequest prior, String requestId) {
        long sequence = prior.firstSequence();
        DomainEventStream stored = eventStore.readEvents(state.accountId(), sequence);
        if (stored.hasNext()) {
            DomainEventMessage<?> message = stored.next();
            if (message.getSequenceNumber() == sequence && message.getPayload() instanceof AccountEvent event
                    && requestId.equals(event.requestId())) {
                return event;
            }
        }
        throw new IllegalStateException("event " + sequence + " of account " + state.accountId()
                + " is not the first event of request " + requestId);
    }

    private void record(AccountEvent event, String requestHash, String requestId) {
        String link = HashChain.link(chainHead, state.nextSequence(), event.occurredAt(), event);
        MetaData metaData = MetaData.with(HashChain.METADATA_KEY, link);
        if (requestId != null) {
            metaData = metaData.and(REQUEST_HASH, requestHash);
        }
        apply(event, metaData);
    }

    /** The event that carries out what the risk policy decided after {@code trigger}. */
    private AccountEvent restriction(RiskEngine.Verdict verdict, AccountEvent trigger) {
        RiskDecision decision = verdict.decision();
        // The ledger's own words, about no person: kept in clear, so they outlive an erasure.
        PersonalText note = PersonalText.clear("rule " + decision.ruleId() + " of risk policy " + decision.policyVersion());
        if (verdict instanceof RiskEngine.Freeze) {
            return new AccountFrozen(state.accountId(), ReasonCode.RISK_RULE, note, decision, null, trigger.occurredAt(),
                    Actors.RISK_POLICY, trigger.requestId());
        }
        if (verdict instanceof RiskEngine.CutLimit cut) {
            return new CreditLimitChanged(state.accountId(), state.creditLimit(), Money.zero(state.currency()),
                    cut.reasonCode(), note, true, List.of(), decision, trigger.occurredAt(), Actors.RISK_POLICY,
                    trigger.requestId());
        }
        RiskEngine.Restore restore = (RiskEngine.Restore) verdict;
        return new CreditLimitChanged(state.accountId(), state.creditLimit(), restore.limit(), ReasonCode.RESCORED, note,
                false, restore.lifted(), decision, trigger.occurredAt(), Actors.RISK_POLICY, trigger.requestId());
    }

    private void remember(AccountEvent event, String requestHash) {
        AppliedRequest prior = appliedRequests.get(event.requestId());
        AppliedRequest applied = prior == null
                ? AppliedRequest.first(requestHash, state, event)
                : prior.followedBy(state);
        appliedRequests.put(event.requestId(), applied);
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
