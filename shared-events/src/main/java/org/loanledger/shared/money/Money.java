package org.loanledger.shared.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of one currency, always held at scale 2.
 *
 * <p>Construction never rounds: an amount with more than two decimals is refused, so a value that reaches the
 * ledger is exactly the value that was asked for. Only ISO 4217 currencies with two minor digits are accepted,
 * because every amount the ledger stores and answers has exactly two decimals.
 */
public record Money(String currency, BigDecimal amount) implements Comparable<Money> {

    /** Every amount is stored and answered with exactly this many decimals. */
    public static final int SCALE = 2;

    public Money {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(amount, "amount");
        requireSupportedCurrency(currency);
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more than " + SCALE + " decimals");
        }
        amount = amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    public static Money of(String currency, String amount) {
        return new Money(currency, new BigDecimal(amount));
    }

    public static Money of(String currency, BigDecimal amount) {
        return new Money(currency, amount);
    }

    public static Money zero(String currency) {
        return new Money(currency, BigDecimal.ZERO);
    }

    /** Throws unless the code names an ISO 4217 currency whose minor unit has two digits. */
    public static void requireSupportedCurrency(String currency) {
        Currency iso;
        try {
            iso = Currency.getInstance(currency);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("currency '" + currency + "' is not an ISO 4217 code");
        }
        if (iso.getDefaultFractionDigits() != SCALE) {
            throw new IllegalArgumentException("currency " + currency + " does not have " + SCALE + " minor digits");
        }
    }

    public Money plus(Money other) {
        return new Money(currency, amount.add(sameCurrency(other).amount));
    }

    public Money minus(Money other) {
        return new Money(currency, amount.subtract(sameCurrency(other).amount));
    }

    /** This amount less the other, but never below zero. */
    public Money minusFloorZero(Money other) {
        Money difference = minus(other);
        return difference.negative() ? zero(currency) : difference;
    }

    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    public boolean zeroAmount() {
        return amount.signum() == 0;
    }

    public boolean positive() {
        return amount.signum() > 0;
    }

    public boolean negative() {
        return amount.signum() < 0;
    }

    public boolean greaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(sameCurrency(other).amount);
    }

    /** The amount as the API writes it: plain decimal digits with exactly two decimals. */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency;
    }

    private Money sameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
        return other;
    }
}
