package org.loanledger.shared.account;

import java.time.Instant;

/**
 * A fact about one account, kept forever. Corrections are new events, never edits.
 *
 * <p>Every event says when it happened ({@code occurredAt}, from the deciding side's clock), who or what caused it
 * ({@code actor}) and, when it answered a client request, that request's idempotency key ({@code requestId}).
 */
public sealed interface AccountEvent permits AccountOpened, FundsBorrowed, RepaymentReceived, AccountFrozen,
        AccountUnfrozen, CreditLimitChanged, AccountClosed, CreditScoreRecorded, RiskSignalRecorded, DrawdownOverdue,
        AppealFiled, AppealDecided, PersonalDataErased {

    String accountId();

    Instant occurredAt();

    String actor();

    /** The idempotency key of the request that caused this event, or null for events the ledger caused itself. */
    String requestId();
}
