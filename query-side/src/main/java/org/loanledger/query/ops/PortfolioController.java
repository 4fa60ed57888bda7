package org.loanledger.query.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.money.Money;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/portfolio}: accounts by status, totals per currency, restrictions in force by reason code. */
@RestController
public class PortfolioController {

    private final PortfolioStore store;

    public PortfolioController(PortfolioStore store) {
        this.store = store;
    }

    public record CurrencyTotals(String currency, long accounts, String totalCreditLimit, String totalOutstanding) {
    }

    public record Portfolio(Map<String, Long> accountsByStatus, List<CurrencyTotals> totals,
                            Map<String, Long> restrictionsByReasonCode) {
    }

    @GetMapping(path = "/api/portfolio", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<Portfolio> portfolio() {
        return Mono.fromCallable(() -> of(store.totals().orElse(new Document())))
                .subscribeOn(Schedulers.boundedElastic());
    }

    public static Portfolio of(Document totals) {
        Map<String, Long> byStatus = new TreeMap<>();
        for (AccountStatus status : AccountStatus.values()) {
            byStatus.put(status.name(), 0L);
        }
        counts(totals.get("accountsByStatus", Document.class)).forEach(byStatus::put);
        List<CurrencyTotals> perCurrency = new ArrayList<>();
        Document byCurrency = totals.get("byCurrency", Document.class);
        if (byCurrency != null) {
            new TreeMap<>(byCurrency).forEach((currency, value) -> {
                Document sums = (Document) value;
                perCurrency.add(new CurrencyTotals(currency, number(sums, "accounts"),
                        amount(currency, number(sums, "creditLimitMinor")),
                        amount(currency, number(sums, "outstandingMinor"))));
            });
        }
        return new Portfolio(byStatus, perCurrency, counts(totals.get("restrictionsByReasonCode", Document.class)));
    }

    private static Map<String, Long> counts(Document document) {
        Map<String, Long> counts = new TreeMap<>();
        if (document != null) {
            document.forEach((key, value) -> {
                long count = ((Number) value).longValue();
                if (count != 0) {
                    counts.put(key, count);
                }
            });
        }
        return counts;
    }

    private static long number(Document document, String key) {
        Object value = document.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }

    private static String amount(String currency, long minor) {
        return Money.of(currency, BigDecimal.valueOf(minor, Money.SCALE)).toPlainString();
    }
}
