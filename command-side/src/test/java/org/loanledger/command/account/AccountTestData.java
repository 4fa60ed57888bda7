package org.loanledger.command.account;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.loanledger.shared.personal.PersonalText;

/** Accounts, events and matchers the aggregate tests share. */
final class AccountTestData {

    static final String ACCOUNT = "acc-1";
    static final String CUSTOMER = "cust-1";
    static final String CUSTOMER_ACTOR = "customer:cust-1";
    static final String OPS_ACTOR = "ops:alice";
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2025, 3, 1);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final LedgerLimits LIMITS = LedgerLimits.defaults();
    /**
     * The ledger's mechanics are tested without risk rules; the rules have their own tests, where a rule tripping is
     * the point rather than a side effect of borrowing often.
     */
    static final RiskPolicies NO_RULES = new RiskPolicies(Map.of(), RiskPolicy.PERMISSIVE);

    private AccountTestData() {
    }

    static Money eur(String amount) {
        return Money.of("EUR", amount);
    }

    static BigDecimal dec(String amount) {
        return new BigDecimal(amount);
    }

    static Instant minutesBefore(int minutes) {
        return NOW.minusSeconds(60L * minutes);
    }

    static Map<String, String> actor(String actor) {
        return Map.of(LoanAccount.ACTOR, actor);
    }

    static CommandMessage<?> by(String actor, AccountCommand command) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(actor(actor));
    }

    static AccountOpened opened(String limit) {
        return new AccountOpened(ACCOUNT, CUSTOMER, "EUR", eur(limit), minutesBefore(600), OPS_ACTOR, null);
    }

    static FundsBorrowed borrowed(String drawdownId, String amount, LocalDate due, int minutesAgo) {
        return new FundsBorrowed(ACCOUNT, drawdownId, eur(amount), 30, due, minutesBefore(minutesAgo), CUSTOMER_ACTOR,
                null);
    }

    static AccountFrozen frozen(ReasonCode reason, int minutesAgo) {
        return new AccountFrozen(ACCOUNT, reason, PersonalText.clear("tripped"), minutesBefore(minutesAgo), "risk-engine", null);
    }

    static CreditLimitChanged limitCut(String from, String to, int minutesAgo) {
        return new CreditLimitChanged(ACCOUNT, eur(from), eur(to), ReasonCode.MODEL_RESCORE, PersonalText.clear("model v7"), true,
                List.of(), minutesBefore(minutesAgo), "model-v7", null);
    }

    /** An event as the aggregate stores it when it answers a request: with the request's hash in the metadata. */
    static EventMessage<?> answering(AccountCommand command, AccountEvent event) {
        return GenericEventMessage.asEventMessage(event)
                .withMetaData(MetaData.with(LoanAccount.REQUEST_HASH, LoanAccount.requestHash(command)));
    }

    static Matcher<Throwable> refused(RefusalCode code) {
        return refused(code, Map.of());
    }

    /** A refusal with the code and at least the given decision values. */
    static Matcher<Throwable> refused(RefusalCode code, Map<String, String> values) {
        return refused(code, ACCOUNT, values);
    }

    static Matcher<Throwable> refused(RefusalCode code, String accountId, Map<String, String> values) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable thrown) {
                return thrown instanceof CommandRefusedException refusal && refusal.code() == code
                        && refusal.values().entrySet().containsAll(values.entrySet())
                        && java.util.Objects.equals(accountId, refusal.accountId());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("refusal ").appendValue(code).appendText(" of ").appendValue(accountId)
                        .appendText(" with values ").appendValue(values);
            }

            @Override
            protected void describeMismatchSafely(Throwable thrown, Description description) {
                if (thrown instanceof CommandRefusedException refusal) {
                    description.appendText("was refusal ").appendValue(refusal.code()).appendText(" of ")
                            .appendValue(refusal.accountId()).appendText(" with values ")
                            .appendValue(refusal.values()).appendText(": ").appendText(refusal.getMessage());
                } else {
                    description.appendText("was ").appendValue(thrown);
                }
            }
        };
    }
}
