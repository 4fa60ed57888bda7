package org.loanledger.command.account;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.money.Money;

/**
 * A client request the account has applied, remembered by its idempotency key with only what a lookup needs and
 * the account's figures once the request was done. The borrowing, repayment or appeal the first answer carried is
 * not kept: it is the request's first event, read back from the event store on the rare repeat.
 *
 * <p>Every snapshot of the account carries up to {@link LoanAccount#REMEMBERED_REQUESTS} of these, so each is
 * stored as one short string (about 60 characters) that reads back without parsing a nested document; it is
 * decoded only when the key is seen again.
 *
 * @param packed the remembered request: see {@link #first} for its parts
 */
public record AppliedRequest(@JsonValue String packed) {

    /**
     * How much of the request hash is kept: 128 bits. Two different requests sent with one key whose hashes agree
     * this far would take a chance of 2^-128 each; only the client that reused its own key could be misanswered.
     */
    private static final int KEPT_HASH_HEX = 32;

    /** Stands in for the hash of a request stored without one: no request matches it. */
    private static final String NO_HASH = "?";

    /** What the first answer carried besides the account's figures, named by the request's first event. */
    enum Answered {
        NOTHING('-'), BORROWING('B'), REPAYMENT('R'), APPEAL('A');

        private final char code;

        Answered(char code) {
            this.code = code;
        }

        static Answered of(AccountEvent event) {
            if (event instanceof FundsBorrowed) {
                return BORROWING;
            }
            if (event instanceof RepaymentReceived) {
                return REPAYMENT;
            }
            return event instanceof AppealFiled ? APPEAL : NOTHING;
        }

        static Answered of(char code) {
            for (Answered answered : values()) {
                if (answered.code == code) {
                    return answered;
                }
            }
            throw new IllegalArgumentException("no remembered answer kind " + code);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public AppliedRequest {
        if (packed == null || packed.isBlank()) {
            throw new IllegalArgumentException("a remembered request cannot be empty");
        }
    }

    /**
     * What the first event of a request leaves to remember: the request's shortened hash, the sequence of that
     * event, how many events the request has so far, what the answer carries, and the account's status, limit and
     * outstanding after it (the available amount follows from these three).
     */
    static AppliedRequest first(String requestHash, AccountState after, AccountEvent event) {
        return of(shorten(requestHash), after.version(), 1, Answered.of(event), after);
    }

    /** The same request once a follow-up event it caused has been applied too. */
    AppliedRequest followedBy(AccountState after) {
        String[] parts = parts();
        long first = Long.parseLong(parts[1]);
        return of(parts[0], first, after.version() - first + 1, Answered.of(parts[3].charAt(0)), after);
    }

    private static AppliedRequest of(String hash, long firstSequence, long events, Answered answered,
                                     AccountState after) {
        return new AppliedRequest(hash + ' ' + firstSequence + ' ' + events + ' ' + answered.code + ' '
                + after.status().name() + ' ' + after.creditLimit().amount().toPlainString() + ' '
                + after.outstanding().amount().toPlainString());
    }

    /** Whether a request with this (full) hash is the one remembered. */
    boolean isRequest(String requestHash) {
        return packed.startsWith(shorten(requestHash) + ' ');
    }

    /** The sequence of the request's first event, the one a repeat's answer may carry. */
    long firstSequence() {
        return Long.parseLong(parts()[1]);
    }

    /** Whether the answer carries the request's first event, so a repeat must read it back. */
    boolean answersWithFirstEvent() {
        return answered() != Answered.NOTHING;
    }

    Answered answered() {
        return Answered.of(parts()[3].charAt(0));
    }

    /**
     * The answer the request got, for the account it was applied to; {@code firstEvent} is the request's first
     * event (ignored, and may be null, when the answer does not carry it). The first answer and every repeat are
     * made here, so they are the same.
     */
    CommandOutcome outcome(AccountState account, AccountEvent firstEvent) {
        String[] parts = parts();
        long version = Long.parseLong(parts[1]) + Long.parseLong(parts[2]) - 1;
        Answered answered = Answered.of(parts[3].charAt(0));
        if (answered != Answered.NOTHING && Answered.of(firstEvent) != answered) {
            throw new IllegalStateException("request answered with a " + answered + " has first event " + firstEvent);
        }
        String currency = account.currency();
        AccountStatus status = AccountStatus.valueOf(parts[4]);
        Money creditLimit = Money.of(currency, new BigDecimal(parts[5]));
        Money outstanding = Money.of(currency, new BigDecimal(parts[6]));
        Money available = status == AccountStatus.ACTIVE ? creditLimit.minusFloorZero(outstanding)
                : Money.zero(currency);
        return new CommandOutcome(account.accountId(), account.customerId(), currency, status, creditLimit,
                outstanding, available, version,
                answered == Answered.BORROWING ? (FundsBorrowed) firstEvent : null,
                answered == Answered.REPAYMENT ? (RepaymentReceived) firstEvent : null,
                answered == Answered.APPEAL ? withoutStatement((AppealFiled) firstEvent) : null);
    }

    /** An appeal as an answer shows it: its statement is the customer's own words and is not repeated back. */
    private static AppealFiled withoutStatement(AppealFiled e) {
        return new AppealFiled(e.accountId(), e.appealId(), e.restrictionSequence(), null, e.dueBy(), e.occurredAt(),
                e.actor(), e.requestId());
    }

    private String[] parts() {
        String[] parts = packed.split(" ");
        if (parts.length != 7) {
            throw new IllegalStateException("malformed remembered request: " + packed);
        }
        return parts;
    }

    /** The leading 128 bits of a SHA-256 hex hash, in base64url: 22 characters instead of 64. */
    static String shorten(String requestHash) {
        if (requestHash == null) {
            return NO_HASH;
        }
        byte[] leading = HexFormat.of().parseHex(requestHash, 0, KEPT_HASH_HEX);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(leading);
    }
}
