package org.loanledger.query.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

/** Events as the command side records them, for feeding projections in tests. */
public final class AccountEvents {

    public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private AccountEvents() {
    }

    public static Money cny(String amount) {
        return Money.of("CNY", amount);
    }

    public static AccountOpened opened(String accountId, String limit) {
        return new AccountOpened(accountId, "cust-" + accountId, "CNY", cny(limit), T0, "lender", "open-" + accountId);
    }

    public static FundsBorrowed borrowed(String accountId, String drawdownId, String amount, int minutesLater) {
        Instant at = T0.plusSeconds(60L * minutesLater);
        return new FundsBorrowed(accountId, drawdownId, cny(amount), 30, LocalDate.parse("2026-02-04"), at, "lender",
                "borrow-" + drawdownId);
    }

    public static RepaymentReceived repaid(String accountId, String drawdownId, String amount, String remaining,
                                           int minutesLater) {
        Instant at = T0.plusSeconds(60L * minutesLater);
        boolean settled = cny(remaining).zeroAmount();
        RepaymentAllocation allocation = new RepaymentAllocation(drawdownId, cny(amount), cny(remaining),
                LocalDate.parse("2026-02-04"), true, settled);
        return new RepaymentReceived(accountId, cny(amount), List.of(allocation), true, !settled, at, "lender",
                "repay-" + accountId + "-" + minutesLater);
    }

    public static AccountFrozen frozen(String accountId, ReasonCode reason, int minutesLater) {
        return new AccountFrozen(accountId, reason, PersonalText.clear("risk review"), T0.plusSeconds(60L * minutesLater), "ops",
                "freeze-" + accountId + "-" + minutesLater);
    }

    public static AccountUnfrozen unfrozen(String accountId, List<Long> lifted, int minutesLater) {
        return new AccountUnfrozen(accountId, ReasonCode.APPEAL_UPHELD, PersonalText.clear("appeal upheld"), lifted,
                T0.plusSeconds(60L * minutesLater), "ops", "unfreeze-" + accountId + "-" + minutesLater);
    }

    public static CreditLimitChanged limitCut(String accountId, String from, int minutesLater) {
        return new CreditLimitChanged(accountId, cny(from), cny("0.00"), ReasonCode.MODEL_RESCORE, PersonalText.clear("rescored"),
                true, List.of(), T0.plusSeconds(60L * minutesLater), "risk-model", "cut-" + accountId + "-" + minutesLater);
    }

    public static AccountClosed closed(String accountId, int minutesLater) {
        return new AccountClosed(accountId, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("customer asked"),
                T0.plusSeconds(60L * minutesLater), "ops", "close-" + accountId);
    }

    /** An appeal filed {@code minutesLater} against the restriction at {@code restrictionSequence}, due 72 hours later. */
    public static AppealFiled appealFiled(String accountId, String appealId, long restrictionSequence, int minutesLater) {
        Instant at = T0.plusSeconds(60L * minutesLater);
        return new AppealFiled(accountId, appealId, restrictionSequence, PersonalText.clear("I repaid everything on time"),
                at.plusSeconds(72L * 3600), at, "lender", "appeal-" + appealId);
    }

    public static AppealDecided appealDecided(String accountId, String appealId, AppealDecision decision, String note,
                                              int minutesLater) {
        return new AppealDecided(accountId, appealId, decision, PersonalText.clear(note), T0.plusSeconds(60L * minutesLater), "ops",
                "decide-" + appealId);
    }
}
