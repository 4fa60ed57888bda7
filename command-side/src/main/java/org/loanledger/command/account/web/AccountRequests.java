package org.loanledger.command.account.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.support.web.InvalidRequestException;

/** The request bodies of the command API. Amounts are decimal strings; their shape is checked here, their limits by the account. */
public final class AccountRequests {

    /** A positive-looking decimal with at most two decimals and no sign, exponent, space or separator. */
    public static final String AMOUNT = "^(0|[1-9][0-9]{0,20})(\\.[0-9]{1,2})?$";
    public static final String AMOUNT_MESSAGE = "must be a decimal string such as \"1200.00\", with at most 2 decimals";
    public static final String ID = "^[A-Za-z0-9._-]{1,64}$";
    /** {@link #ID}, compiled once: every command's path carries an account identifier. */
    private static final java.util.regex.Pattern ID_PATTERN = java.util.regex.Pattern.compile(ID);
    public static final String ID_MESSAGE = "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
    public static final String CURRENCY = "^[A-Z]{3}$";
    public static final String CURRENCY_MESSAGE = "must be an ISO 4217 code such as \"CNY\"";
    /** Notes say why in a sentence or a paragraph; the account enforces the configured maximum. */
    public static final int NOTE_MAX = 4000;

    private AccountRequests() {
    }

    /** A path id, checked like body ids: refused with 400 before it becomes part of a command. */
    public static String requireId(String field, String id) {
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw new InvalidRequestException(field + " " + ID_MESSAGE);
        }
        return id;
    }

    /**
     * An amount the pattern already checked, at scale 2: "100", "100.0" and "100.00" are the same request, so a
     * retry that writes the amount differently is recognised as a repeat rather than refused as a reused key.
     */
    public static BigDecimal amount(String checked) {
        return new BigDecimal(checked).setScale(2, RoundingMode.UNNECESSARY);
    }

    public static String requireAccountId(String accountId) {
        return requireId("accountId", accountId);
    }

    public record OpenAccount(@Pattern(regexp = ID, message = ID_MESSAGE) String accountId,
                              @NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String customerId,
                              @NotNull @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
                              @NotNull @Pattern(regexp = AMOUNT, message = AMOUNT_MESSAGE) String creditLimit) {
    }

    public record Borrow(@NotNull @Pattern(regexp = AMOUNT, message = AMOUNT_MESSAGE) String amount,
                         @NotNull Integer termDays,
                         @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency,
                         @Pattern(regexp = "^[A-Z][A-Z0-9_]{0,31}$", message = "must be an upper-case code such as APP") String channel) {
    }

    public record Repay(@NotNull @Pattern(regexp = AMOUNT, message = AMOUNT_MESSAGE) String amount,
                        @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency) {
    }

    public record Reason(@NotNull ReasonCode reasonCode, @NotBlank @Size(max = NOTE_MAX) String note) {
    }

    public record CreditLimit(@NotNull @Pattern(regexp = AMOUNT, message = AMOUNT_MESSAGE) String creditLimit,
                              @NotNull ReasonCode reasonCode,
                              @NotBlank @Size(max = NOTE_MAX) String note,
                              @Pattern(regexp = CURRENCY, message = CURRENCY_MESSAGE) String currency) {
    }
}
