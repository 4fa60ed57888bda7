package org.loanledger.command.account.web;

import java.time.LocalDate;
import java.util.List;
import org.loanledger.command.account.CommandOutcome;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentReceived;

/** The response bodies of the command API; every amount is a string with exactly two decimals. */
public final class AccountResponses {

    private AccountResponses() {
    }

    public record AccountView(String accountId, String customerId, String currency, AccountStatus status,
                              String creditLimit, String outstanding, String available, long version) {

        public static AccountView of(CommandOutcome outcome) {
            return new AccountView(outcome.accountId(), outcome.customerId(), outcome.currency(), outcome.status(),
                    outcome.creditLimit().toPlainString(), outcome.outstanding().toPlainString(),
                    outcome.available().toPlainString(), outcome.version());
        }
    }

    public record Borrowed(String accountId, String drawdownId, String amount, LocalDate dueDate, int termDays,
                           String channel, String outstanding, String available, long version) {

        static Borrowed of(CommandOutcome outcome) {
            FundsBorrowed borrowed = outcome.borrowed();
            return new Borrowed(outcome.accountId(), borrowed.drawdownId(), borrowed.amount().toPlainString(),
                    borrowed.dueDate(), borrowed.termDays(), borrowed.channel(), outcome.outstanding().toPlainString(),
                    outcome.available().toPlainString(), outcome.version());
        }
    }

    public record Allocation(String drawdownId, String principal, String remaining, boolean settled) {
    }

    public record Repaid(String accountId, String amount, List<Allocation> allocations, boolean early,
                         boolean partialEarly, String outstanding, String available, long version) {

        static Repaid of(CommandOutcome outcome) {
            RepaymentReceived repaid = outcome.repaid();
            List<Allocation> allocations = repaid.allocations().stream()
                    .map(a -> new Allocation(a.drawdownId(), a.principal().toPlainString(),
                            a.remaining().toPlainString(), a.settled()))
                    .toList();
            return new Repaid(outcome.accountId(), repaid.amount().toPlainString(), allocations, repaid.early(),
                    repaid.partialEarly(), outcome.outstanding().toPlainString(), outcome.available().toPlainString(),
                    outcome.version());
        }
    }
}
