package org.loanledger.query.ops;

import java.util.List;
import org.bson.Document;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.Restriction;
import org.loanledger.shared.money.Money;

/**
 * What one account adds to the portfolio totals: its status, limit and outstanding (in minor units, exact) and one
 * count per restriction in force. The totals are the sum of every account's contribution.
 */
record PortfolioContribution(String status, String currency, long creditLimitMinor, long outstandingMinor,
                             List<String> reasonCodes) {

    static final PortfolioContribution NONE = new PortfolioContribution(null, null, 0, 0, List.of());

    static PortfolioContribution of(AccountState state) {
        if (!state.opened()) {
            return NONE;
        }
        return new PortfolioContribution(state.status().name(), state.currency(), minor(state.creditLimit()),
                minor(state.outstanding()), state.restrictions().stream().map(Restriction::reasonCode).map(Enum::name)
                .toList());
    }

    Document toDocument() {
        return new Document("status", status).append("currency", currency)
                .append("creditLimitMinor", creditLimitMinor).append("outstandingMinor", outstandingMinor)
                .append("reasonCodes", reasonCodes);
    }

    static PortfolioContribution fromDocument(Document document) {
        if (document == null || document.getString("status") == null) {
            return NONE;
        }
        return new PortfolioContribution(document.getString("status"), document.getString("currency"),
                document.get("creditLimitMinor", Number.class).longValue(),
                document.get("outstandingMinor", Number.class).longValue(), document.getList("reasonCodes", String.class));
    }

    /** Adds {@code sign} times this contribution to the totals' increments. */
    void addTo(Document increments, int sign) {
        if (status == null) {
            return;
        }
        add(increments, "accountsByStatus." + status, sign);
        add(increments, "byCurrency." + currency + ".accounts", sign);
        add(increments, "byCurrency." + currency + ".creditLimitMinor", sign * creditLimitMinor);
        add(increments, "byCurrency." + currency + ".outstandingMinor", sign * outstandingMinor);
        for (String reasonCode : reasonCodes) {
            add(increments, "restrictionsByReasonCode." + reasonCode, sign);
        }
    }

    private static void add(Document increments, String key, long value) {
        long sum = increments.get(key, 0L) + value;
        if (sum == 0) {
            increments.remove(key);
        } else {
            increments.put(key, sum);
        }
    }

    private static long minor(Money money) {
        return money.amount().movePointRight(Money.SCALE).longValueExact();
    }
}
