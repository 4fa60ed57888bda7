package org.loanledger.query.history;

import java.util.List;
import java.util.Map;
import org.loanledger.query.account.AccountQueryController;
import org.loanledger.query.projection.MinVersionWait;
import org.loanledger.query.web.QueryProblemException;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/accounts/{id}/history?after=SEQ&limit=N}: the account's events, oldest first, a page at a time. */
@RestController
@RequestMapping(path = "/api/accounts", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class AccountHistoryController {

    /** The largest page: bounded so one request reads at most this many entries by id. */
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 100;

    private final AccountHistoryStore store;
    private final MinVersionWait minVersionWait;
    private final PersonalTextCipher cipher;

    public AccountHistoryController(AccountHistoryStore store, MinVersionWait minVersionWait, PersonalTextCipher cipher) {
        this.store = store;
        this.minVersionWait = minVersionWait;
        this.cipher = cipher;
    }

    /**
     * @param next the {@code after} of the next page, or null when this page reached the last entry the view has
     */
    public record HistoryPage(List<Map<String, Object>> items, Long next) {
    }

    @GetMapping("/{accountId}/history")
    public Mono<HistoryPage> history(@PathVariable String accountId,
                                     @RequestParam(required = false) Long after,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) Long minVersion) {
        AccountQueryController.requireId(accountId);
        long from = after == null ? -1 : after;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < -1) {
            throw QueryProblemException.invalid("after must be -1 or more");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw QueryProblemException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return minVersionWait.await(AccountHistoryProjection.PROCESSING_GROUP, accountId, minVersion,
                        () -> store.versionAtLeast(accountId, minVersion))
                .then(Mono.fromCallable(() -> page(accountId, from, size)).subscribeOn(Schedulers.boundedElastic()));
    }

    private HistoryPage page(String accountId, long after, int limit) {
        // One entry more than asked tells whether there is a next page without a second round of reads.
        var entries = store.page(accountId, after, limit + 1)
                .orElseThrow(() -> QueryProblemException.accountNotFound(accountId));
        boolean more = entries.size() > limit;
        var items = entries.stream().limit(limit).map(entry -> HistoryEntry.toItem(entry, cipher)).toList();
        Long next = more ? (Long) items.get(items.size() - 1).get(HistoryEntry.SEQUENCE) : null;
        return new HistoryPage(items, next);
    }
}
