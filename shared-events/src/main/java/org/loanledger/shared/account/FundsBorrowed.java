package org.loanledger.shared.account;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.money.Money;

/**
 * A drawdown: principal borrowed for {@code termDays}, due on {@code dueDate} (UTC).
 *
 * <p>Revision 2 added {@code channel}. Revision-1 events are read (upcast) with it null: the channel was not recorded
 * then, and a null component leaves the event's canonical form, and so its hash-chain link, as it was written.
 *
 * @param channel where the customer asked to borrow (for example {@code APP}, {@code WEB}, {@code PARTNER}), as the
 *                lending front-end reported it; null when not reported
 */
@Revision("2")
public record FundsBorrowed(String accountId, String drawdownId, Money amount, int termDays, LocalDate dueDate,
                            String channel, Instant occurredAt, String actor, String requestId) implements AccountEvent {

    /** A drawdown whose channel was not reported. */
    public FundsBorrowed(String accountId, String drawdownId, Money amount, int termDays, LocalDate dueDate,
                         Instant occurredAt, String actor, String requestId) {
        this(accountId, drawdownId, amount, termDays, dueDate, null, occurredAt, actor, requestId);
    }
}
