package org.loanledger.shared.account;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;

/**
 * A repayment and how it was allocated, earliest due drawdown first.
 *
 * @param early        it arrived before the due date of a drawdown it went to
 * @param partialEarly it arrived before a due date without settling that drawdown
 */
@Revision("1")
public record RepaymentReceived(String accountId, Money amount, List<RepaymentAllocation> allocations,
                                boolean early, boolean partialEarly, Instant occurredAt, String actor,
                                String requestId) implements AccountEvent {

    public RepaymentReceived {
        allocations = List.copyOf(allocations);
    }
}
