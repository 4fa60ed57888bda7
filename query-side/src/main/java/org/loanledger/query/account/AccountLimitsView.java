package org.loanledger.query.account;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.Drawdown;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.account.RestrictionKind;

/** The answer of {@code GET /api/accounts/{id}}: the account view of API.md with its restriction and open drawdowns. */
public record AccountLimitsView(String accountId, String customerId, String currency, AccountStatus status,
                                String creditLimit, String outstanding, String available, long version,
                                RestrictionView restriction, List<DrawdownView> drawdowns, Instant updatedAt) {

    public static AccountLimitsView of(AccountState state) {
        return new AccountLimitsView(state.accountId(), state.customerId(), state.currency(), state.status(),
                state.creditLimit().toPlainString(), state.outstanding().toPlainString(),
                state.available().toPlainString(), state.version(),
                state.restrictionInForce().map(RestrictionView::of).orElse(null),
                state.drawdowns().stream().map(DrawdownView::of).toList(), state.updatedAt());
    }

    /** The restriction that answers "why can't this account borrow?". */
    public record RestrictionView(RestrictionKind kind, ReasonCode reasonCode, Instant since, long eventSequence) {

        public static RestrictionView of(Restriction restriction) {
            return new RestrictionView(restriction.kind(), restriction.reasonCode(), restriction.since(),
                    restriction.eventSequence());
        }
    }

    public record DrawdownView(String drawdownId, String principal, String outstanding, int termDays,
                               LocalDate dueDate, Instant borrowedAt, long sequence) {

        static DrawdownView of(Drawdown drawdown) {
            return new DrawdownView(drawdown.drawdownId(), drawdown.principal().toPlainString(),
                    drawdown.outstanding().toPlainString(), drawdown.termDays(), drawdown.dueDate(),
                    drawdown.borrowedAt(), drawdown.sequence());
        }
    }
}
