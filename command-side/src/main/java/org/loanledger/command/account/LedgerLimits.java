package org.loanledger.command.account;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The business limits every command is checked against.
 *
 * @param maxAmount          the largest amount one request may carry (borrowing, repayment or credit limit): a typo
 *                           of a few zeros must be refused, not booked
 * @param minTermDays        the shortest term a drawdown may have: a drawdown is due at least the next day
 * @param maxTermDays        the longest term a drawdown may have: this product lends for at most a year at a time
 * @param maxNoteLength      the longest free-text note: enough for a reasoned decision, not for a document dump
 * @param appealServiceLevel how long ops have to decide an appeal: the article's customers waited with no answer
 */
@ConfigurationProperties("ledger.limits")
public record LedgerLimits(@DefaultValue("1000000.00") BigDecimal maxAmount,
                           @DefaultValue("1") int minTermDays,
                           @DefaultValue("365") int maxTermDays,
                           @DefaultValue("1000") int maxNoteLength,
                           @DefaultValue("72h") Duration appealServiceLevel) {

    @ConstructorBinding
    public LedgerLimits {
    }

    /** The limits with the default appeal service level of 72 hours. */
    public LedgerLimits(BigDecimal maxAmount, int minTermDays, int maxTermDays, int maxNoteLength) {
        this(maxAmount, minTermDays, maxTermDays, maxNoteLength, DEFAULT_APPEAL_SERVICE_LEVEL);
    }

    public static final Duration DEFAULT_APPEAL_SERVICE_LEVEL = Duration.ofHours(72);

    public static LedgerLimits defaults() {
        return new LedgerLimits(new BigDecimal("1000000.00"), 1, 365, 1000, DEFAULT_APPEAL_SERVICE_LEVEL);
    }
}
